// The distributed search's jobs keep fingerprints as numbers and write keys only for states they
// send on: each formula on a fingerprint must be the one on its key, or partitions would disagree.
import { describe, expect, it } from 'vitest';
import { fingerprint, type Fingerprint } from '../../src/checker/fingerprint.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import {
  distKey,
  distKeyOf,
  distOwner,
  distOwnerOf,
  isDistKey,
  parseDistKey,
} from '../../src/checker/search/dist-key.js';
import { allWorlds } from '../helpers/world-grouping.js';

const fingerprints: Fingerprint[] = [
  ...allWorlds(startWorld('relink'), RELINK_ALPHABET, 2).map(fingerprint),
  // The edges of both words, the high one past 2^31 (where a signed word would go negative).
  { hi: 0xffffffff, lo: 0xffffffff },
  { hi: 0x80000000, lo: 1 },
  { hi: 0, lo: 1 },
  { hi: 7, lo: 0 },
];

describe('a distributed key', () => {
  it('is sixteen hex digits that parse back to the fingerprint', () => {
    for (const f of fingerprints) {
      expect(isDistKey(distKeyOf(f))).toBe(true);
      expect(parseDistKey(distKeyOf(f))).toEqual(f);
    }
  });

  it('names a world by its canonical fingerprint', () => {
    const w = startWorld('relink');
    expect(distKey(w)).toBe(distKeyOf(fingerprint(w)));
  });

  it('has the owner of its fingerprint, its first eight digits’ remainder, for every partition count', () => {
    for (const f of fingerprints)
      for (let n = 1; n <= 9; n++) {
        const key = distKeyOf(f);
        expect(distOwnerOf(f, n)).toBe(Number.parseInt(key.slice(0, 8), 16) % n);
        expect(distOwner(key, n)).toBe(distOwnerOf(f, n));
      }
  });

  it('is refused when it is not sixteen lower-case hex digits', () => {
    for (const bad of ['', '0123456789abcdef0', '0123456789ABCDEF', '0123456789abcde g'])
      expect(() => parseDistKey(bad)).toThrow(/not a fingerprint/);
  });
});
