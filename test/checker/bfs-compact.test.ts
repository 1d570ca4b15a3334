// The exhaustive search stores fingerprints and paths, not worlds: what that costs and that it
// gives the same answer wherever the frontier lives.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/checker/search/explore.js';
import { answer } from './search-helpers.js';

describe('the compact breadth-first search', () => {
  it('gives the same answer with its frontier spilled to disk', () => {
    const inMemory = exhaustive('relink', 5);
    const spilled = exhaustive('relink', 5, undefined, { spillBytes: 0 });
    expect(spilled.compact?.spilledBytes).toBeGreaterThan(0);
    expect(answer(spilled)).toEqual(answer(inMemory));
  });

  it('gives the same counterexample with its frontier spilled to disk', () => {
    const inMemory = exhaustive('fifo-relink-drops-buffer', 5);
    const spilled = exhaustive('fifo-relink-drops-buffer', 5, undefined, { spillBytes: 0 });
    expect(inMemory.counterexample).not.toBeNull();
    expect(answer(spilled)).toEqual(answer(inMemory));
  });

  it('stores a state in at most 200 bytes at depth 6', () => {
    const s = exhaustive('relink', 6);
    expect(s.distinctStates).toBe(8213);
    expect((s.compact?.storedBytes ?? Infinity) / s.distinctStates).toBeLessThanOrEqual(200);
  });

  it('re-derives, to expand a level, at most one step per state of the levels before it', () => {
    const s = exhaustive('relink', 6);
    const per = s.statesPerLevel;
    let bound = 0;
    // Expanding level d's parents (depth d - 1) steps at most through states of depths 1 .. d - 1.
    for (let d = 1; d < per.length; d++) bound += per.slice(1, d).reduce((a, n) => a + n, 0);
    expect(s.compact?.rederived).toBeGreaterThan(0);
    expect(s.compact?.rederived).toBeLessThanOrEqual(bound);
  });

  it('stops, capped, when its budget of CPU time is spent, with what it found so far', () => {
    const s = exhaustive('relink', 8, undefined, { maxMillis: 50 });
    expect(s.capped).toBe(true);
    expect(s.depth).toBeLessThan(8);
    expect(s.queue).toBeGreaterThan(0);
    expect(s.counterexample).toBeNull();
  });
});
