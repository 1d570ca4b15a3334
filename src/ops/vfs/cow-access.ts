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
import { deepCopy } from './plain-data.js';

let owned: OwnedRecord[] | null = null;

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
