import { describe, expect, it } from 'vitest';
import { FingerprintSet } from '../../src/checker/search/fingerprint-set.js';

/** Fingerprints with many equal halves, so probing and growth meet neighbours and near misses. */
function sample(n: number): { hi: number; lo: number }[] {
  const out: { hi: number; lo: number }[] = [];
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.push({ hi: x % 97, lo: (x >>> 7) % 5003 || 1 });
  }
  return out;
}

describe('a fingerprint set', () => {
  it('answers as a Set of the pairs does, across many growths', () => {
    const set = new FingerprintSet(4);
    const ref = new Set<string>();
    for (const f of sample(60_000)) {
      const k = `${f.hi}:${f.lo}`;
      expect(set.add(f)).toBe(!ref.has(k));
      ref.add(k);
    }
    expect(set.size).toBe(ref.size);
    for (const f of sample(70_000)) expect(set.has(f)).toBe(ref.has(`${f.hi}:${f.lo}`));
  });

  it('holds a state in at most 32 bytes', () => {
    const set = new FingerprintSet();
    for (let i = 1; i <= 100_000; i++) set.add({ hi: i, lo: Math.imul(i, 2654435761) >>> 0 || 1 });
    expect(set.bytes / set.size).toBeLessThanOrEqual(32);
  });
});
