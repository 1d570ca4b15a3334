/**
 * The invariants after every call of a replay, checked on what the call changed. The fast pass
 * (invariants-fast.ts) walks every record after every call; this keeps its tallies from one call
 * to the next (what each record holds, remembered per record) and, given the records a call touched
 * (src/ops/vfs/touch-log.ts), takes back what those held before, adds what they hold now, and runs
 * the per-record checks (incremental-holds.ts) again only on the touched records, on the records
 * whose tallies moved, and on the old parent of a dentry that moved or went.
 *
 * Why that is the whole pass: a record's checks read its own fields, the tallies, and a few fields
 * of the records it names. Its fields change only if it was touched; its tallies only if a holder
 * was; a record it names can vanish (then that record's REF tally is not zero: caught), or change
 * one of the fields read across records: d_sb, mnt_sb, s_type, an inode's type, i_sb or S_DEAD, or
 * the d_inode of a dentry with children (which their SUBDIRS holds read). Those change seldom (an
 * rmdir sets S_DEAD); when one does, this says "don't know". A dentry's listing in its parent's
 * d_children is checked by the parent: the old parent of a dentry whose name, parent, hashing or
 * inode changed is checked again, and a new one lists it only if it was touched too.
 *
 * Like the fast pass it is sound, not complete: `true` only when the state invariants all hold
 * (given that they held after the previous call it said `true` to, and that the log is complete);
 * anything else, the first check or one after a `false`, walks the whole world.
 * test/checker/invariants-incremental.test.ts compares its verdicts with checkInvariants' on random
 * calls, seeded bugs and damage done between calls.
 */
import type { World } from '../model/world.js';
import type { TouchLog } from '../ops/vfs/touch-log.js';
import { MAX_ID } from './record-index.js';
import {
  CHILDREN,
  DENTRY,
  INODE,
  MOUNT,
  REF,
  SB,
  TABLES,
  TARGET,
  Holds,
  holdsOf,
  idOf,
  linksOk,
  recordOk,
  setTables,
  tablesOf,
  type TallyOf,
} from './incremental-holds.js';
import { S_DEAD } from '../model/inode.js';
import { Memory, type PlainMemory, type Seen } from './incremental-memory.js';
import type { Dentry } from '../model/dentry.js';
import type { Inode } from '../model/inode.js';
import type { Mount } from '../model/mount.js';
import type { SuperBlock } from '../model/superblock.js';

/** Ids of each kind to check, each once (a stamp per id, so clearing is one increment). */
class Marks {
  /** ids[k][0 .. n[k]): the marked ids of kind k (entries past n[k] are stale). */
  readonly ids: number[][] = TABLES.map(() => []);
  readonly n = new Int32Array(TABLES.length);
  private stamps: Uint32Array[] = TABLES.map(() => new Uint32Array(64));
  private stamp = 1;
  /** Marks `id` of kind `k`; false when it was already. */
  add(k: number, id: number): boolean {
    let st = this.stamps[k];
    if (id >= st.length) {
      let n = st.length;
      while (n <= id) n *= 2;
      const grown = new Uint32Array(n);
      grown.set(st);
      this.stamps[k] = st = grown;
    }
    if (st[id] === this.stamp) return false;
    st[id] = this.stamp;
    const at = this.n[k] ?? 0;
    this.ids[k][at] = id;
    this.n[k] = at + 1;
    return true;
  }
  has(k: number, id: number): boolean {
    return this.stamps[k]?.[id] === this.stamp;
  }
  clear(): void {
    for (let k = 0; k < TABLES.length; k++) this.n[k] = 0;
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      for (const st of this.stamps) st.fill(0);
      this.stamp = 1;
    }
  }
}

const listingMoved = (d: Dentry, before: Seen): boolean =>
  d.d_name !== before.s || d.d_parent !== before.c || d.d_unhashed !== before.u || (d.d_inode ?? -1) !== before.b;

const validId = (id: number): boolean => id >>> 0 === id && id < MAX_ID;
const NO_HOLDS: readonly number[] = [];

/** x[0 .. n) and y are the same triples. */
const sameHolds = (x: readonly number[], n: number, y: readonly number[]): boolean => {
  if (n !== y.length) return false;
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return false;
  return true;
};

export class IncrementalInvariants {
  /** The tallies and what each record held when last seen. */
  private readonly memory = new Memory();
  /** The world the tallies describe, all invariants holding; null: walk the next one whole. */
  private world: World | null = null;
  /** `world` at each open mark. */
  private readonly worlds: (World | null)[] = [];
  private readonly marks = new Marks();
  /** The touched records already brought up to date in this check. */
  private readonly done = new Marks();
  /** Dentries whose children's listing is to be checked again (touched, or a child moved or went). */
  private readonly listing = new Marks();
  private readonly scratch = new Holds();
  /** The world's tables, by kind, during a check. */
  private tables: Readonly<Record<number, unknown>>[] = [];
  private readonly T: TallyOf = (t, id) => this.memory.tallies[t]?.get(id) ?? 0;
  /** Whole-world walks so far: the first check, and each one after a "don't know". */
  walks = 0;

  /**
   * true only when every state invariant holds in `w`, which is the world checked last changed by
   * one call whose touches are `log` (or any world, checked whole). false: ask checkInvariants.
   */
  holds(w: World, log: TouchLog | null): boolean {
    const ok = w.inflight !== undefined && Object.keys(w.inflight).length > 0 ? false : this.decide(w, log);
    this.world = ok ? w : null;
    return ok;
  }

  /**
   * From here on the checks can be taken back: `rollback` returns this to what it is now, whatever
   * they answered. For a world changed and then restored to this one (the search in place's undo).
   */
  mark(): void {
    this.worlds.push(this.world);
    this.memory.mark();
  }

  /** As at the last open mark, which closes: the tallies, the memory and the world they describe. */
  rollback(): void {
    this.memory.rollback();
    this.world = this.worlds.pop() ?? null;
  }

  /**
   * What this remembers, as plain data: the world its tallies describe (null: it walks the next one
   * whole) and the tallies and memory. Tests hold a rolled-back check to one that never moved.
   */
  remembered(): { readonly world: World | null; readonly memory: PlainMemory } {
    return { world: this.world, memory: this.memory.plain() };
  }

  private decide(w: World, log: TouchLog | null): boolean {
    if (log !== null && this.world === w) return this.afterCall(w, log);
    this.walks++;
    this.memory.clear();
    this.marks.clear();
    this.done.clear();
    this.listing.clear();
    const tables = (this.tables = tablesOf(w));
    for (let k = 0; k < tables.length; k++)
      for (const key in tables[k]) if (!this.update(w, k, Number(key))) return false;
    return this.recheck(w);
  }

  private afterCall(w: World, log: TouchLog): boolean {
    this.marks.clear();
    this.done.clear();
    this.listing.clear();
    setTables(this.tables, w);
    const tables = this.tables;
    const { tables: touched, ids, count } = log;
    for (let n = 0; n < count; n++) {
      const table = touched[n];
      const id = ids[n] ?? -1;
      // A handler often notes one record several times in a row: the repeat needs no lookup.
      if (n > 0 && table === touched[n - 1] && id === ids[n - 1]) continue;
      let k = 0;
      while (k < tables.length && tables[k] !== table) k++;
      if (k === tables.length) return false;
      if (this.done.add(k, id) && !this.update(w, k, id)) return false;
    }
    return this.recheck(w);
  }

  /** Bring the record `k`/`id` up to date in the tallies; false when this cannot go on. */
  private update(w: World, k: number, id: number): boolean {
    if (!validId(id)) return false;
    const memory = this.memory;
    const before = memory.seen[k]?.[id];
    const rec = this.tables[k]?.[id];
    this.marks.add(k, id);
    if (rec === undefined) {
      if (before === undefined) return true;
      memory.put(k, id, undefined);
      if (k === DENTRY) this.markListing(before.c);
      return this.swap(before.holds, before.holds.length, NO_HOLDS, 0);
    }
    if (typeof rec !== 'object' || rec === null || idOf(k, rec) !== id) return false;
    if (k === DENTRY) this.listing.add(DENTRY, id); // its d_children may have changed
    const scratch = this.scratch;
    scratch.n = 0;
    holdsOf(w, k, rec, scratch);
    const holds = scratch.v;
    const n = scratch.n;
    if (before === undefined) {
      memory.add(k, id, rec, holds, n);
      return this.swap(NO_HOLDS, 0, holds, n) && linksOk(w, k, rec);
    }
    if (!this.sameFields(k, id, rec, before)) return false;
    // The parent's check reads a child's name, parent, hashing and inode (its listing, a dead directory).
    const moved = k === DENTRY && listingMoved(rec as Dentry, before);
    if (moved) this.markListing(before.c);
    if (!moved && sameHolds(holds, n, before.holds)) return true;
    if (!this.swap(before.holds, before.holds.length, holds, n)) return false;
    memory.rewrite(k, id, before, rec, holds, n);
    return linksOk(w, k, rec);
  }

  /**
   * Takes back `old[0 .. oldN)` and adds `now[0 .. nowN)`, past their common beginning and end (what a call changes is
   * usually one fd, one name: the triples around it stay, at shifted places); a tally that moved
   * has a triple in that middle, so its record is marked. A new reference must name a live record.
   */
  private swap(old: readonly number[], oldN: number, now: readonly number[], nowN: number): boolean {
    let head = 0;
    const most = Math.min(oldN, nowN);
    while (head < most && old[head] === now[head]) head++;
    head -= head % 3;
    let tail = 0;
    while (tail < most - head && old[oldN - 1 - tail] === now[nowN - 1 - tail]) tail++;
    tail -= tail % 3;
    for (let i = head; i < oldN - tail; i += 3) this.bump(old[i] ?? 0, old[i + 1] ?? -1, -(old[i + 2] ?? 0));
    for (let i = head; i < nowN - tail; i += 3) {
      const t = now[i] ?? 0;
      const id = now[i + 1] ?? -1;
      if (!validId(id) || (t >= REF && this.tables[t - REF]?.[id] === undefined)) return false;
      this.bump(t, id, now[i + 2] ?? 0);
    }
    return true;
  }

  private bump(t: number, id: number, by: number): void {
    this.memory.bump(t, id, by);
    const k = TARGET[t] ?? -1;
    if (k >= 0) this.marks.add(k, id);
  }

  /** The fields other records read are as they were (a dentry with children keeps its inode). */
  private sameFields(k: number, id: number, rec: unknown, before: Seen): boolean {
    switch (k) {
      case INODE: {
        const i = rec as Inode;
        return i.type === before.s && i.i_sb === before.a && (i.i_flags & S_DEAD) === before.b;
      }
      case DENTRY: {
        const d = rec as Dentry;
        return d.d_sb === before.a && ((d.d_inode ?? -1) === before.b || this.T(CHILDREN, id) === 0);
      }
      case MOUNT:
        return (rec as Mount).mnt_sb === before.a;
      case SB:
        return (rec as SuperBlock).s_type === before.s;
      default:
        return true;
    }
  }

  private markListing(id: number): void {
    this.marks.add(DENTRY, id);
    this.listing.add(DENTRY, id);
  }

  /** Every marked record's checks; a marked record that is gone must be named by none. */
  private recheck(w: World): boolean {
    const tables = this.tables;
    for (let k = 0; k < tables.length; k++) {
      const table = tables[k];
      const ids = this.marks.ids[k];
      const count = this.marks.n[k] ?? 0; // entries past it are an earlier check's
      for (let n = 0; n < count; n++) {
        const id = ids[n] ?? -1;
        const rec = table[id];
        if (
          rec === undefined
            ? this.T(REF + k, id) !== 0
            : !recordOk(w, k, rec, this.T, k === DENTRY && this.listing.has(DENTRY, id))
        )
          return false;
      }
    }
    return true;
  }
}
