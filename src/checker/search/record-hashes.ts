/**
 * rawFingerprint (raw-fingerprint.ts) kept up to date on the search's one mutable world
 * (undo-world.ts): each record's hash is remembered by table and id, and after a call only the
 * records it noted are hashed again, their old hashes taken out of the sum and the new ones put in;
 * an undo puts the old hashes back. The sum and the words around it are the ones rawFingerprint
 * builds, so the value is rawFingerprint's own (test/checker/inplace-search.test.ts). With a call
 * in flight (the split steps: rare) the whole rawFingerprint is taken, which hashes the calls too.
 */
import type { World } from '../../model/world.js';
import { SYSCTL_NAMES } from '../../model/sysctl.js';
import { ModelBug } from '../../model/errors.js';
import {
  walkDentry,
  walkFdTable,
  walkFile,
  walkInode,
  walkMntNs,
  walkMount,
  walkSuperBlock,
  walkTask,
  type CanonicalSink,
  type IdNamer,
} from '../canonical-records.js';
import { HashSink, type Fingerprint } from '../fingerprint-hash.js';
import { rawFingerprint } from '../raw-fingerprint.js';
import { TABLE_NAMES, type Frame } from './undo-world.js';

const AS_IS: IdNamer = { raw: true, id: (_kind, id) => id ?? null, ino: (_sb, ino) => ino };

type Walk = (s: CanonicalSink, r: IdNamer, id: number, rec: never) => void;

/** The record walks by kind, in TABLE_NAMES's order. */
const WALKS: readonly Walk[] = [
  walkInode,
  walkDentry,
  walkMount,
  walkSuperBlock,
  walkFile,
  walkFdTable,
  (s, r, _pid, t) => walkTask(s, r, t),
  walkMntNs,
];

const TWO_32 = 4294967296;

export class RecordHashes {
  /** Per kind, per id: the record's hash in the world now. */
  private readonly hashes: (Fingerprint | undefined)[][] = TABLE_NAMES.map(() => []);
  /** rawFingerprint's sum: high halves mod 2^32, low halves summed exactly (carried at the end). */
  private hi = 0;
  private lo = 0;
  private count = 0;
  /** The hashes each update replaced, by kind and id, and where each update's start in them. */
  private readonly kinds: number[] = [];
  private readonly ids: number[] = [];
  private readonly olds: (Fingerprint | undefined)[] = [];
  private readonly starts: number[] = [];

  constructor(w: World) {
    for (const [k, name] of TABLE_NAMES.entries()) {
      const table = w[name] as Readonly<Record<number, object>>;
      for (const key of Object.keys(table)) this.put(k, Number(key), table);
    }
  }

  /** The records `f` noted hashed again from `w` (the world after its call). */
  update(w: World, f: Frame): void {
    this.starts.push(this.kinds.length);
    for (let n = 0; n < f.kinds.length; n++) {
      const k = f.kinds[n] ?? -1;
      const id = f.ids[n] ?? -1;
      const old = this.hashes[k]?.[id];
      this.kinds.push(k);
      this.ids.push(id);
      this.olds.push(old);
      if (old !== undefined) this.add(old, -1);
      this.put(k, id, w[TABLE_NAMES[k] ?? 'inodes']);
    }
  }

  /** Takes the last update back (after its call was undone). */
  revert(): void {
    const start = this.starts.pop();
    if (start === undefined) throw new ModelBug('no record hashes to revert');
    for (let n = this.kinds.length - 1; n >= start; n--) {
      const k = this.kinds[n] ?? -1;
      const id = this.ids[n] ?? -1;
      const row = this.hashes[k];
      if (row === undefined) throw new ModelBug(`record hashes of kind ${k}`);
      const now = row[id];
      if (now !== undefined) this.add(now, -1);
      const old = this.olds[n];
      row[id] = old;
      if (old !== undefined) this.add(old, 1);
    }
    this.kinds.length = this.ids.length = this.olds.length = start;
  }

  /** rawFingerprint(w), for the world these hashes describe. */
  fingerprint(w: World): Fingerprint {
    if (w.inflight !== undefined) return rawFingerprint(w);
    const s = new HashSink();
    s.val(w.kernel);
    for (const n of SYSCTL_NAMES) s.val(w.sysctl[n]);
    const carry = Math.floor(this.lo / TWO_32);
    s.word(this.count);
    s.word((this.hi + carry) | 0);
    s.word((this.lo % TWO_32) | 0);
    s.nested(w.next);
    return s.result();
  }

  /** Hashes `table[id]` (absent: no hash) into the sum. */
  private put(k: number, id: number, table: Readonly<Record<number, object>>): void {
    const row = this.hashes[k];
    const walk = WALKS[k];
    if (row === undefined || walk === undefined) throw new ModelBug(`record hashes of kind ${k}`);
    const rec = table[id];
    if (rec === undefined) {
      row[id] = undefined;
      return;
    }
    const s = new HashSink();
    walk(s, AS_IS, id, rec as never);
    const fp = s.result();
    row[id] = fp;
    this.add(fp, 1);
  }

  private add(fp: Fingerprint, sign: 1 | -1): void {
    this.hi = (this.hi + sign * fp.hi) | 0;
    this.lo += sign * fp.lo;
    this.count += sign;
  }
}
