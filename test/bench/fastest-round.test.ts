// The bench's speed figures on a shared machine: the same search run in rounds, in turn with SPIN's,
// each side's fastest round taken (noise only adds CPU time), every round's time kept beside it.
import { describe, expect, it } from 'vitest';
import { fastestRound, type DepthResult } from '../../bench/checker-bench.js';

const round = (cpuMs: number, states = 100): DepthResult => ({
  depth: 7,
  key: 'raw',
  states,
  transitions: 400,
  cpuMs,
  statesPerSec: (states * 1000) / cpuMs,
  bytesPerState: 30,
  storedBytesPerState: 20,
  capped: false,
  statesPerLevel: [1, 99],
});

describe('fastestRound', () => {
  it('gives the round with the least CPU time, and every round time in order', () => {
    const best = fastestRound([round(300), round(200), round(250)]);
    expect(best.cpuMs).toBe(200);
    expect(best.statesPerSec).toBe(500);
    expect(best.roundsCpuMs).toEqual([300, 200, 250]);
  });

  it('refuses rounds that found different states', () => {
    expect(() => fastestRound([round(300), round(200, 101)])).toThrow(/disagree/);
  });

  it('refuses no rounds at all', () => {
    expect(() => fastestRound([])).toThrow(/no round/);
  });
});
