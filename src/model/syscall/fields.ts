/**
 * A call's fields as plain data: their JSON types for native traces and scenarios, and the one
 * checked place where a record built from untyped input becomes a `Syscall`.
 */
import { ModelBug } from '../errors.js';
import type { ArgSpec } from './spec.js';
import type { Syscall } from './syscall.js';
import { SYSCALLS, type SyscallName } from './table.js';

/**
 * How a field is written in a native trace: an integer, bytes (a latin1 string), or either of them
 * optional (absent for a NULL pointer).
 */
export type FieldType = 'int' | 'bytes' | 'optint' | 'optbytes';

/** Whether a field of this type may be absent. */
export const isOptional = (t: FieldType): boolean => t === 'optint' || t === 'optbytes';

/** Whether a field of this type holds bytes (a string), not an integer. */
export const holdsBytes = (t: FieldType): boolean => t === 'bytes' || t === 'optbytes';

function fieldType(a: ArgSpec): FieldType {
  switch (a.kind) {
    case 'path':
    case 'program':
    case 'str':
    case 'target':
    case 'data':
    case 'gids':
    case 'timespecs':
      return 'bytes';
    case 'optpath':
      return 'optbytes';
    case 'offptr':
    case 'child':
      return 'optint';
    default:
      return 'int';
  }
}

/** The fields of each call's record, in the kernel's argument order. */
export const SYSCALL_FIELDS: Readonly<Record<SyscallName, Readonly<Record<string, FieldType>>>> = Object.fromEntries(
  Object.entries(SYSCALLS).map(([name, d]) => [
    name,
    Object.fromEntries((d.args as readonly ArgSpec[]).map((a) => [a.name, fieldType(a)])),
  ]),
) as Record<SyscallName, Readonly<Record<string, FieldType>>>;

/** The same fields as lists, built once: the record builders run once per call of a trace. */
export const FIELD_LISTS = Object.fromEntries(
  Object.entries(SYSCALL_FIELDS).map(([name, fields]) => [name, Object.entries(fields)]),
) as Readonly<Record<SyscallName, [string, FieldType][]>>;

/**
 * The record of `call` from checked field values. Callers check input themselves and report it
 * as bad input; a field that is still missing or of the wrong type here is a bug of theirs.
 */
export function syscallOf(call: SyscallName, fields: Readonly<Record<string, string | number | undefined>>): Syscall {
  const out: Record<string, string | number> = { call };
  for (const [name] of FIELD_LISTS[call]) {
    const v = fields[name];
    if (v !== undefined) out[name] = v;
  }
  return asSyscall(call, out);
}

/**
 * `record` as the Syscall it is, checked field by field against the descriptor (no copy: the
 * trace readers build one record per line). A missing or mistyped field is a bug of the builder.
 */
export function asSyscall(call: SyscallName, record: Record<string, string | number>): Syscall {
  if (record['call'] !== call) throw new ModelBug(`a ${call} record named ${String(record['call'])}`);
  for (const [name, type] of FIELD_LISTS[call]) {
    const v = record[name];
    if (v === undefined) {
      if (isOptional(type)) continue;
      throw new ModelBug(`${call} built without "${name}"`);
    }
    if (typeof v !== (holdsBytes(type) ? 'string' : 'number')) throw new ModelBug(`${call}.${name} has the wrong type`);
  }
  // Checked field by field against the descriptor above: the record has exactly the call's fields.
  return record as Syscall;
}
