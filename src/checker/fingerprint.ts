/**
 * 64-bit fingerprints of Worlds, what the explorers keep per visited state (SPIN's hash
 * compaction, TLC's fingerprints): the canonical traversal (canonical-walk.ts) fed value by value
 * into two 32-bit MurmurHash3 lanes, with no text built. Every value goes in with a type code and
 * every string and list with its length, so two different walks differ in the words hashed; they
 * can still collide in the 64 bits, with probability about n^2 / 2^65 for n states (under 1 in
 * 10,000 at ten million states), the price every fingerprinting checker pays and states.
 */
import type { World } from '../model/world.js';
import { walkCanonical } from './canonical-walk.js';
import { HashSink, type Fingerprint } from './fingerprint-hash.js';

export type { Fingerprint } from './fingerprint-hash.js';
export { rawFingerprint } from './raw-fingerprint.js';

// A failed call returns the same World object, so its fingerprint is asked for again: remember it.
const cache = new WeakMap<World, Fingerprint>();

/** The fingerprint of `w`'s canonical form, with symmetry reduction (ids and inode numbers renamed). */
export function fingerprint(w: World): Fingerprint {
  let f = cache.get(w);
  if (f === undefined) {
    const s = new HashSink();
    walkCanonical(w, false, s);
    f = s.result();
    cache.set(w, f);
  }
  return f;
}

/** Sixteen hex digits, for files and messages. */
export function fingerprintHex(f: Fingerprint): string {
  return f.hi.toString(16).padStart(8, '0') + f.lo.toString(16).padStart(8, '0');
}
