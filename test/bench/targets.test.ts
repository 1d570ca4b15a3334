// How bench/targets.ts judges issue 16's rows from one run's figures: each row is met exactly when
// its figure reaches its goal, and a figure the run did not measure is "not measured", never met.
import { describe, expect, it } from 'vitest';
import type { DepthResult } from '../../bench/checker-bench.js';
import type { ReplayResult } from '../../bench/replay-bench.js';
import {
  DEPTH_BUDGET_MS,
  judgeTargets,
  type DistributedInputs,
  type DistributedRun,
  type SpinFigures,
  type SpinInputs,
  type TargetInputs,
  type TargetRow,
} from '../../bench/targets.js';

const depth = (d: number, o: Partial<DepthResult> = {}): DepthResult => ({
  depth: d,
  key: 'canonical',
  states: 1000 * d,
  transitions: 4000 * d,
  cpuMs: 1000 * d,
  statesPerSec: 3000,
  bytesPerState: 2000,
  storedBytesPerState: 2000,
  capped: false,
  statesPerLevel: [],
  ...o,
});

const spinRun = (d: number, states: number, statesPerSec: number): SpinFigures => ({ depth: d, states, statesPerSec });

const spin = (o: Partial<SpinInputs> = {}): SpinInputs => ({
  depth: 6,
  spin: spinRun(6, 27_152, 900_000),
  spinSpeed: spinRun(8, 723_349, 500_000),
  raw: depth(6, { key: 'raw', states: 27_152, statesPerSec: 3_000 }),
  rawSpeed: depth(8, { key: 'raw', states: 723_349, statesPerSec: 3_000 }),
  canonical: depth(6, { states: 8_213 }),
  ...o,
});

const replay = (o: Partial<ReplayResult> = {}): ReplayResult => ({
  calls: 100_000,
  rounds: 5,
  parseCallsPerSec: 1_000_000,
  cliEveryCallsPerSec: 100_000,
  cliEndCallsPerSec: 300_000,
  memfsCallsPerSec: 300_000,
  memfsNoStackCallsPerSec: 400_000,
  memfsPosixCallsPerSec: 280_000,
  legacyCallsPerSec: 10_000,
  legacyCalls: 20_000,
  outcomesAgree: true,
  filesAgree: true,
  finalFiles: 6,
  invariantViolations: 0,
  cliExitStatus: { every: 0, end: 0 },
  ...o,
});

const dist = (runs: DistributedRun[]): DistributedInputs => ({ depth: 6, runs });

const inputs = (o: Partial<TargetInputs> = {}): TargetInputs => ({
  replay: replay(),
  depths: [depth(4), depth(5), depth(6), depth(7)],
  spin: spin(),
  distributed: null,
  ...o,
});

const row = (t: TargetInputs, starts: string): TargetRow => {
  const r = judgeTargets(t).find((x) => x.name.startsWith(starts));
  if (r === undefined) throw new Error(`no row ${starts}`);
  return r;
};

describe('the targets list', () => {
  it('has the six rows of issue 16, in its order', () => {
    expect(judgeTargets(inputs()).map((r) => r.name.split(/[ ,:]/)[0])).toEqual([
      'distinct',
      'memory',
      'states',
      'depth',
      'distributed',
      'CLI',
    ]);
  });
});

describe('the replay row', () => {
  it('compares with the faster memfs, here the one without stack traces', () => {
    const r = row(inputs({ replay: replay({ cliEndCallsPerSec: 350_000, cliEveryCallsPerSec: 200_000 }) }), 'CLI');
    expect(r.met).toBe(false);
    expect(r.figure).toContain('--invariants end 0.88x, every 0.50x');
  });

  it('is met when end reaches 1.0x and every 0.5x, exactly at the goal included', () => {
    const r = replay({ cliEndCallsPerSec: 400_000, cliEveryCallsPerSec: 200_000 });
    expect(row(inputs({ replay: r }), 'CLI').met).toBe(true);
  });

  it('is not met when only the end policy reaches its goal', () => {
    const r = replay({ cliEndCallsPerSec: 800_000, cliEveryCallsPerSec: 199_000 });
    expect(row(inputs({ replay: r }), 'CLI').met).toBe(false);
  });

  it('uses memfs with stack traces when that one is faster', () => {
    const r = replay({ memfsCallsPerSec: 500_000, cliEndCallsPerSec: 450_000, cliEveryCallsPerSec: 300_000 });
    expect(row(inputs({ replay: r }), 'CLI')).toMatchObject({ met: false });
    expect(row(inputs({ replay: r }), 'CLI').figure).toContain('end 0.90x');
  });
});

describe('the distributed row', () => {
  it('says "not measured" and is not met without a distributed search', () => {
    expect(row(inputs(), 'distributed')).toMatchObject({ figure: expect.stringMatching(/^not measured/), met: false });
  });

  it('is met when N = 4 and N = 8 are both within 1.3x, slowest and total', () => {
    const distributed = dist([
      { partitions: 4, slowestVsEven: 1.3, totalVsSingle: 1.1, sameAnswer: true },
      { partitions: 8, slowestVsEven: 1.2, totalVsSingle: 1.25, sameAnswer: true },
    ]);
    expect(row(inputs({ distributed }), 'distributed').met).toBe(true);
  });

  it('is not met when a partition count is missing', () => {
    const distributed = dist([{ partitions: 4, slowestVsEven: 1, totalVsSingle: 1, sameAnswer: true }]);
    const r = row(inputs({ distributed }), 'distributed');
    expect(r.met).toBe(false);
    expect(r.figure).toContain('N = 8: not measured');
  });

  it('is not met when the total CPU exceeds 1.3x the single run', () => {
    const distributed = dist([
      { partitions: 4, slowestVsEven: 1, totalVsSingle: 1, sameAnswer: true },
      { partitions: 8, slowestVsEven: 1, totalVsSingle: 1.31, sameAnswer: true },
    ]);
    expect(row(inputs({ distributed }), 'distributed').met).toBe(false);
  });

  it("is not met when a partitioned search did not give the single run's answer", () => {
    const distributed = dist([
      { partitions: 4, slowestVsEven: 1, totalVsSingle: 1, sameAnswer: true },
      { partitions: 8, slowestVsEven: 1, totalVsSingle: 1, sameAnswer: false },
    ]);
    const r = row(inputs({ distributed }), 'distributed');
    expect(r.met).toBe(false);
    expect(r.figure).toContain("NOT the single run's answer");
  });
});

describe('the rows against SPIN', () => {
  it('divide our raw states/s at the depth of SPIN speed run by SPIN: met from 0.2x', () => {
    expect(row(inputs(), 'distinct')).toMatchObject({ figure: expect.stringMatching(/^0\.0060x SPIN/), met: false });
    const fast = spin({ rawSpeed: depth(8, { key: 'raw', statesPerSec: 100_000 }) });
    expect(row(inputs({ spin: fast }), 'distinct').met).toBe(true);
  });

  it('say "not measured" when our search at SPIN depth did not run or did not finish', () => {
    for (const rawSpeed of [null, depth(7, { key: 'raw' }), depth(8, { key: 'raw', capped: true })])
      expect(row(inputs({ spin: spin({ rawSpeed }) }), 'distinct')).toMatchObject({
        figure: expect.stringMatching(/^not measured/),
        met: false,
      });
  });

  it('divide the reduced count by SPIN raw count: met at 0.2x and below', () => {
    expect(row(inputs(), 'states after').met).toBe(false);
    expect(row(inputs({ spin: spin({ canonical: depth(6, { states: 5_430 }) }) }), 'states after').met).toBe(true);
  });

  it('say "not measured" when SPIN did not run', () => {
    const s = spin({ spin: null, spinSpeed: null, skipped: 'spin or gcc missing' });
    for (const name of ['distinct', 'states after'])
      expect(row(inputs({ spin: s }), name)).toMatchObject({
        figure: 'not measured (spin or gcc missing)',
        met: false,
      });
  });
});

describe('the memory row', () => {
  it('takes the deepest search that finished, met at 200 B and below', () => {
    const depths = [
      depth(6, { storedBytesPerState: 150 }),
      depth(7, { storedBytesPerState: 200 }),
      depth(8, { capped: true }),
    ];
    const r = row(inputs({ depths }), 'memory');
    expect(r.figure).toContain('depth 7');
    expect(r.met).toBe(true);
  });

  it('judges what the search stored, not the heap it grew (garbage included)', () => {
    const r = row(inputs({ depths: [depth(7, { storedBytesPerState: 30, bytesPerState: 900 })] }), 'memory');
    expect(r.met).toBe(true);
    expect(row(inputs({ depths: [depth(7, { storedBytesPerState: 201, bytesPerState: 20 })] }), 'memory').met).toBe(
      false,
    );
  });
});

describe('the depth row', () => {
  it('counts only searches that finished within five minutes of CPU', () => {
    const depths = [depth(9), depth(10, { cpuMs: DEPTH_BUDGET_MS + 1 }), depth(11, { capped: true })];
    expect(row(inputs({ depths }), 'depth')).toMatchObject({ figure: expect.stringMatching(/^9 /), met: false });
  });

  it('says "at least" when the deepest depth searched finished', () => {
    const r = row(inputs({ depths: [depth(9), depth(10, { cpuMs: DEPTH_BUDGET_MS })] }), 'depth');
    expect(r).toMatchObject({ figure: expect.stringMatching(/^at least 10 /), met: true });
  });
});

describe('the states-after-reduction row', () => {
  const reduction = {
    depth: 6,
    rows: [
      {
        key: 'canonical' as const,
        states: 8_213,
        plainTransitions: 38_358,
        plainCpuMs: 1_400,
        reducedTransitions: 37_593,
        slept: 765,
        reducedCpuMs: 2_100,
        sameStates: true,
      },
    ],
  };

  it('says what sleep sets did: the same states, some transitions asleep; the ratio is the symmetry reduction alone', () => {
    const r = row(inputs({ reduction }), 'states');
    expect(r.figure).toBe(
      "0.30x (8,213 of SPIN's 27,152, symmetry; sleep sets keep the same 8,213 states and put 765 of 38,358 transitions to sleep)",
    );
    expect(r.met).toBe(false);
  });

  it('says so when the partial-order reduction was not measured', () => {
    expect(row(inputs(), 'states').figure).toContain('partial-order reduction not measured');
  });
});
