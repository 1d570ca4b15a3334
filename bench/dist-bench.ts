/**
 * The distributed search's figures (issue 16: the slowest partition's CPU against an even split
 * of the single run's, and the total CPU against the single run's): each level job is run in this
 * process, one after another, and its CPU read from its summary (user + system, the job's own
 * reading, files included); a partition's CPU is its jobs' over every level, both sides measured
 * warm and each the lesser of two runs (the single search's, each partition's), so that a
 * neighbour's burst on this shared machine weighs on neither side more. A job run as its own
 * process also pays node's start, the model's loading and a cold JIT, measured apart (`jobStartCpuMs`, and bench/NOTES.md end to end): that cost is per job, not per
 * state, and is reported beside the ratios rather than in them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect } from '../src/checker/search/dist-collect.js';
import { initSearch, newSearch } from '../src/checker/search/dist-dir.js';
import { runLevelJob } from '../src/checker/search/dist-level.js';
import { exhaustive } from '../src/checker/search/explore.js';
import { RELINK_ALPHABET } from '../src/checker/relink-alphabet.js';
import { timed } from './measure.js';

export interface DistRun {
  readonly partitions: number;
  /** CPU of each partition, its jobs added up over the levels: the lesser of two runs. */
  readonly partitionCpuMs: readonly number[];
  readonly slowestCpuMs: number;
  /** The single run's CPU divided by the partitions. */
  readonly evenSplitCpuMs: number;
  /** Slowest partition against the even split (the target: at most 1.3). */
  readonly slowestVsEven: number;
  readonly totalCpuMs: number;
  /** Every job's CPU against the single run's (the target: at most 1.3). */
  readonly totalVsSingle: number;
  /** Ops run to rebuild the partitions' states from their paths, over the whole search. */
  readonly rebuildSteps: number;
  /** Distinct states, transitions and states per level equal the single run's, in both runs. */
  readonly sameAnswer: boolean;
}

export interface DistBench {
  readonly depth: number;
  readonly states: number;
  readonly singleCpuMs: number;
  /** CPU of one job started as its own process that finds its work done (node, loading the model). */
  readonly jobStartCpuMs: number;
  readonly runs: readonly DistRun[];
}

function runDistributed(depth: number, partitions: number): ReturnType<typeof collect> {
  const dir = mkdtempSync(join(tmpdir(), 'relinklab-dist-bench-'));
  try {
    initSearch(dir, newSearch('relink', depth, partitions, RELINK_ALPHABET));
    for (let level = 0; level <= depth; level++)
      for (let partition = 0; partition < partitions; partition++) runLevelJob({ dir, level, partition });
    return collect(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** User + system CPU of `relinklab dist level` on a finished job (bash's time, in ms). */
function jobStartCpuMs(): number {
  const dir = mkdtempSync(join(tmpdir(), 'relinklab-dist-start-'));
  try {
    initSearch(dir, newSearch('relink', 1, 1, RELINK_ALPHABET));
    runLevelJob({ dir, level: 0, partition: 0 });
    const r = spawnSync(
      'bash',
      [
        '-c',
        'TIMEFORMAT=%3U+%3S; time node dist/src/cli/bin.js dist level "$1" --level 0 --partition 0 >/dev/null',
        '-',
        dir,
      ],
      { encoding: 'utf8' },
    );
    const m = /(\d+\.\d+)\+(\d+\.\d+)\s*$/.exec(r.stderr);
    if (r.status !== 0 || m === null) throw new Error(`timing a job's start failed: ${r.stderr}`);
    return (Number(m[1]) + Number(m[2])) * 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function benchDistributed(depth = 6, partitionCounts: readonly number[] = [4, 8]): DistBench {
  // A first search in a process runs cold (at depth 6 about 1.6x the CPU of the next ones, and a
  // first distributed one about 1.3x): warm the JIT with one of each, and take the single run's
  // CPU as the lesser of one before the partitioned runs and one after them. A job run as its own
  // process runs cold: that, with node's start, is what `jobStartCpuMs` and bench/NOTES.md's
  // end-to-end figures are about.
  exhaustive('relink', depth);
  runDistributed(Math.max(1, depth - 1), Math.max(...partitionCounts));
  const before = timed(() => exhaustive('relink', depth));
  const s = before.value;
  // Each side is the lesser of two runs: the single search's one before and one after, each
  // partition's (its jobs added up) of two distributed searches, N = 4 and 8 in turn.
  const measured = partitionCounts.map((n): [number, ReturnType<typeof collect>[]] => [n, [runDistributed(depth, n)]]);
  for (const [n, cs] of measured) cs.push(runDistributed(depth, n));
  const single = { cpuMs: Math.min(before.cpuMs, timed(() => exhaustive('relink', depth)).cpuMs) };
  const same = (c: ReturnType<typeof collect>): boolean =>
    c.stats.distinctStates === s.distinctStates &&
    c.stats.transitions === s.transitions &&
    JSON.stringify(c.stats.statesPerLevel) === JSON.stringify(s.statesPerLevel);
  const runs = measured.map(([n, cs]): DistRun => {
    const partitionCpuMs = Array.from({ length: n }, (_, p) =>
      Math.min(...cs.map((c) => c.partitions[p]?.cpuMillis ?? Number.NaN)),
    );
    const slowestCpuMs = Math.max(...partitionCpuMs);
    const evenSplitCpuMs = single.cpuMs / n;
    const totalCpuMs = partitionCpuMs.reduce((a, c) => a + c, 0);
    return {
      partitions: n,
      partitionCpuMs,
      slowestCpuMs,
      evenSplitCpuMs,
      slowestVsEven: slowestCpuMs / evenSplitCpuMs,
      totalCpuMs,
      totalVsSingle: totalCpuMs / single.cpuMs,
      rebuildSteps: cs[0]?.partitions.reduce((a, p) => a + p.rebuildSteps, 0) ?? 0,
      sameAnswer: cs.every(same),
    };
  });
  return { depth, states: s.distinctStates, singleCpuMs: single.cpuMs, jobStartCpuMs: jobStartCpuMs(), runs };
}
