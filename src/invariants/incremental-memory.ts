/**
 * What the incremental check (invariants-incremental.ts) remembers from one call to the next: the
 * tallies, and what each record held when last seen. Every change goes through here so that, between
 * `mark` and `rollback`, it is journaled and can be taken back: the search in place undoes each call
 * it tries, and the world after the undo is the world before, whose tallies these were. Restoring
 * them is cheaper than checking the touched records again on the way back, and it is exact in every
 * case, a check that stopped halfway (a violation, "don't know") or walked the world whole included.
 * With no mark open (a Session), nothing is journaled.
 */
import { S_DEAD } from '../model/inode.js';
import type { Dentry } from '../model/dentry.js';
import type { Inode } from '../model/inode.js';
import type { Mount } from '../model/mount.js';
import type { SuperBlock } from '../model/superblock.js';
import { DENTRY, INODE, MOUNT, SB, TABLES, TALLIES } from './incremental-holds.js';
import { ModelBug } from '../model/errors.js';

/** What a record held when last seen, and the fields other records' checks read from it. */
export interface Seen {
  holds: number[];
  s: string | null;
  a: number;
  b: number;
  c: number;
  /** A dentry's d_unhashed. */
  u: boolean;
}

/** A growable counter per id. */
export class Counts {
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

/** Those fields as `rec` has them now, written over what `seen` remembered. */
export function refreshSeen(k: number, rec: unknown, seen: Seen): void {
  switch (k) {
    case INODE: {
      const i = rec as Inode;
      seen.s = i.type;
      seen.a = i.i_sb;
      seen.b = i.i_flags & S_DEAD;
      return;
    }
    case DENTRY: {
      const d = rec as Dentry;
      seen.s = d.d_name;
      seen.a = d.d_sb;
      seen.b = d.d_inode ?? -1;
      seen.c = d.d_parent;
      seen.u = d.d_unhashed;
      return;
    }
    case MOUNT:
      seen.a = (rec as Mount).mnt_sb;
      return;
    case SB:
      seen.s = (rec as SuperBlock).s_type;
      return;
    default:
      return;
  }
}

type SeenTables = (Seen | undefined)[][];

/** A whole walk's predecessor: the tallies and memory it replaced. */
interface Replaced {
  readonly tallies: Counts[];
  readonly seen: SeenTables;
}

export class Memory {
  tallies: Counts[] = [];
  /** What each record held when last seen, by kind and id: an array, not a Map (ids stay below MAX_ID). */
  seen: SeenTables = [];
  /** The journal: tally changes (tally, id, by), and records' memories replaced (kind, id, old). */
  private readonly bumps: number[] = [];
  private readonly seenAt: number[] = [];
  private readonly seenOld: (Seen | undefined)[] = [];
  /** Per open mark: where its entries start in bumps and seenOld. */
  private readonly starts: number[] = [];
  /** Per open mark: what a whole walk in it replaced (its first), after which nothing more is journaled. */
  private readonly replaced: (Replaced | null)[] = [];
  private recording = false;
  /** Memories no longer remembered by anything, for reuse. */
  private readonly spare: Seen[] = [];

  /** How many marks are open. */
  get depth(): number {
    return this.replaced.length;
  }

  /** From here on, every change is journaled until the matching rollback. */
  mark(): void {
    this.starts.push(this.bumps.length, this.seenOld.length);
    this.replaced.push(null);
    this.recording = true;
  }

  /** Everything as it was at the last open mark, which closes. */
  rollback(): void {
    const whole = this.replaced.pop();
    const seenFrom = this.starts.pop();
    const bumpsFrom = this.starts.pop();
    if (whole === undefined || seenFrom === undefined || bumpsFrom === undefined)
      throw new ModelBug('an incremental check rolled back with no mark');
    // What a walk replaced is the memory as it was when the walk began; the entries before it undo the rest.
    if (whole !== null) {
      this.tallies = whole.tallies;
      this.seen = whole.seen;
    }
    const bumps = this.bumps;
    for (let n = bumps.length - 3; n >= bumpsFrom; n -= 3)
      this.tallies[bumps[n] ?? 0]?.add(bumps[n + 1] ?? 0, -(bumps[n + 2] ?? 0));
    bumps.length = bumpsFrom;
    for (let n = this.seenOld.length - 1; n >= seenFrom; n--) {
      const k = this.seenAt[2 * n] ?? 0;
      const id = this.seenAt[2 * n + 1] ?? 0;
      const table = this.seen[k] ?? [];
      // Made since the mark, so remembered by nothing else.
      const now = table[id];
      if (now !== undefined) this.spare.push(now);
      table[id] = this.seenOld[n];
    }
    this.seenOld.length = seenFrom;
    this.seenAt.length = 2 * seenFrom;
    this.recording = this.replaced.length > 0 && this.replaced[this.replaced.length - 1] === null;
  }

  /** All of it as plain data, copied: two memories remembering the same give equal ones. */
  plain(): PlainMemory {
    return plainOf(this);
  }

  /** Empty tallies and memory, for a walk of the whole world. */
  clear(): void {
    if (this.recording) {
      this.replaced[this.replaced.length - 1] = { tallies: this.tallies, seen: this.seen };
      this.recording = false;
    }
    this.tallies = Array.from({ length: TALLIES }, () => new Counts());
    this.seen = TABLES.map((): (Seen | undefined)[] => []);
  }

  bump(t: number, id: number, by: number): void {
    this.tallies[t]?.add(id, by);
    if (this.recording) this.bumps.push(t, id, by);
  }

  /** Record `k`/`id` remembered as `s` (undefined: gone). */
  put(k: number, id: number, s: Seen | undefined): void {
    const table = this.seen[k] ?? [];
    if (this.recording) {
      this.seenAt.push(k, id);
      this.seenOld.push(table[id]);
    }
    table[id] = s;
  }

  /** A memory of `holds[0 .. n)` and `rec`'s fields, for record `k`/`id`, which had none. */
  add(k: number, id: number, rec: unknown, holds: readonly number[], n: number): void {
    const s = this.spare.pop() ?? { holds: [], s: null, a: 0, b: 0, c: 0, u: false };
    s.s = null;
    s.a = s.b = s.c = 0;
    s.u = false;
    copyInto(s.holds, holds, n);
    refreshSeen(k, rec, s);
    this.put(k, id, s);
  }

  /**
   * `before`, record `k`/`id`'s memory, made `holds[0 .. n)` and `rec`'s fields: in place (less garbage),
   * or, while journaling, in another memory put in its place (`before` stays as it was, for a rollback).
   */
  rewrite(k: number, id: number, before: Seen, rec: unknown, holds: readonly number[], n: number): void {
    let s = before;
    if (this.recording) {
      s = this.spare.pop() ?? { holds: [], s: null, a: 0, b: 0, c: 0, u: false };
      s.s = before.s;
      s.a = before.a;
      s.b = before.b;
      s.c = before.c;
      s.u = before.u;
      this.put(k, id, s);
    }
    copyInto(s.holds, holds, n);
    refreshSeen(k, rec, s);
  }
}

/** A memory as plain data: the tallies' nonzero cells (tally, id, count), each record's memory (kind, id, it). */
export interface PlainMemory {
  readonly tallies: readonly (readonly [number, number, number])[];
  readonly seen: readonly (readonly [number, number, Seen])[];
}

function plainOf(m: Memory): PlainMemory {
  const tallies: [number, number, number][] = [];
  m.tallies.forEach((c, t) => c.v.forEach((n, id) => void (n !== 0 && tallies.push([t, id, n]))));
  const seen: [number, number, Seen][] = [];
  m.seen.forEach((table, k) =>
    table.forEach((x, id) => void (x !== undefined && seen.push([k, id, { ...x, holds: x.holds.slice() }]))),
  );
  return { tallies, seen };
}

/** `to` made `from[0 .. n)`: cut only when longer, then written in place or appended (never holey). */
function copyInto(to: number[], from: readonly number[], n: number): void {
  if (to.length > n) to.length = n;
  for (let i = 0; i < n; i++) to[i] = from[i] ?? 0;
}
