/**
 * What one call read and what it changed, for the exhaustive search's partial-order reduction
 * (src/checker/search/sleep-sets.ts). While a footprint is open, the copy-on-write step
 * (cow.ts) hands the handlers its tables, id counters and world through proxies that note every
 * record looked up (present or not), every table enumerated and every counter read; what the call
 * changed is taken from the worlds before and after (a record replaced, added or removed, a
 * counter moved, the calls in flight changed), so a record only looked at through a writable
 * accessor is a read, not a write.
 *
 * Why this is enough to decide independence: a call is a deterministic function of what it reads.
 * If neither of two calls changes anything the other read or changed, each reads the same values
 * after the other as before it, so it takes the same path, gives the same answer and makes the
 * same changes: both orders end in the same world (test/checker/footprint.test.ts holds this over
 * every pair of calls from the alphabets' early states). The granularity is the record: two calls
 * touching different fields of one inode are dependent.
 */
import { ModelBug } from '../../model/errors.js';
import type { World } from '../../model/world.js';

/** A place in the world: a table's record, a table's key set, an id counter, the calls in flight. */
export type Loc = number;

export interface Footprint {
  readonly reads: ReadonlySet<Loc>;
  readonly writes: ReadonlySet<Loc>;
}

export const TABLES = ['inodes', 'dentries', 'mounts', 'superblocks', 'files', 'fdtables', 'tasks', 'mntns'] as const;
const NEXT_AREA = TABLES.length;
const INFLIGHT_AREA = NEXT_AREA + 1;
/** The id standing for a table's whole key set (an enumeration reads it; an insertion or removal writes it). */
const KEYS = 2 ** 32 - 1;
/** An id outside [0, KEYS) (no modelled counter makes one, but a trace's fork may name any pid) stands with the key set. */
const loc = (area: number, id: number): Loc =>
  area * 2 ** 32 + (Number.isInteger(id) && id >= 0 && id < KEYS ? id : KEYS);

class Recorder {
  readonly reads = new Set<Loc>();
  active = true;

  read(area: number, key: string | symbol): void {
    if (!this.active || typeof key !== 'string') return;
    const id = Number(key);
    // Tables are integer-keyed; anything else looked up on one (a method, toJSON) is no record.
    if (Number.isInteger(id)) this.reads.add(loc(area, id));
  }

  enumerate(area: number): void {
    if (this.active) this.reads.add(loc(area, KEYS));
  }
}

function tableProxy<T extends object>(target: T, area: number, r: Recorder): T {
  return new Proxy(target, {
    get: (t, k) => (r.read(area, k), Reflect.get(t, k)),
    has: (t, k) => (r.read(area, k), Reflect.has(t, k)),
    getOwnPropertyDescriptor: (t, k) => (r.read(area, k), Reflect.getOwnPropertyDescriptor(t, k)),
    ownKeys: (t) => (r.enumerate(area), Reflect.ownKeys(t)),
  });
}

let open: Recorder | null = null;
let taken = false;

/** Starts recording the next copy-on-write step's reads. */
export function openFootprint(): void {
  if (open !== null) throw new ModelBug('a footprint opened inside another');
  open = new Recorder();
  taken = false;
}

/** The reads recorded since openFootprint, or null when no copy-on-write step ran to record them. */
export function closeFootprint(): ReadonlySet<Loc> | null {
  const r = open;
  open = null;
  return r !== null && taken ? r.reads : null;
}

/**
 * The step's mutable world, its tables and counters behind recording proxies while a footprint is
 * open; `wrap` puts a table the step copies later (cow-access.ts) behind one too.
 */
export type Traced<W> = {
  readonly world: W;
  readonly stop: () => void;
  readonly wrap: (index: number, table: object) => object;
};

const asItIs = (_index: number, table: object): object => table;

/**
 * Puts the step's own world `w` (the world before's tables, fresh counters, cow.ts) behind the open
 * footprint's proxies; `stop` ends the recording and puts the plain tables it was given back.
 * Without an open footprint, `w` as it is.
 */
export function traceStep<W extends Record<string, unknown>>(w: W): Traced<W> {
  const r = open;
  if (r === null) return { world: w, stop: () => undefined, wrap: asItIs };
  if (taken) throw new ModelBug('one footprint recorded over two steps');
  taken = true;
  const plain: Record<string, unknown> = {};
  for (const [i, t] of TABLES.entries()) {
    plain[t] = w[t];
    (w as Record<string, unknown>)[t] = tableProxy(w[t] as object, i, r);
  }
  plain.next = w.next;
  (w as Record<string, unknown>).next = tableProxyNext(w.next as object, r);
  const world = new Proxy(w, {
    get: (t, k) => (k === 'inflight' && r.active && r.reads.add(loc(INFLIGHT_AREA, 0)), Reflect.get(t, k)),
    has: (t, k) => (k === 'inflight' && r.active && r.reads.add(loc(INFLIGHT_AREA, 0)), Reflect.has(t, k)),
  });
  const stop = (): void => {
    r.active = false;
    Object.assign(w, plain);
  };
  return { world, stop, wrap: (i, table) => tableProxy(table, i, r) };
}

/** The id counters' fields, numbered as first met (NEXT_AREA with that number). */
const nextFields = new Map<string, number>();
function nextField(k: string): Loc {
  let i = nextFields.get(k);
  if (i === undefined) {
    i = nextFields.size;
    nextFields.set(k, i);
  }
  return loc(NEXT_AREA, i);
}

function tableProxyNext<T extends object>(target: T, r: Recorder): T {
  const field = (k: string | symbol): void => {
    if (r.active && typeof k === 'string') r.reads.add(nextField(k));
  };
  return new Proxy(target, {
    get: (t, k) => (field(k), Reflect.get(t, k)),
    has: (t, k) => (field(k), Reflect.has(t, k)),
    getOwnPropertyDescriptor: (t, k) => (field(k), Reflect.getOwnPropertyDescriptor(t, k)),
    ownKeys: (t) => {
      for (const f of Object.keys(t)) field(f);
      return Reflect.ownKeys(t);
    },
  });
}

/** What a step from `before` to `after` changed, record by record (unchanged records are shared). */
export function writesOf(before: World, after: World): Set<Loc> {
  const out = new Set<Loc>();
  if (before === after) return out;
  for (const [i, t] of TABLES.entries()) {
    const b = before[t] as Readonly<Record<number, unknown>>;
    const a = after[t] as Readonly<Record<number, unknown>>;
    if (a === b) continue;
    for (const k in a) {
      const id = Number(k);
      if (a[id] !== b[id]) out.add(loc(i, id));
      if (!(k in b)) out.add(loc(i, KEYS));
    }
    for (const k in b)
      if (!(k in a)) {
        out.add(loc(i, Number(k)));
        out.add(loc(i, KEYS));
      }
  }
  if (after.next !== before.next) {
    const a = after.next as unknown as Readonly<Record<string, unknown>>;
    const b = before.next as unknown as Readonly<Record<string, unknown>>;
    for (const f of new Set([...Object.keys(a), ...Object.keys(b)])) if (a[f] !== b[f]) out.add(nextField(f));
  }
  if (after.inflight !== before.inflight) out.add(loc(INFLIGHT_AREA, 0));
  return out;
}

function meets(a: ReadonlySet<Loc>, b: ReadonlySet<Loc>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) return true;
  return false;
}

/**
 * The footprint of a step whose reads are not all known (an op that looks at the world before its
 * call, the security alphabet's `when`): dependent with every other.
 */
export const EVERYTHING: Footprint = Object.freeze({ reads: new Set<Loc>(), writes: new Set<Loc>() });

/** Two calls from one world are dependent when either changed what the other read or changed. */
export function dependent(a: Footprint, b: Footprint): boolean {
  if (a === EVERYTHING || b === EVERYTHING) return true;
  return meets(a.writes, b.reads) || meets(a.writes, b.writes) || meets(b.writes, a.reads);
}
