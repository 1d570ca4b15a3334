/**
 * The invariants after every call of a replay, checked on what the call changed. The fast pass
 * (invariants-fast.ts) walks every record after every call; this keeps its tallies from one call
 * to the next (what each record holds, remembered per record) and, given the records a call touched
 * (src/ops/vfs/touch-log.ts), takes back what those held before, adds what they hold now, and runs
 * the per-record checks (incremental-holds.ts) again only on the touched records, on the records
 * whose tallies moved, and on the parent a touched dentry had.
 *
 * Why that is the whole pass: a record's checks read its own fields, the tallies, and a few fields
 * of the records it names. Its fields change only if it was touched; its tallies only if a holder
 * was; a record it names can vanish (then that record's REF tally is not zero: caught), or change
 * one of the fields read across records: d_sb, mnt_sb, s_type, an inode's type, i_sb or S_DEAD, or
 * the d_inode of a dentry with children (which their SUBDIRS holds read). Those never change in a
 * good run; when one does, this says "don't know". A dentry's listing in its parent's d_children
 * is checked by the parent: the old parent of a touched dentry is checked again, and a new one
 * lists it only if it was touched too.
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
  TALLIES,
  TARGET,
  holdsOf,
  idOf,
  recordOk,
  tableOf,
  type TallyOf,
} from './incremental-holds.js';
import { S_DEAD } from '../model/inode.js';
import type { Dentry } from '../model/dentry.js';
import type { Inode } from '../model/inode.js';
import type { Mount } from '../model/mount.js';
import type { SuperBlock } from '../model/superblock.js';

/** What a record held when last seen, and the fields other records' checks read from it. */
interface Seen {
  holds: number[];
  s: string | null;
  a: number;
  b: number;
  c: number;
}

/** A growable counter per id. */
class Counts {
  v = new Int32Array(64);
  get(id: number): number {
    return id < this.v.length ? (this.v[id] ?? 0) : 0;
  }
  add(id: number, by: number): void {
    if (id >= this.v.length) {
      let n = this.v.length;
      while (n <= id) n *= 2;
      const v = new Int32Array(n);
      v.set(this.v);
      this.v = v;
    }
    this.v[id] = (this.v[id] ?? 0) + by;
  }
}

/** Ids of each kind to check, each once (a stamp per id, so clearing is one increment). */
class Marks {
  readonly ids: number[][] = TABLES.map(() => []);
  private stamps: Uint32Array[] = TABLES.map(() => new Uint32Array(64));
  private stamp = 1;
  add(k: number, id: number): void {
    let st = this.stamps[k];
    if (id >= st.length) {
      let n = st.length;
      while (n <= id) n *= 2;
      const grown = new Uint32Array(n);
      grown.set(st);
      this.stamps[k] = st = grown;
    }
    if (st[id] === this.stamp) return;
    st[id] = this.stamp;
    this.ids[k]?.push(id);
  }
  clear(): void {
    for (const ids of this.ids) ids.length = 0;
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      for (const st of this.stamps) st.fill(0);
      this.stamp = 1;
    }
  }
}

const validId = (id: number): boolean => id >>> 0 === id && id < MAX_ID;

/** The fields of a record that other records' checks and holdings read. */
function seenOf(k: number, rec: unknown, holds: number[]): Seen {
  switch (k) {
    case INODE: {
      const i = rec as Inode;
      return { holds, s: i.type, a: i.i_sb, b: i.i_flags & S_DEAD, c: 0 };
    }
    case DENTRY: {
      const d = rec as Dentry;
      return { holds, s: null, a: d.d_sb, b: d.d_inode ?? -1, c: d.d_parent };
    }
    case MOUNT:
      return { holds, s: null, a: (rec as Mount).mnt_sb, b: 0, c: 0 };
    case SB:
      return { holds, s: (rec as SuperBlock).s_type, a: 0, b: 0, c: 0 };
    default:
      return { holds, s: null, a: 0, b: 0, c: 0 };
  }
}

const sameHolds = (x: readonly number[], y: readonly number[]): boolean => {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
};

export class IncrementalInvariants {
  private tallies: Counts[] = [];
  private seen: Map<number, Seen>[] = [];
  /** The world the tallies describe, all invariants holding; null: walk the next one whole. */
  private world: World | null = null;
  private readonly marks = new Marks();
  private readonly scratch: number[] = [];
  /** The world's tables, by kind, during a check. */
  private tables: Readonly<Record<number, unknown>>[] = [];
  private readonly T: TallyOf = (t, id) => this.tallies[t]?.get(id) ?? 0;
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

  private decide(w: World, log: TouchLog | null): boolean {
    if (log !== null && this.world === w) return this.afterCall(w, log);
    this.walks++;
    this.tallies = Array.from({ length: TALLIES }, () => new Counts());
    this.seen = TABLES.map(() => new Map<number, Seen>());
    this.marks.clear();
    this.tables = TABLES.map((_, k) => tableOf(w, k));
    for (const [k, table] of this.tables.entries())
      for (const key in table) if (!this.update(w, k, Number(key))) return false;
    return this.recheck(w);
  }

  private afterCall(w: World, log: TouchLog): boolean {
    this.marks.clear();
    const tables = (this.tables = TABLES.map((_, k) => tableOf(w, k)));
    for (let n = 0; n < log.ids.length; n++) {
      const k = tables.indexOf(log.tables[n] as (typeof tables)[number]);
      if (k < 0 || !this.update(w, k, log.ids[n] ?? -1)) return false;
    }
    return this.recheck(w);
  }

  /** Bring the record `k`/`id` up to date in the tallies; false when this cannot go on. */
  private update(w: World, k: number, id: number): boolean {
    if (!validId(id)) return false;
    const seen = this.seen[k];
    const before = seen.get(id);
    const rec = this.tables[k]?.[id];
    this.marks.add(k, id);
    if (rec === undefined) {
      if (before !== undefined) {
        this.apply(before.holds, -1);
        seen.delete(id);
        if (k === DENTRY) this.marks.add(DENTRY, before.c);
      }
      return true;
    }
    if (typeof rec !== 'object' || rec === null || idOf(k, rec) !== id) return false;
    const scratch = this.scratch;
    scratch.length = 0;
    holdsOf(w, k, rec, scratch);
    if (before !== undefined) {
      if (!this.sameFields(k, id, rec, before)) return false;
      if (k === DENTRY) this.marks.add(DENTRY, before.c);
      if (sameHolds(scratch, before.holds)) return true;
      this.apply(before.holds, -1);
    }
    const holds = scratch.slice();
    seen.set(id, seenOf(k, rec, holds));
    return this.apply(holds, 1) && this.refsExist(holds);
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

  /** Add (or take back) holdings, marking what they count for; false on an id that cannot be one. */
  private apply(holds: readonly number[], sign: number): boolean {
    for (let i = 0; i < holds.length; i += 3) {
      const t = holds[i] ?? 0;
      const id = holds[i + 1] ?? -1;
      if (!validId(id)) return false;
      this.tallies[t]?.add(id, sign * (holds[i + 2] ?? 0));
      const k = TARGET[t] ?? -1;
      if (k >= 0) this.marks.add(k, id);
    }
    return true;
  }

  private refsExist(holds: readonly number[]): boolean {
    for (let i = 0; i < holds.length; i += 3) {
      const t = holds[i] ?? 0;
      if (t >= REF && this.tables[t - REF]?.[holds[i + 1] ?? -1] === undefined) return false;
    }
    return true;
  }

  /** Every marked record's checks; a marked record that is gone must be named by none. */
  private recheck(w: World): boolean {
    for (const [k, table] of this.tables.entries()) {
      for (const id of this.marks.ids[k] ?? []) {
        const rec = table[id];
        if (rec === undefined ? this.T(REF + k, id) !== 0 : !recordOk(w, k, rec, this.T)) return false;
      }
    }
    return true;
  }
}
