/**
 * The explorers' step: one call as a transition from a frozen world to a frozen world, like
 * step.ts's immer transition, without immer's proxies. The call runs on a new top-level object
 * whose tables are the world before's until the call first writes into one (then a copy), and
 * whose records are shared with the world before until an accessor hands one out
 * (src/ops/vfs/cow-access.ts). Afterwards a copied record equal to its original is
 * put back, a table equal to the one before is the one before, and a call that changed nothing
 * returns the very world it was given, so worlds share what they did not change (what the
 * transition laws' fast paths and the per-world caches rely on). Everything new is frozen.
 *
 * Same answers and worlds as `step` (test/ops/cow.test.ts compares them over every transition of
 * the explorers' alphabets and random syscall sequences).
 */
import type { Pid } from '../../model/ids.js';
import type { World } from '../../model/world.js';
import type { Syscall } from '../../model/syscall/syscall.js';
import { ModelBug } from '../../model/errors.js';
import { beginOwning, endOwning, type Owned } from '../vfs/cow-access.js';
import { deepCopy, freezeDeep } from '../vfs/plain-data.js';
import type { MWorld } from '../vfs/world-draft.js';
import { applyCall, type StepOutcome } from './step.js';
import { TABLES, traceStep } from './footprint.js';

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] ?? '';
    if (k !== kb[i]) return false;
    if (!equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** True when `after` holds the same records as `before` under the same ids. */
function sameTable<T>(before: Readonly<Record<number, T>>, after: Record<number, T>): boolean {
  const kb = Object.keys(before);
  const ka = Object.keys(after);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] ?? '';
    if (k !== kb[i] || after[Number(k)] !== before[Number(k)]) return false;
  }
  return true;
}

/**
 * The table of the world after: `before` when unchanged, unless frozen. Records are frozen, tables
 * not: V8 turns a frozen object's integer-keyed elements into a dictionary, and copying such a
 * table at the next step took 1-3 us instead of about 0.05 (immer's worlds freeze theirs, so a
 * search's start has them). Nothing writes a settled table: a step copies a table before its
 * first write into it (cow-access.ts).
 */
function settleTable<T>(
  before: Readonly<Record<number, T>>,
  after: Record<number, T>,
  same: boolean,
): Readonly<Record<number, T>> {
  if (same && !Object.isFrozen(before)) return before;
  for (const k of Object.keys(after)) freezeDeep(after[Number(k)]);
  return after;
}

/** A table the call did not write: itself, or a copy when frozen (see settleTable). */
function unfrozen<T>(before: Readonly<Record<number, T>>): Readonly<Record<number, T>> {
  return Object.isFrozen(before) ? { ...before } : before;
}

/**
 * A world not made by a step (parsed from JSON by a partitioned search's owner, built by hand) has
 * unfrozen records, which the accessors would take for the step's own and change in place: freeze
 * them first (the tables stay unfrozen, see settleTable), and the world, which marks it done.
 */
function freezeRecords(world: World): void {
  for (const t of TABLES)
    for (const rec of Object.values(world[t] as Readonly<Record<number, unknown>>)) freezeDeep(rec);
  freezeDeep(world.next);
  freezeDeep(world.sysctl);
  freezeDeep(world.inflight);
  Object.freeze(world);
}

/**
 * One call from `world`, copy-on-write; throws what `step` throws, with `world` untouched. The
 * sysctls are shared as they are: no call writes them (they are set at boot).
 */
export function cowStep(world: World, pid: Pid, sc: Syscall): StepOutcome {
  if (!Object.isFrozen(world)) freezeRecords(world);
  // The tables stay the world before's until the call first writes into one (cow-access.ts).
  const w: Record<string, unknown> & World = {
    ...world,
    next: { ...world.next },
    // Calls in flight are rare (the split steps): copied whole, nothing there is shared.
    ...(world.inflight === undefined ? {} : { inflight: deepCopy(world.inflight) }),
  };
  const originals = TABLES.map((t) => world[t] as object);
  // While a footprint is open (the search's partial-order reduction), the call's reads are noted.
  const traced = traceStep(w);
  beginOwning({ world: w, names: TABLES, originals, wrap: traced.wrap });
  let out;
  let owned: Owned | null = null;
  try {
    out = applyCall(traced.world as MWorld, pid, sc);
  } finally {
    traced.stop();
    owned = endOwning();
    // Copies that ended equal to their originals go back, so unchanged records stay shared.
    for (const o of owned.records)
      if (o.table[o.id] !== undefined && equal(o.table[o.id], o.original)) o.table[o.id] = o.original;
  }
  // A reading accessor's copy is off the table: a write to it would be lost, so it is a bug.
  for (const [original, copy] of owned.readOnly)
    if (!equal(copy, original)) throw new ModelBug(`a handler of ${sc.call} wrote to a record it got for reading`);
  const copies = owned.copies;
  const same = TABLES.map((t, i) => {
    const copy = copies[i];
    return copy === undefined || sameTable(world[t] as Readonly<Record<number, unknown>>, copy);
  });
  const next = equal(w.next, world.next) ? world.next : Object.freeze(w.next);
  const inflight = equal(w.inflight, world.inflight) ? world.inflight : freezeDeep(w.inflight);
  // A call that changed nothing gives the very world it was given, as immer's produce does.
  if (same.every((x) => x) && next === world.next && inflight === world.inflight)
    return { world, result: out.result, wakeups: out.wakeups };
  const settled: Record<string, unknown> = {};
  for (const [i, t] of TABLES.entries()) {
    const before = world[t] as Readonly<Record<number, unknown>>;
    const copy = copies[i];
    settled[t] = copy === undefined ? unfrozen(before) : settleTable(before, copy, same[i] === true);
  }
  const { inflight: _drop, ...rest } = w;
  const after = { ...rest, ...settled, next, ...(inflight === undefined ? {} : { inflight }) } as World;
  return { world: Object.freeze(after), result: out.result, wakeups: out.wakeups };
}
