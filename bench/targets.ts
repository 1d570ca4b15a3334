/**
 * The six targets of issue 16, judged from the figures of one `npm run bench` (so every ratio
 * compares two figures of the same run). A row whose figure the run did not measure says "not
 * measured" and is not met: no figure is ever assumed.
 */
import type { DepthResult } from './checker-bench.js';
import type { DistRun } from './dist-bench.js';
import type { ReductionBench } from './reduction-bench.js';
import { fastestMemfs, type ReplayResult } from './replay-bench.js';
import type { SpinResult } from './spin.js';

export interface TargetRow {
  readonly name: string;
  /** What this run measured, with what it was computed from. */
  readonly figure: string;
  readonly goal: string;
  readonly met: boolean;
}

/** What the targets read of one distributed search against the single run (bench/dist-bench.ts). */
export type DistributedRun = Pick<DistRun, 'partitions' | 'slowestVsEven' | 'totalVsSingle' | 'sameAnswer'>;

/** What the targets read of the distributed section. */
export interface DistributedInputs {
  readonly depth: number;
  readonly runs: readonly DistributedRun[];
}

/** What the targets read of a SPIN run. */
export type SpinFigures = Pick<SpinResult, 'depth' | 'states' | 'statesPerSec'>;

/** What the targets read of the SPIN section (a SpinComparison of report.ts). */
export interface SpinInputs {
  readonly depth: number;
  readonly spin: SpinFigures | null;
  readonly spinSpeed: SpinFigures | null;
  readonly raw: DepthResult;
  /** Our raw-key search at the depth of SPIN's speed run: the same model and depth as SPIN's. */
  readonly rawSpeed: DepthResult | null;
  readonly canonical: DepthResult;
  readonly skipped?: string | undefined;
}

export interface TargetInputs {
  readonly replay: ReplayResult;
  /** The exhaustive searches, shallow to deep (canonical keys). */
  readonly depths: readonly DepthResult[];
  readonly spin: SpinInputs;
  /** Sleep sets against the plain search; absent in runs before it. */
  readonly reduction?: ReductionBench | null;
  /** null when the run measured no distributed search. */
  readonly distributed: DistributedInputs | null;
}

/** The budget of the depth target: five minutes of CPU on one core. */
export const DEPTH_BUDGET_MS = 5 * 60 * 1000;
const DISTRIBUTED_PARTITIONS = [4, 8];
const DISTRIBUTED_BOUND = 1.3;

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const x2 = (x: number): string => `${x.toFixed(2)}x`;
const notMeasured = (name: string, goal: string, why: string): TargetRow => ({
  name,
  figure: `not measured (${why})`,
  goal,
  met: false,
});

function statesPerSecond(s: SpinInputs): TargetRow {
  const name = 'distinct states/s, exhaustive, all invariants and transition properties on, vs SPIN';
  const goal = 'at least 0.2x SPIN';
  if (s.spinSpeed === null) return notMeasured(name, goal, s.skipped ?? 'SPIN did not run');
  const ours = s.rawSpeed;
  if (ours === null || ours.depth !== s.spinSpeed.depth || ours.capped)
    return notMeasured(name, goal, `no finished raw-key search at SPIN's depth ${s.spinSpeed.depth}`);
  const ratio = ours.statesPerSec / s.spinSpeed.statesPerSec;
  return {
    name,
    figure: `${ratio.toPrecision(2)}x SPIN (depth ${ours.depth}, raw keys, CPU time: relinklab ${n(ours.statesPerSec)}/s, SPIN with every assertion ${n(s.spinSpeed.statesPerSec)}/s${ours.roundsCpuMs === undefined ? '' : `; each the fastest of ${ours.roundsCpuMs.length} rounds, run in turn, each in a process of its own`})`,
    goal,
    met: ratio >= 0.2,
  };
}

/** The deepest search that finished: the one whose heap growth per state fixed costs distort least. */
function bytesPerState(depths: readonly DepthResult[]): TargetRow {
  const name = 'memory per stored state (visited set + frontier)';
  const goal = 'at most 200 B';
  const deepest = depths.filter((d) => !d.capped).at(-1);
  if (deepest === undefined) return notMeasured(name, goal, 'no exhaustive search finished');
  return {
    name,
    figure: `${n(deepest.storedBytesPerState)} B (fingerprints and frontier paths at their largest, depth ${deepest.depth}, ${n(deepest.states)} states; heap growth ${n(deepest.bytesPerState)} B a state)`,
    goal,
    met: deepest.storedBytesPerState <= 200,
  };
}

function reducedStates(s: SpinInputs, por: ReductionBench | null | undefined): TargetRow {
  const name = `states after reduction vs SPIN's raw count, depth ${s.depth}`;
  const goal = 'at most 0.2x';
  if (s.spin === null) return notMeasured(name, goal, s.skipped ?? 'SPIN did not run');
  const ratio = s.canonical.states / s.spin.states;
  return {
    name,
    figure: `${x2(ratio)} (${n(s.canonical.states)} of SPIN's ${n(s.spin.states)}, symmetry; ${porNote(por)})`,
    goal,
    met: ratio <= 0.2,
  };
}

/** What the partial-order reduction did to the states: nothing, by design (sleep sets keep every state). */
function porNote(por: ReductionBench | null | undefined): string {
  const c = por?.rows.find((r) => r.key === 'canonical');
  if (c === undefined) return 'partial-order reduction not measured';
  return `sleep sets keep ${c.sameStates ? 'the same' : 'DIFFERENT'} ${n(c.states)} states and put ${n(c.slept)} of ${n(c.plainTransitions)} transitions to sleep`;
}

/**
 * The deepest depth whose search finished within five minutes of CPU. The bench searches only up
 * to BENCH_MAX_DEPTH, so when that one finished too the figure is a lower bound, and says so.
 */
function depthInFiveMinutes(depths: readonly DepthResult[]): TargetRow {
  const name = 'depth reached in 5 minutes on one core';
  const goal = 'at least 10';
  const reached = depths.filter((d) => !d.capped && d.cpuMs <= DEPTH_BUDGET_MS).at(-1);
  if (reached === undefined) return notMeasured(name, goal, 'no exhaustive search finished in 5 minutes');
  const deepestTried = Math.max(...depths.map((d) => d.depth));
  const bound = reached.depth === deepestTried ? `at least ${reached.depth}` : `${reached.depth}`;
  return {
    name,
    figure: `${bound} (depth ${reached.depth} in ${(reached.cpuMs / 1000).toFixed(1)} CPU s; deepest searched ${deepestTried})`,
    goal,
    met: reached.depth >= 10,
  };
}

/** Met when N = 4 and N = 8 were both measured, each within the bounds and with the single run's answer. */
function distributed(d: DistributedInputs | null): TargetRow {
  const name = "distributed: slowest partition's CPU time vs an even split, N = 4 and 8";
  const goal = `at most ${DISTRIBUTED_BOUND}x an even split; total CPU at most ${DISTRIBUTED_BOUND}x the single run`;
  if (d === null) return notMeasured(name, goal, 'no distributed search in this run');
  const missing = DISTRIBUTED_PARTITIONS.filter((p) => !d.runs.some((r) => r.partitions === p));
  const shown = d.runs.map(
    (r) =>
      `N = ${r.partitions}: slowest ${x2(r.slowestVsEven)}, total ${x2(r.totalVsSingle)}${r.sameAnswer ? '' : ", NOT the single run's answer"}`,
  );
  const within = d.runs.every(
    (r) => r.sameAnswer && r.slowestVsEven <= DISTRIBUTED_BOUND && r.totalVsSingle <= DISTRIBUTED_BOUND,
  );
  return {
    name,
    figure: `${[...shown, ...missing.map((p) => `N = ${p}: not measured`)].join('; ')} (depth ${d.depth})`,
    goal,
    met: missing.length === 0 && within,
  };
}

/** Both replay policies against the faster memfs (with or without stack traces). */
function replay(r: ReplayResult): TargetRow {
  const memfs = fastestMemfs(r);
  const end = r.cliEndCallsPerSec / memfs;
  const every = r.cliEveryCallsPerSec / memfs;
  return {
    name: `CLI replay of the ${n(r.calls)}-call workload, parsing included, vs memfs's API`,
    figure:
      `--invariants end ${x2(end)}, every ${x2(every)} (${n(r.cliEndCallsPerSec)} and ${n(r.cliEveryCallsPerSec)} calls/s; ` +
      `memfs ${n(r.memfsNoStackCallsPerSec)} calls/s with Error.stackTraceLimit = 0, ${n(r.memfsCallsPerSec)} without)`,
    goal: '--invariants end at least 1.0x; every at least 0.5x',
    met: end >= 1 && every >= 0.5,
  };
}

export function judgeTargets(t: TargetInputs): TargetRow[] {
  return [
    statesPerSecond(t.spin),
    bytesPerState(t.depths),
    reducedStates(t.spin, t.reduction),
    depthInFiveMinutes(t.depths),
    distributed(t.distributed),
    replay(t.replay),
  ];
}
