// The breadth-first search with sleep sets (src/checker/search/sleep-sets.ts) against the plain one:
// the same states at every depth, every op from every state either taken or run for its laws
// asleep, and on every seeded bug a counterexample of the same length.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/checker/search/bfs.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import { SECURITY_ALPHABET, SECURITY_STARTS, securityStartWorld } from '../../src/checker/security-alphabet.js';
import { SEEDED_BUGS } from '../../src/model/kernel.js';
import { applyOp } from '../../src/checker/search/apply-op.js';
import type { World } from '../../src/model/world.js';

describe('sleep sets keep every state', () => {
  for (const [kernel, key, depth] of [
    ['relink', 'raw', 5],
    ['relink', 'canonical', 6],
    ['mainline', 'canonical', 5],
  ] as const) {
    it(`the same states per level as the plain search, fewer transitions taken (${kernel}, ${key} keys, depth ${depth})`, () => {
      const plain = exhaustive(kernel, depth, RELINK_ALPHABET, { key });
      const reduced = exhaustive(kernel, depth, RELINK_ALPHABET, { key, reduction: 'sleep-sets' });
      expect(reduced.counterexample).toBeNull();
      expect(reduced.statesPerLevel).toEqual(plain.statesPerLevel);
      expect(reduced.distinctStates).toBe(plain.distinctStates);
      expect(reduced.transitions + (reduced.slept ?? 0)).toBe(plain.transitions);
      expect(reduced.slept ?? 0).toBeGreaterThan(0);
    });
  }

  it('the same states on the security alphabet, whose looking op is dependent with every other', () => {
    const start = SECURITY_STARTS[0];
    if (start === undefined) throw new Error('no start');
    const w = securityStartWorld('relink', start);
    const plain = exhaustive('relink', 4, SECURITY_ALPHABET, { start: w });
    const reduced = exhaustive('relink', 4, SECURITY_ALPHABET, { start: w, reduction: 'sleep-sets' });
    expect(reduced.statesPerLevel).toEqual(plain.statesPerLevel);
    expect(reduced.transitions + (reduced.slept ?? 0)).toBe(plain.transitions);
  });
});

describe('sleep sets find every seeded bug the plain search finds, as short', () => {
  for (const bug of SEEDED_BUGS) {
    it(bug, () => {
      const plain = exhaustive(bug, 5, RELINK_ALPHABET, { key: 'canonical' });
      const reduced = exhaustive(bug, 5, RELINK_ALPHABET, { key: 'canonical', reduction: 'sleep-sets' });
      expect(reduced.counterexample?.ops.length).toBe(plain.counterexample?.ops.length);
      expect(reduced.statesPerLevel.slice(0, -1)).toEqual(plain.statesPerLevel.slice(0, -1));
      if (reduced.counterexample === null) return;
      // The reduced search's counterexample is a real one: replayed, its last op breaks a law.
      let w: World = startWorld(bug);
      let broken: readonly unknown[] = [];
      for (const op of reduced.counterexample.ops) {
        const r = applyOp(w, op);
        if (r === null) throw new Error(`${op.label} did not run`);
        w = r.world;
        broken = r.violations;
      }
      expect(broken.length).toBeGreaterThan(0);
    });
  }
});
