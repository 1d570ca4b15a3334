// The states/s round against SPIN runs in a process of its own (bench/speed-case-main.ts): it must
// be the same search as the one run here, only timed elsewhere. Needs the build (npm test makes it).
import { describe, expect, it } from 'vitest';
import { benchDepth, benchDepthInProcess } from '../../bench/checker-bench.js';

describe('a speed round in a process of its own', () => {
  it('searches the same states and transitions, with raw keys, as the search in this process', () => {
    const here = benchDepth(4, 'raw');
    const there = benchDepthInProcess(4);
    expect(there.key).toBe('raw');
    expect([there.depth, there.states, there.transitions, there.capped]).toEqual([
      here.depth,
      here.states,
      here.transitions,
      here.capped,
    ]);
    expect(there.statesPerLevel).toEqual(here.statesPerLevel);
    expect(there.cpuMs).toBeGreaterThan(0);
  });
});
