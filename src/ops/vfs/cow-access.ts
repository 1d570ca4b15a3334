/**
 * Copy-on-write records for the explorers' step (src/ops/run/cow.ts): during such a step the world
 * is a fresh top-level object whose tables are copies, but whose records are still the frozen
 * records of the world before. The accessors of world-draft.ts pass every record they hand out
 * through `ownRecord`: a shared (frozen) record is copied into the step's table first, so the
 * handlers write to the step's own copy and every later accessor call returns that same copy, as
 * immer's drafts do. Outside such a step (immer drafts, the in-place runner, frozen worlds read by
 * checkers) `ownRecord` returns the record as it is.
 *
 * A handler that writes to a record it did not get through an accessor writes to a frozen object
 * and throws (ES modules are strict): loud, never a silent change to the world before.
 */

/** A record copied during the step: where it lives and what it was. */
export interface OwnedRecord {
  readonly table: Record<number, object>;
  readonly id: number;
  readonly original: object;
}

import { ModelBug } from '../../model/errors.js';

let owned: OwnedRecord[] | null = null;

/** A deep copy of plain data (records hold plain objects and arrays only), unfrozen. */
export function deepCopy<T>(x: T): T {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) {
    const n = x.length;
    const a: unknown[] = new Array<unknown>(n);
    for (let i = 0; i < n; i++) a[i] = deepCopy(x[i] as unknown);
    return a as T;
  }
  // The same prototype (a dentry's children have none, so that "__proto__" is just a key).
  const o = (Object.getPrototypeOf(x) === null ? Object.create(null) : {}) as Record<string, unknown>;
  for (const k of Object.keys(x)) o[k] = deepCopy((x as Record<string, unknown>)[k]);
  return o as T;
}

/** Starts a copy-on-write step; the handlers' accessors copy records from now on. */
export function beginOwning(): void {
  if (owned !== null) throw new ModelBug('a copy-on-write step inside another');
  owned = [];
}

/** Ends the step: the records it copied. */
export function endOwning(): OwnedRecord[] {
  const out = owned ?? [];
  owned = null;
  return out;
}

/** The step's own copy of `table[id]` (copied now if still shared), or `rec` outside such a step. */
export function ownRecord<T extends object>(table: Readonly<Record<number, T>>, id: number, rec: T): T {
  if (owned === null || !Object.isFrozen(rec)) return rec;
  const copy = deepCopy(rec);
  (table as Record<number, T>)[id] = copy;
  owned.push({ table: table, id, original: rec });
  return copy;
}
