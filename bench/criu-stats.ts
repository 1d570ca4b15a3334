/**
 * CRIU's own timings: the stats images a dump and a restore leave in the image directory
 * (`stats-dump`, `stats-restore`), which the CRIU guest prints as hex (kernel-patches/criu/bench.sh;
 * crit is not in the guest). An image is two u32 magics, a u32 length and one StatsEntry message
 * (CRIU 3.17, images/stats.proto): field 1 a DumpStatsEntry, field 2 a RestoreStatsEntry. Times are
 * microseconds (criu/stats.c: encode_time).
 */
import { GuestError } from '../src/model/errors.js';

export interface DumpStats {
  readonly freezingUs: number;
  /** From the freeze to the end of the dump: how long the task could not run. */
  readonly frozenUs: number;
  readonly memdumpUs: number;
  readonly memwriteUs: number;
  readonly pagesScanned: number;
  readonly pagesWritten: number;
}

export interface RestoreStats {
  readonly forkingUs: number;
  readonly restoreUs: number;
}

/** criu/include/magic.h: IMG_SERVICE_MAGIC, then STATS_MAGIC. */
const SERVICE_MAGIC = 0x55105940;
const STATS_MAGIC = 0x57093306;

/** A message's varint and length-delimited fields by number (the last of each wins, as protobuf's). */
interface Fields {
  readonly varints: Map<number, number>;
  readonly bytes: Map<number, Uint8Array>;
}

function readFields(buf: Uint8Array): Fields {
  const varints = new Map<number, number>();
  const bytes = new Map<number, Uint8Array>();
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let scale = 1; ; scale *= 128) {
      const b = buf[at++];
      if (b === undefined) throw new GuestError('CRIU stats image: a varint runs past the end');
      value += (b & 0x7f) * scale; // no bit shifts: they would cut the value to 32 bits
      if (b < 0x80) return value;
    }
  };
  while (at < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) varints.set(field, varint());
    else if (wire === 2) {
      const len = varint();
      if (at + len > buf.length) throw new GuestError(`CRIU stats image: field ${field} runs past the end`);
      bytes.set(field, buf.subarray(at, at + len));
      at += len;
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else throw new GuestError(`CRIU stats image: wire type ${wire} of field ${field}`);
  }
  return { varints, bytes };
}

/** The StatsEntry of a stats image given as hex, after its magics and length are checked. */
function statsEntry(hex: string): Fields {
  if (!/^(?:[0-9a-f]{2})+$/.test(hex)) throw new GuestError(`CRIU stats image: not hex: ${hex.slice(0, 40)}`);
  const buf = Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
  const view = new DataView(buf.buffer);
  if (buf.length < 12 || view.getUint32(0, true) !== SERVICE_MAGIC || view.getUint32(4, true) !== STATS_MAGIC)
    throw new GuestError(`CRIU stats image: not a stats image (magics ${hex.slice(0, 16)})`);
  const len = view.getUint32(8, true);
  if (12 + len !== buf.length) throw new GuestError(`CRIU stats image: an entry of ${len} bytes in ${buf.length}`);
  return readFields(buf.subarray(12));
}

function required(f: Fields, field: number, what: string): number {
  const v = f.varints.get(field);
  if (v === undefined) throw new GuestError(`CRIU stats image: no ${what} (field ${field})`);
  return v;
}

function entry(hex: string, field: 1 | 2, what: string): Fields {
  const inner = statsEntry(hex).bytes.get(field);
  if (inner === undefined) throw new GuestError(`CRIU stats image: no ${what} entry`);
  return readFields(inner);
}

/** `stats-dump`: a StatsEntry with its dump field (images/stats.proto, dump_stats_entry). */
export function dumpStats(hex: string): DumpStats {
  const d = entry(hex, 1, 'dump');
  return {
    freezingUs: required(d, 1, 'freezing_time'),
    frozenUs: required(d, 2, 'frozen_time'),
    memdumpUs: required(d, 3, 'memdump_time'),
    memwriteUs: required(d, 4, 'memwrite_time'),
    pagesScanned: required(d, 5, 'pages_scanned'),
    pagesWritten: required(d, 7, 'pages_written'),
  };
}

/** `stats-restore`: a StatsEntry with its restore field (restore_stats_entry). */
export function restoreStats(hex: string): RestoreStats {
  const r = entry(hex, 2, 'restore');
  return {
    forkingUs: required(r, 3, 'forking_time'),
    restoreUs: required(r, 4, 'restore_time'),
  };
}
