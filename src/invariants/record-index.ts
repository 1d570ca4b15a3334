/**
 * The fast invariant pass's bookkeeping (invariants-fast.ts): counters per id that need no clearing
 * between checks, and each table's records by id, kept from one check to the next while the table
 * holds the same records.
 *
 * Why keep them: ids are never reused, so the tables have sparse integer keys, which V8 stores as a
 * dictionary; enumerating one (Object.values) collects and sorts its keys every time, and on the
 * replay workload that was a third of the pass. A replay's in-place world keeps its table objects
 * and most calls leave most tables' membership alone; an explorer's immutable worlds share the
 * tables a step did not touch. So a table seen before is only verified, not enumerated: it holds
 * exactly the remembered records when it has as many keys as remembered and each remembered id
 * still names its remembered record (same count, every remembered key present: the same key set).
 */

/** Ids above this are not counted here (the full check takes them). */
export const MAX_ID = 1 << 24;

/** Which check a counter's values belong to: stale entries are ignored, so nothing is cleared. */
let generation = 0;

/** Start a new check: every Tally reads as all zeros. */
export function nextGeneration(): void {
  generation = (generation + 1) >>> 0;
  if (generation === 0) generation = 1;
}

/** A counter per id, reused across checks: values from an older generation read as 0. */
export class Tally {
  /** The sum of everything added since `total` was last zeroed. */
  total = 0;
  private val = new Int32Array(64);
  private stamp = new Uint32Array(64);

  /** false when the id cannot be counted here (the caller then says "look closer"). */
  add(id: number, by = 1): boolean {
    if (id >>> 0 !== id || id >= MAX_ID) return false;
    if (id >= this.val.length) this.grow(id);
    this.total += by;
    if (this.stamp[id] !== generation) {
      this.stamp[id] = generation;
      this.val[id] = by;
    } else this.val[id] = (this.val[id] ?? 0) + by;
    return true;
  }

  get(id: number): number {
    return id < this.val.length && this.stamp[id] === generation ? (this.val[id] ?? 0) : 0;
  }

  private grow(id: number): void {
    let n = this.val.length;
    while (n <= id) n *= 2;
    const val = new Int32Array(n);
    const stamp = new Uint32Array(n);
    val.set(this.val);
    stamp.set(this.stamp);
    this.val = val;
    this.stamp = stamp;
  }
}

/** One table's records by id (a plain array read instead of a dictionary lookup), remembered. */
export class RecordIndex<R extends object> {
  private table: object | null = null;
  private ids: number[] = [];
  private recs: R[] = [];
  private byId: (R | undefined)[] = [];

  constructor(private readonly idOf: (r: R) => number) {}

  /**
   * The table's records, or null when one is not filed under its own id or is filed twice (then
   * the full check, which goes by key, is the one to ask).
   */
  load(table: Readonly<Record<number, R>>): R[] | null {
    if (table === this.table && this.unchanged(table)) return this.recs;
    return this.rebuild(table);
  }

  get(id: number): R | undefined {
    return this.byId[id];
  }

  /** Each remembered id still names its record, which still has that id, and nothing else is there. */
  private unchanged(table: Readonly<Record<number, R>>): boolean {
    const { ids, recs, idOf } = this;
    for (let k = 0; k < recs.length; k++) {
      const r = recs[k];
      const id = ids[k];
      if (table[id] !== r || idOf(r) !== id) return false;
    }
    return Object.keys(table).length === recs.length;
  }

  private rebuild(table: Readonly<Record<number, R>>): R[] | null {
    for (const id of this.ids) this.byId[id] = undefined;
    this.table = null;
    this.ids = [];
    const recs = Object.values(table);
    const ids: number[] = [];
    for (const r of recs) {
      const i = this.idOf(r);
      if (i >>> 0 !== i || i >= MAX_ID || table[i] !== r || this.byId[i] !== undefined) {
        for (const id of ids) this.byId[id] = undefined;
        return null;
      }
      if (i >= this.byId.length) this.grow(i);
      this.byId[i] = r;
      ids.push(i);
    }
    this.table = table;
    this.ids = ids;
    this.recs = recs;
    return recs;
  }

  private grow(id: number): void {
    let n = Math.max(64, this.byId.length);
    while (n <= id) n *= 2;
    this.byId = this.byId.concat(new Array<R | undefined>(n - this.byId.length).fill(undefined));
  }
}
