// One record of a world as the raw walk emits it (text) and as the raw record hash sums it: what
// the record-hash tests compare, the walk being the reference a hash must tell records apart as.
import type { CanonicalSink } from '../../src/checker/canonical-records.js';
import { AS_IS, RAW_WALKS, hashRecordInto } from '../../src/checker/raw-fingerprint.js';
import { RAW_HASHES } from '../../src/checker/raw-record-hash.js';

/** The raw walk of record `id` of kind `k` as text: what it emits, value by value (numbers' types kept). */
export function walked(k: number, id: number, rec: object): string {
  const walk = RAW_WALKS[k];
  if (walk === undefined) throw new Error(`no raw walk of kind ${k}`);
  const out: unknown[] = [k];
  const sink: CanonicalSink = {
    tag: (t) => out.push(['tag', t]),
    val: (v) => out.push(typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
    nested: (v) => out.push(['nested', v === undefined ? 'undefined' : v]),
  };
  walk(sink, AS_IS, id, rec as never);
  return JSON.stringify(out);
}

/** The raw record hash of record `id` of kind `k`, both halves. */
export function hashed(k: number, id: number, rec: object): string {
  const hash = RAW_HASHES[k];
  if (hash === undefined) throw new Error(`no raw hash of kind ${k}`);
  const s = hashRecordInto(hash, id, rec);
  return `${s.hi}:${s.lo}`;
}
