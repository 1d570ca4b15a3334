// The 64-bit fingerprint stands for the canonical key in the visited sets: over every world three
// ops from the start, two share a fingerprint exactly when they share a key (no merge the key
// would not make, no split).
import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { rawStateKey, stateKey } from '../../src/checker/canonical.js';
import { fingerprint, fingerprintHex, rawFingerprint } from '../../src/checker/fingerprint.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import { step } from '../../src/ops/run/step.js';
import { allWorlds, partitionBy } from '../helpers/world-grouping.js';

describe('fingerprints', () => {
  for (const kernel of ['relink', 'relink-option-leak']) {
    it(`group ${kernel} worlds exactly as the canonical key does`, () => {
      const worlds = allWorlds(startWorld(kernel), RELINK_ALPHABET, 3);
      expect(new Set(worlds.map(stateKey)).size).toBeGreaterThan(100);
      expect(partitionBy(worlds, (w) => fingerprintHex(fingerprint(w)))).toEqual(partitionBy(worlds, stateKey));
    });

    it(`group ${kernel} worlds exactly as the raw key does, without symmetry reduction`, () => {
      const worlds = allWorlds(startWorld(kernel), RELINK_ALPHABET, 3);
      expect(partitionBy(worlds, (w) => fingerprintHex(rawFingerprint(w)))).toEqual(partitionBy(worlds, rawStateKey));
    });
  }

  it('are equal for worlds that differ only in the ids they allocated', () => {
    const w = startWorld('relink');
    const open = { call: 'open', path: '/x', flags: 0o102, mode: 0o644 } as const;
    const burnt = produce(w, (d) => {
      d.next.inode += 7;
      d.next.file += 3;
    });
    const a = step(w, 2, open).world;
    const b = step(burnt, 2, open).world;
    expect(fingerprint(a)).toEqual(fingerprint(b));
    expect(rawFingerprint(a)).not.toEqual(rawFingerprint(b));
  });

  it('differ when one byte of a file differs', () => {
    const w = startWorld('relink');
    const opened = step(w, 2, { call: 'open', path: '/x', flags: 0o102, mode: 0o644 }).world;
    const a = step(opened, 2, { call: 'write', fd: 3, data: 'ab' }).world;
    const b = step(opened, 2, { call: 'write', fd: 3, data: 'ac' }).world;
    expect(fingerprint(a)).not.toEqual(fingerprint(b));
  });

  it('never use (0, 0), the empty slot of a fingerprint set', () => {
    for (const w of allWorlds(startWorld('relink'), RELINK_ALPHABET, 3))
      expect(fingerprint(w).hi !== 0 || fingerprint(w).lo !== 0).toBe(true);
  });
});
