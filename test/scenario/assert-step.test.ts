// An assert step checks the names in a directory; when it fails it says what it expected and what it found.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';

const lastStep = (asserted: string) => {
  const text = `name: t\nsteps:\n  - {call: mkdir, args: {path: /d, mode: 0755}}\n  - {call: mknod, args: {path: /d/a, mode: 0100644, dev: 0}}\n  - ${asserted}\n`;
  const r = runScenario(parseScenario(text, 't.yaml'));
  return r.steps[r.steps.length - 1];
};

describe('assert', () => {
  it('passes with the names found as its detail', () => {
    expect(lastStep('{assert: {dir: /d, names: [a]}}')).toMatchObject({ ok: true, detail: '[a]' });
  });

  it('a wrong list of names says the names expected and the names found', () => {
    expect(lastStep('{assert: {dir: /d, names: [b, a]}}')).toMatchObject({
      ok: false,
      detail: 'expected names [a, b], found 1 in [a]',
    });
  });

  it('a wrong count says the count expected and the names found', () => {
    expect(lastStep('{assert: {dir: /d, count: 2}}')).toMatchObject({
      ok: false,
      detail: 'expected 2 names, found 1 in [a]',
    });
  });

  it('a directory that cannot be listed says why', () => {
    expect(lastStep('{assert: {dir: /nowhere, count: 0}}')).toMatchObject({
      ok: false,
      detail: 'expected 0 names, found /nowhere cannot be listed (ENOENT)',
    });
  });
});
