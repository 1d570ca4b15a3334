/**
 * The modelled calls as the quick trace reader (jsonl-fast.ts) needs them: found by their name's
 * length (the name is matched in the text, not cut out), with their fields, which fields are names,
 * and the literal that builds their record.
 */
import type { Syscall } from '../model/syscall/syscall.js';
import type { SyscallName } from '../model/syscall/table.js';
import { descriptorOf, SYSCALL_NAMES } from '../model/syscall/table.js';
import { FIELD_LISTS, type FieldType } from '../model/syscall/fields.js';
import { SYSCALL_LITERALS, type FieldValues } from './syscall-literals.js';

export interface CallForm {
  readonly name: SyscallName;
  readonly fields: readonly (readonly [string, FieldType])[];
  /** Which fields hold names (paths, targets, ...), kept internalized; not the bytes a write carries. */
  readonly names: readonly boolean[];
  /** The record when the line gives every field (syscall-literals.ts). */
  readonly literal: (v: FieldValues) => Syscall;
}

const FORMS_BY_LENGTH: CallForm[][] = [];
for (const name of SYSCALL_NAMES) {
  const kinds = new Map(descriptorOf(name).args.map((a) => [a.name, a.kind]));
  const fields = FIELD_LISTS[name];
  const names = fields.map(([f]) => kinds.get(f) !== 'data');
  (FORMS_BY_LENGTH[name.length] ??= []).push({ name, fields, names, literal: SYSCALL_LITERALS[name] });
}

/** The calls whose names have `length` characters, if any. */
export const callFormsOfLength = (length: number): readonly CallForm[] | undefined => FORMS_BY_LENGTH[length];

/** The largest field count of a call: the size of the scratch list the fields are gathered in. */
export const MAX_FIELDS = Math.max(...SYSCALL_NAMES.map((n) => FIELD_LISTS[n].length));
