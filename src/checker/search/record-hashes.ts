/**
 * rawFingerprint (raw-fingerprint.ts) kept up to date on the search's one mutable world
 * (undo-world.ts): each record's hash is remembered by table and id, and after a call only the
 * records it noted are hashed again, their old hashes taken out of the sum and the new ones put in;
 * an undo puts the old hashes and the sum before the call back. The record hashes (RAW_HASHES), the
 * sum (RecordSum) and the words around it (rawFingerprintOf, the calls in flight included) are
 * raw-fingerprint.ts's own, so the value is rawFingerprint's (test/checker/inplace-search.test.ts).
 *
 * Hashes are kept as their two halves in arrays of numbers, no object per record: a record's
 * hash is never (0, 0) (HashSink.finish), so (0, 0) stands for no record.
 */
import type { World } from '../../model/world.js';
import { ModelBug } from '../../model/errors.js';
import type { Fingerprint } from '../fingerprint-hash.js';
import { RAW_HASHES } from '../raw-record-hash.js';
import { RecordSum, hashRecordInto, rawFingerprintOf } from '../raw-fingerprint.js';
import { TABLE_NAMES, type Frame } from './undo-world.js';

type Table = Readonly<Record<number, object>>;

export class RecordHashes {
  /** Per kind, per id: the halves of the record's hash in the world now (0, 0 or nothing: none). */
  private readonly his: number[][] = TABLE_NAMES.map(() => []);
  private readonly los: number[][] = TABLE_NAMES.map(() => []);
  /** The sum rawFingerprint makes of the world's records, kept up to date. */
  private readonly sum = new RecordSum();
  /** Per update not reverted: the sum before it (three numbers) and where its entries start. */
  private readonly sums: number[] = [];
  private readonly starts: number[] = [];
  /**
   * Per record an update hashed again: its kind and id, and the halves of the hash it replaced; the
   * first `n` entries (reused, not truncated).
   */
  private readonly kinds: number[] = [];
  private readonly ids: number[] = [];
  private readonly oldHis: number[] = [];
  private readonly oldLos: number[] = [];
  private n = 0;

  constructor(w: World) {
    for (const [k, name] of TABLE_NAMES.entries()) {
      const table = w[name] as Table;
      for (const key of Object.keys(table)) this.put(k, Number(key), table);
    }
  }

  /** The records `f` noted hashed again from `w` (the world after its call). */
  update(w: World, f: Frame): void {
    this.starts.push(this.n);
    this.sum.pushTo(this.sums);
    const fk = f.kinds;
    const fi = f.ids;
    for (let n = 0; n < f.count; n++) {
      const k = fk[n] ?? -1;
      const id = fi[n] ?? -1;
      const his = this.his[k];
      const los = this.los[k];
      const name = TABLE_NAMES[k];
      if (his === undefined || los === undefined || name === undefined)
        throw new ModelBug(`record hashes of kind ${k}`);
      const hi = his[id] ?? 0;
      const lo = los[id] ?? 0;
      const at = this.n++;
      this.kinds[at] = k;
      this.ids[at] = id;
      this.oldHis[at] = hi;
      this.oldLos[at] = lo;
      if (hi !== 0 || lo !== 0) this.sum.addHalves(hi, lo, -1);
      this.put(k, id, w[name]);
    }
  }

  /** Takes the last update back (after its call was undone). */
  revert(): void {
    const start = this.starts.pop();
    if (start === undefined) throw new ModelBug('no record hashes to revert');
    for (let n = this.n - 1; n >= start; n--) {
      const k = this.kinds[n] ?? -1;
      const id = this.ids[n] ?? -1;
      const his = this.his[k];
      const los = this.los[k];
      if (his === undefined || los === undefined) throw new ModelBug(`record hashes of kind ${k}`);
      his[id] = this.oldHis[n] ?? 0;
      los[id] = this.oldLos[n] ?? 0;
    }
    this.sum.popFrom(this.sums);
    this.n = start;
  }

  /** rawFingerprint(w), for the world these hashes describe. */
  fingerprint(w: World): Fingerprint {
    return rawFingerprintOf(w, this.sum);
  }

  /** Hashes `table[id]` (absent: no hash) into the sum. */
  private put(k: number, id: number, table: Table): void {
    const his = this.his[k];
    const los = this.los[k];
    const hash = RAW_HASHES[k];
    if (his === undefined || los === undefined || hash === undefined) throw new ModelBug(`record hashes of kind ${k}`);
    const rec = table[id];
    if (rec === undefined) {
      his[id] = 0;
      los[id] = 0;
      return;
    }
    const s = hashRecordInto(hash, id, rec);
    his[id] = s.hi;
    los[id] = s.lo;
    this.sum.addHalves(s.hi, s.lo, 1);
  }
}
