/**
 * A set of 64-bit fingerprints in one typed array (open addressing, linear probing): 8 bytes a
 * slot, kept at most half full, so 16 to 32 bytes a state, where a Set of 28-character SHA-1
 * keys took about 100. (0, 0) marks an empty slot; fingerprint.ts never returns it.
 */
import type { Fingerprint } from '../fingerprint.js';

export class FingerprintSet {
  private slots: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1 << 12) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.slots = new Uint32Array(n * 2);
    this.mask = n - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the table (what a stored state costs here). */
  get bytes(): number {
    return this.slots.byteLength;
  }

  has(f: Fingerprint): boolean {
    return this.find(f.hi, f.lo) < 0;
  }

  /** Adds `f`; true when it was not there before. */
  add(f: Fingerprint): boolean {
    const at = this.find(f.hi, f.lo);
    if (at < 0) return false;
    this.slots[at] = f.hi;
    this.slots[at + 1] = f.lo;
    if (++this.count * 2 > this.mask + 1) this.grow();
    return true;
  }

  /** The free slot's index for (hi, lo), or -1 when it is present. */
  private find(hi: number, lo: number): number {
    const s = this.slots;
    // Fingerprints are hashes already; mixing both halves still keeps structured ones apart.
    let h = Math.imul(hi ^ Math.imul(lo, 0x85ebca6b), 0xc2b2ae35);
    h ^= h >>> 15;
    let i = h & this.mask;
    for (;;) {
      const a = s[2 * i] ?? 0;
      const b = s[2 * i + 1] ?? 0;
      if (a === 0 && b === 0) return 2 * i;
      if (a === hi && b === lo) return -1;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j] ?? 0;
      const lo = old[j + 1] ?? 0;
      if (hi === 0 && lo === 0) continue;
      const at = this.find(hi, lo);
      this.slots[at] = hi;
      this.slots[at + 1] = lo;
    }
  }
}
