/**
 * State keys of Worlds: the SHA-1 of a JSON text of the canonical traversal (canonical-walk.ts,
 * which says what is renamed and what is left out). The explorers' visited sets hold the 64-bit
 * fingerprints of the same traversal (fingerprint.ts); these keys are for what must be exact and
 * readable by another process: shard files, partition ownership, tests comparing states.
 */
import { createHash } from 'node:crypto';
import type { World } from '../model/world.js';
import { walkCanonical, type CanonicalSink } from './canonical-walk.js';

/** Collects the traversal as a list of records, each a list of its values. */
class TextSink implements CanonicalSink {
  readonly records: unknown[][] = [[]];
  private cur: unknown[] = this.records[0] ?? [];

  tag(t: string): void {
    this.cur = [t];
    this.records.push(this.cur);
  }
  val(v: number | string | boolean | null): void {
    this.cur.push(v);
  }
  nested(v: unknown): void {
    this.cur.push(v);
  }
}

/** The canonical text of a world (deterministic JSON); `raw` keeps ids as allocated. */
export function canonicalText(w: World, raw = false): string {
  const s = new TextSink();
  walkCanonical(w, raw, s);
  return JSON.stringify(s.records);
}

// A failed call returns the same World object, so its key is asked for again: remember it.
const keys = new WeakMap<World, string>();

/** A 20-byte key of the canonical form, with symmetry reduction. */
export function stateKey(w: World): string {
  let k = keys.get(w);
  if (k === undefined) {
    k = createHash('sha1').update(canonicalText(w)).digest('base64');
    keys.set(w, k);
  }
  return k;
}

/**
 * The same without symmetry reduction: ids kept as allocated, and the id counters too (the raw
 * walk's last record), so the count does not depend on which of two such worlds came first.
 */
export function rawStateKey(w: World): string {
  return createHash('sha1').update(canonicalText(w, true)).digest('base64');
}
