// The scenario YAML reader's limits: deep nesting, long lines and inherited key names are bad
// input with one line naming file and line, never a stack overflow or a changed prototype.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { MAX_INPUT_LINE, MAX_YAML_NESTING } from '../../src/trace/limits.js';
import { parseJsonl } from '../../src/trace/jsonl.js';
import { parseStrace } from '../../src/trace/strace-parse.js';
import { parseYaml } from '../../src/scenario/yaml.js';

function inputError(text: string): InputError {
  try {
    parseYaml(text, 'deep.yaml');
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('parsed');
}

describe('YAML limits', () => {
  it('5,000 levels of flow nesting are bad input naming the line', () => {
    const e = inputError(`a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(e.message).toMatch(/^deep\.yaml:1: .*nest/);
  });

  it('5,000 levels of flow mappings are bad input naming the line', () => {
    const e = inputError(`a: ${'{b: '.repeat(5000)}1${'}'.repeat(5000)}\n`);
    expect(e.message).toMatch(/^deep\.yaml:1: .*nest/);
  });

  it('5,000 levels of block nesting are bad input naming the line', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(inputError(text).message).toMatch(/^deep\.yaml:\d+: .*nest/);
  });

  it('nesting up to the limit is read', () => {
    const depth = MAX_YAML_NESTING - 1;
    expect(() => parseYaml(`a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`, 'ok.yaml')).not.toThrow();
  });

  it('an error about a 200 KB value is one short line', () => {
    const e = inputError(`a: [1] ${'x'.repeat(200_000)}\n`);
    expect(e.message.length).toBeLessThan(1100);
    expect(e.message).not.toContain('\n');
  });

  it('__proto__ as a key is an ordinary key, in block and flow mappings', () => {
    const block = parseYaml('__proto__:\n  polluted: 1\n', 'p.yaml') as Record<string, unknown>;
    expect(Object.getPrototypeOf(block)).toBe(Object.prototype);
    expect(Object.keys(block)).toEqual(['__proto__']);
    const flow = parseYaml('a: {__proto__: {polluted: 1}}\n', 'p.yaml') as Record<string, Record<string, unknown>>;
    expect(Object.getPrototypeOf(flow['a'])).toBe(Object.prototype);
    expect(Object.keys(flow['a'] ?? {})).toEqual(['__proto__']);
  });

  it('a duplicate key in a flow mapping is bad input, as in a block mapping', () => {
    expect(inputError('a: {b: 1, b: 2}\n').message).toMatch(/^deep\.yaml:1: duplicate key "b"/);
  });
});

describe('line length', () => {
  it('a line longer than MAX_INPUT_LINE is bad input naming it, in every input format', () => {
    const long = `a: "${'x'.repeat(MAX_INPUT_LINE + 1)}"`;
    expect(() => parseYaml(`name: x\n${long}\n`, 'long.yaml')).toThrow(/^long\.yaml:2: a line of \d+ bytes/);
    expect(() => parseJsonl(`\n\n${long}`, 'long.jsonl')).toThrow(/^long\.jsonl:3: a line of \d+ bytes/);
    expect(() => parseStrace(`100 ${long}`, 'long.log')).toThrow(/^long\.log:1: a line of \d+ bytes/);
  });
});
