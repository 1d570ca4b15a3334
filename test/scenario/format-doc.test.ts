// docs/scenario-format.md against the parser: every top-level key, step kind (with its keys and
// fields), expect field and call (with its argument names) that the code reads is documented, and
// nothing the code does not read is. The lists come from the parser's tables and the syscall table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_LISTS, isOptional } from '../../src/model/syscall/fields.js';
import { SYSCALL_NAMES } from '../../src/model/syscall/table.js';
import { EXPECT_FIELDS, STEP_KINDS, TOP_KEYS } from '../../src/scenario/format.js';
import { parseScenario } from '../../src/scenario/parse.js';

const DOC = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'scenario-format.md'), 'utf8');

/** The text under a `## title` heading, up to the next one. */
function section(title: string): string {
  const start = DOC.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/scenario-format.md has no section "${title}"`);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** The first cells of a section's table rows: `| \`key\` | ...`. */
const firstCells = (text: string): string[] => [...text.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] ?? '');

/** A step section's "Keys: ..." line, split into its keys and the fields of its kind's mapping. */
function keysLine(stepText: string): { keys: string[]; fields: string[] } {
  const line = stepText.split('\n').find((l) => l.startsWith('Keys: ')) ?? '';
  const [keys = '', fields = ''] = line.split(/Fields of `[a-z_]+:`:/);
  const names = (t: string): string[] => [...t.matchAll(/`([a-z_]+)`/g)].map((m) => m[1] ?? '');
  return { keys: names(keys), fields: names(fields) };
}

const stepSections = (): Map<string, string> => {
  const steps = section('Steps');
  const parts = steps.split(/^### /m).slice(1);
  return new Map(parts.map((p) => [/^`([a-z_]+):`/.exec(p)?.[1] ?? p.slice(0, 20), p]));
};

describe('docs/scenario-format.md', () => {
  it('lists exactly the top-level keys the parser takes', () => {
    expect(firstCells(section('Top-level keys'))).toEqual([...TOP_KEYS]);
  });

  it('has a section for exactly the step kinds the parser takes', () => {
    expect([...stepSections().keys()]).toEqual(Object.keys(STEP_KINDS));
  });

  it.each(Object.entries(STEP_KINDS))('lists exactly the keys and fields of a %s: step', (kind, spec) => {
    expect(keysLine(stepSections().get(kind) ?? '')).toEqual({
      keys: [...spec.keys],
      fields: [...(spec.fields ?? [])],
    });
  });

  it('lists exactly the expect fields the parser reads, in its order', () => {
    expect(firstCells(section('Expect fields'))).toEqual([...EXPECT_FIELDS]);
  });

  it('lists every call the model implements, and no other', () => {
    expect(firstCells(section('Calls'))).toEqual([...SYSCALL_NAMES]);
  });

  it.each(SYSCALL_NAMES.map((n) => [n]))('lists the arguments of %s by their names, optional ones marked ?', (name) => {
    const row = section('Calls')
      .split('\n')
      .find((l) => l.startsWith(`| \`${name}\` |`));
    const cell = row?.split(' | ')[1] ?? '';
    const args = FIELD_LISTS[name].map(([k, t]) => `\`${k}\`${isOptional(t) ? '?' : ''}`).join(', ') || '(none)';
    expect(cell).toBe(args);
  });

  it('its example parses', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(DOC)?.[1] ?? '';
    expect(parseScenario(yaml, 'docs/scenario-format.md').steps.length).toBeGreaterThan(5);
  });
});

describe('the parser refuses keys the format does not have', () => {
  const scenario = (step: string, top = ''): string => `name: t\n${top}steps:\n  - ${step}\n`;

  it('a misspelt key of a step', () => {
    expect(() => parseScenario(scenario('{call: getuid, expcet: {ret: 0}}'), 't.yaml')).toThrow(
      't.yaml:3: a call: step has no key "expcet" (call:, pid:, args:, expect:, note:)',
    );
  });

  it("a misspelt field of a step kind's mapping", () => {
    expect(() => parseScenario(scenario('{checkpoint: {pids: [1], fail_after: 1}}'), 't.yaml')).toThrow(
      't.yaml:3: checkpoint: has no key "fail_after" (pids:, strategy:, ghost_limit:, fail_after_names:)',
    );
  });

  it('a misspelt top-level key, at its line', () => {
    expect(() => parseScenario(scenario('{call: getuid}', 'kernal: relink\n'), 't.yaml')).toThrow(
      't.yaml:2: a scenario has no key "kernal"',
    );
  });
});
