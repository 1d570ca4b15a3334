/**
 * Copy-on-write for the explorers' step (src/ops/run/cow.ts), by table and by record. During such
 * a step the world is a fresh top-level object whose tables are still the world before's. The first
 * write into a table (ownRecord below, putRecord and dropRecord of touch-log.ts: the only ways the
 * handlers write a table) swaps the step world's table for a copy and writes there; most calls
 * write one to three of the eight tables, and copying all of them took about 12% of the search.
 * The writable accessors of world-draft.ts pass every record they hand out through `ownRecord`: a
 * shared (frozen) record is copied into the step's table first, so the handlers write to the
 * step's own copy and every later accessor call returns that same copy, as immer's drafts do. The
 * reading ones (rInode, ...) hand out a copy too but keep it off the table until a writable one
 * asks for the record: reads alone copy no table. A write through a reading accessor's copy would be
 * lost, so cow.ts fails with a ModelBug when one of them ends unequal to its original. Outside such
 * a step (immer drafts, the in-place runner, frozen worlds read by checkers) all of them write and
 * return what they are given.
 *
 * A handler that writes to a record it did not get through an accessor writes to a frozen object
 * and throws (ES modules are strict): loud, never a silent change to the world before. A handler
 * must not keep a table in a local across a write and read it afterwards: after the swap it would
 * read the world before's table (src/ops/run/step.ts's wake-up scan reads `w.tasks` afresh).
 */

/** A record copied during the step: where it lives and what it was. */
export interface OwnedRecord {
  readonly table: Record<number, object>;
  readonly id: number;
  readonly original: object;
}

/** A copy-on-write step's world and the tables it starts from. */
export interface SharedTables {
  /** The step's world (not a proxy over it): its table fields are swapped for copies on first write. */
  readonly world: Record<string, unknown>;
  /** The tables' field names. */
  readonly names: readonly string[];
  /** The world before's tables, by name's index: never written. */
  readonly originals: readonly object[];
  /** What the handlers get for a new copy: the copy, or a footprint's recording proxy over it. */
  readonly wrap: (index: number, copy: object) => object;
}

/**
 * What a step ends with: the records it copied into its tables, its own tables (undefined where it
 * wrote none), and the copies handed out for reading that no write put into a table (original ->
 * copy), which must still equal their originals.
 */
export interface Owned {
  readonly records: OwnedRecord[];
  readonly copies: readonly (Record<number, object> | undefined)[];
  readonly readOnly: ReadonlyMap<object, object>;
}

import { ModelBug } from '../../model/errors.js';
import { deepCopy } from './plain-data.js';

interface Step {
  readonly tables: SharedTables;
  readonly records: OwnedRecord[];
  readonly copies: (Record<number, object> | undefined)[];
  /** Copies handed out by the reading accessors, by original, until a writable one puts them in a table. */
  readonly reading: Map<object, object>;
  /** Every table object a handler may hold (the world's, its proxy, the copy, its proxy) -> index. */
  readonly known: Map<object, number>;
}

let step: Step | null = null;

/** Starts a copy-on-write step on `tables.world`, whose table fields hold what the handlers get. */
export function beginOwning(tables: SharedTables): void {
  if (step !== null) throw new ModelBug('a copy-on-write step inside another');
  const known = new Map<object, number>();
  for (const [i, name] of tables.names.entries()) {
    known.set(tables.originals[i], i);
    known.set(tables.world[name] as object, i);
  }
  step = { tables, records: [], copies: tables.names.map(() => undefined), reading: new Map(), known };
}

/** Ends the step: what it copied. */
export function endOwning(): Owned {
  const s = step;
  step = null;
  if (s === null) throw new ModelBug('a copy-on-write step ended that never began');
  return { records: s.records, copies: s.copies, readOnly: s.reading };
}

/** The step's own copy of the table `table` stands for, copied and swapped in now if still shared. */
function copyOf(s: Step, table: object): Record<number, object> {
  const i = s.known.get(table);
  if (i === undefined) throw new ModelBug('a copy-on-write step writing a table that is not its own');
  const have = s.copies[i];
  if (have !== undefined) return have;
  const copy = { ...(s.tables.originals[i] as Record<number, object>) };
  const handed = s.tables.wrap(i, copy);
  s.copies[i] = copy;
  s.known.set(copy, i);
  s.known.set(handed, i);
  s.tables.world[s.tables.names[i]] = handed;
  return copy;
}

/**
 * The table to write instead of `table`: in a copy-on-write step the step's own copy (copied now
 * on the first write), elsewhere `table` itself.
 */
export function tableToWrite<T>(table: Record<number, T>): Record<number, T> {
  return step === null ? table : (copyOf(step, table) as Record<number, T>);
}

/**
 * The step's own copy of `table[id]`, for writing: copied now if still shared (the copy a reading
 * accessor handed out, if any, so the handler holds one object), or `rec` outside such a step.
 */
export function ownRecord<T extends object>(table: Readonly<Record<number, T>>, id: number, rec: T): T {
  if (step === null || !Object.isFrozen(rec)) return rec;
  const own = copyOf(step, table) as Record<number, T>;
  const read = step.reading.get(rec) as T | undefined;
  if (read !== undefined) step.reading.delete(rec);
  const copy = read ?? deepCopy(rec);
  own[id] = copy;
  step.records.push({ table: own, id, original: rec });
  return copy;
}

/**
 * `table[id]` for reading: in a copy-on-write step a copy kept off the table (a table is copied
 * only when written), the same one at every read, and the one a writable accessor puts in the table
 * later, so a handler that reads first and writes later holds one object, as with a draft.
 */
export function readRecord<T extends object>(rec: T): T {
  if (step === null || !Object.isFrozen(rec)) return rec;
  const have = step.reading.get(rec) as T | undefined;
  if (have !== undefined) return have;
  const copy = deepCopy(rec);
  step.reading.set(rec, copy);
  return copy;
}
