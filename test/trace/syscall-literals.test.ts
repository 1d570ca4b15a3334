/**
 * The quick trace reader's record literals (src/trace/syscall-literals.ts) build, for every call,
 * the record the general reader makes from the same fields: the same keys in the same order, the
 * same values.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_LISTS, holdsBytes } from '../../src/model/syscall/fields.js';
import { SYSCALL_NAMES } from '../../src/model/syscall/table.js';
import { syscallFrom } from '../../src/trace/jsonl.js';
import { SYSCALL_LITERALS } from '../../src/trace/syscall-literals.js';

describe('the record literals of the quick trace reader', () => {
  it.each(SYSCALL_NAMES)('%s: builds the record syscallFrom makes, keys in its order', (call) => {
    // A value of its own for each field, so that two fields swapped would show.
    const values = FIELD_LISTS[call].map(([, t], i) => (holdsBytes(t) ? `v${i}` : 100 + i));
    const args = Object.fromEntries(FIELD_LISTS[call].map(([name], i) => [name, values[i]]));
    const general = syscallFrom(call, args, 't.jsonl', 1);
    const literal = SYSCALL_LITERALS[call](values);
    expect(Object.keys(literal)).toEqual(Object.keys(general));
    expect(literal).toStrictEqual(general);
  });
});
