// The distributed search's benchmark measures what it says, not how fast: one CPU figure per
// partition, ratios against the single run's, and the same answer as the single run.
import { describe, expect, it } from 'vitest';
import { benchDistributed } from '../../bench/dist-bench.js';

describe('benchDistributed', () => {
  const b = benchDistributed(3, [2, 3]);

  it('runs one search per partition count, each with the single run’s answer', () => {
    expect(b.runs.map((r) => r.partitions)).toEqual([2, 3]);
    expect(b.runs.every((r) => r.sameAnswer)).toBe(true);
    expect(b.states).toBe(123);
  });

  it('gives each partition its CPU, and the ratios from them', () => {
    for (const r of b.runs) {
      expect(r.partitionCpuMs).toHaveLength(r.partitions);
      expect(r.slowestCpuMs).toBe(Math.max(...r.partitionCpuMs));
      expect(r.evenSplitCpuMs).toBeCloseTo(b.singleCpuMs / r.partitions);
      expect(r.slowestVsEven).toBeCloseTo(r.slowestCpuMs / r.evenSplitCpuMs);
      expect(r.totalCpuMs).toBeCloseTo(r.partitionCpuMs.reduce((a, c) => a + c, 0));
      expect(r.totalVsSingle).toBeCloseTo(r.totalCpuMs / b.singleCpuMs);
    }
  });

  it('times a job started as its own process (the built CLI)', () => {
    expect(b.jobStartCpuMs).toBeGreaterThan(0);
  });
});
