// The playground's document is a scenario file cut into header and steps: joined again it is the
// same scenario to the parser, and a link's hash carries it and the step shown.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../../src/scenario/parse-text.js';
import {
  decodeState,
  EMPTY_HEADER,
  encodeState,
  scenarioText,
  splitScenarioText,
  stepLines,
} from '../../src/teach/playground/doc.js';
import { menuEntries } from '../../src/teach/playground/menu.js';
import { SCENARIO_DIR } from './helpers.js';

const ALL = readdirSync(SCENARIO_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));

/** A scenario without the line numbers its steps came from. */
const withoutLines = (sc: Scenario): unknown =>
  JSON.parse(JSON.stringify(sc, (k: string, v: unknown) => (k === 'line' || k === 'file' ? undefined : v)));

describe('the playground document', () => {
  it.each(ALL)('cuts %s into steps and joins them into the same scenario', (f) => {
    const text = readFileSync(join(SCENARIO_DIR, f), 'utf8');
    const doc = splitScenarioText(text);
    expect(withoutLines(parseScenario(scenarioText(doc), f))).toEqual(withoutLines(parseScenario(text, f)));
  });

  it('keeps a step written over several lines as one step', () => {
    const doc = splitScenarioText('name: x\nsteps:\n  - pid: 2\n    call: close\n    args: {fd: 3}\n  - {kill: [2]}\n');
    expect(doc.steps).toEqual(['pid: 2\ncall: close\nargs: {fd: 3}', '{kill: [2]}']);
  });

  it('gives the line each step begins on in the joined text', () => {
    const doc = { header: EMPTY_HEADER, steps: ['{backup: {}}', 'pid: 2\ncall: close\nargs: {fd: 3}', '{kill: [2]}'] };
    const lines = scenarioText(doc).split('\n');
    expect(stepLines(doc).map((l) => lines[l - 1])).toEqual(['  - {backup: {}}', '  - pid: 2', '  - {kill: [2]}']);
  });

  it('carries the document and the step shown through a URL hash', () => {
    const doc = {
      header: EMPTY_HEADER,
      steps: ['{call: open, args: {path: "/a b", flags: O_RDWR|O_CREAT, mode: 0600}}'],
    };
    const hash = `#${encodeState(doc, 0)}`;
    expect(new URL(`http://x/${hash}`).hash).toBe(hash);
    expect(decodeState(hash)).toEqual({ doc, at: 0 });
  });

  it('reads a hash naming no document as none, and a step out of range as the last', () => {
    expect(decodeState('#step-3')).toBeNull();
    const doc = { header: EMPTY_HEADER, steps: ['{backup: {}}'] };
    expect(decodeState(`#${encodeState(doc, 1).replace('at=1', 'at=9')}`)?.at).toBe(1);
  });
});

describe('the playground menu', () => {
  it.each(menuEntries().map((e) => [e.label, e.text]))('offers %s as a step the scenario parser accepts', (_, text) => {
    expect(() => parseScenario(scenarioText({ header: EMPTY_HEADER, steps: [text] }), 'menu')).not.toThrow();
  });
});
