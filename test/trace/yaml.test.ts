import { describe, expect, it } from 'vitest';
import { parseYaml, yamlLine, type YamlValue } from '../../src/scenario/yaml.js';

describe('the scenario YAML reader', () => {
  it('reads nested block mappings and sequences', () => {
    const doc = parseYaml(
      ['name: alias', 'fs: ext4', 'steps:', '  - call: openat', '    path: a', '  - call: close', '    fd: 3'].join(
        '\n',
      ),
      'x.yaml',
    );
    expect(doc).toEqual({
      name: 'alias',
      fs: 'ext4',
      steps: [
        { call: 'openat', path: 'a' },
        { call: 'close', fd: 3 },
      ],
    });
  });

  it('reads sequences at the same indentation as their key', () => {
    expect(parseYaml('steps:\n- a\n- b\n', 'x.yaml')).toEqual({ steps: ['a', 'b'] });
  });

  it('reads flow collections, quoted strings and plain scalars', () => {
    expect(parseYaml("a: [1, \"two\", x]\nb: {c: true, d: null}\ne: 'it''s'\nf: 0x1f\n", 'x.yaml')).toEqual({
      a: [1, 'two', 'x'],
      b: { c: true, d: null },
      e: "it's",
      f: 31,
    });
  });

  it('keeps "#" inside quotes and drops comments', () => {
    expect(parseYaml('a: "x # y" # comment\n# whole line\n', 'x.yaml')).toEqual({ a: 'x # y' });
  });

  it('reads literal and folded block strings', () => {
    expect(parseYaml('doc: |\n  line one\n  line two\nnext: 1\n', 'x.yaml')).toEqual({
      doc: 'line one\nline two\n',
      next: 1,
    });
    expect(parseYaml('doc: >\n  folded\n  text\n', 'x.yaml')).toEqual({ doc: 'folded text\n' });
  });

  it('names file and line for a line that is not "key: value"', () => {
    expect(() => parseYaml('a: 1\nnot a mapping\n', 'bad.yaml')).toThrow('bad.yaml:2:');
  });

  it('refuses duplicate keys with their line', () => {
    expect(() => parseYaml('a: 1\na: 2\n', 'dup.yaml')).toThrow('dup.yaml:2: duplicate key "a"');
  });

  it('refuses an unterminated flow sequence', () => {
    expect(() => parseYaml('a: [1, 2\n', 'f.yaml')).toThrow('f.yaml:1:');
  });

  it('refuses anchors and tabs', () => {
    expect(() => parseYaml('a: &x 1\n', 'f.yaml')).toThrow('f.yaml:1: anchors');
    expect(() => parseYaml('a:\n\tb: 1\n', 't.yaml')).toThrow('t.yaml:2: tabs');
  });
});

describe('line numbers of parsed collections', () => {
  it('remembers the line each mapping and sequence starts on, block and flow alike', () => {
    const doc = parseYaml('name: x\nsteps:\n  - a: 1\n    b: 2\n  - {c: 3}\n  - [4, 5]\n', 'f.yaml') as {
      steps: YamlValue[];
    };
    expect(yamlLine(doc as unknown as YamlValue)).toBe(1);
    expect(doc.steps.map((s) => yamlLine(s))).toEqual([3, 5, 6]);
  });
});

describe('apostrophes inside plain scalars', () => {
  it("reads name: The seed's alias case as plain text", () => {
    expect(parseYaml("name: The seed's alias case\n", 'f.yaml')).toEqual({ name: "The seed's alias case" });
  });
});
