/**
 * rawFingerprint (raw-fingerprint.ts) kept up to date on the search's one mutable world
 * (undo-world.ts): each record's hash is remembered by table and id, and after a call only the
 * records it noted are hashed again, their old hashes taken out of the sum and the new ones put in;
 * an undo puts the old hashes back. The sum (RecordSum) and the words around it
 * (rawFingerprintOf, the calls in flight included) are raw-fingerprint.ts's own, so the value is
 * rawFingerprint's (test/checker/inplace-search.test.ts).
 */
import type { World } from '../../model/world.js';
import { ModelBug } from '../../model/errors.js';
import { HashSink, type Fingerprint } from '../fingerprint-hash.js';
import { AS_IS, RAW_WALKS, RecordSum, rawFingerprintOf } from '../raw-fingerprint.js';
import { TABLE_NAMES, type Frame } from './undo-world.js';

export class RecordHashes {
  /** Per kind, per id: the record's hash in the world now. */
  private readonly hashes: (Fingerprint | undefined)[][] = TABLE_NAMES.map(() => []);
  /** The sum rawFingerprint makes of the world's records, kept up to date. */
  private readonly sum = new RecordSum();
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
      if (old !== undefined) this.sum.add(old, -1);
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
      if (now !== undefined) this.sum.add(now, -1);
      const old = this.olds[n];
      row[id] = old;
      if (old !== undefined) this.sum.add(old, 1);
    }
    this.kinds.length = this.ids.length = this.olds.length = start;
  }

  /** rawFingerprint(w), for the world these hashes describe. */
  fingerprint(w: World): Fingerprint {
    return rawFingerprintOf(w, this.sum);
  }

  /** Hashes `table[id]` (absent: no hash) into the sum. */
  private put(k: number, id: number, table: Readonly<Record<number, object>>): void {
    const row = this.hashes[k];
    const walk = RAW_WALKS[k];
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
    this.sum.add(fp, 1);
  }
}
