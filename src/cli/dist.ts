/**
 * `relinklab dist init|level|collect`: the distributed search's steps (docs/checker.md, "A
 * distributed search"). A level job exits 0 once its files are written, even when its part
 * holds a violation, as a shard does: only collect knows the shortest counterexample, and a
 * failed job would hold the next level back. Bad or incomplete directories are one line, exit 2.
 */
import { collect } from '../checker/search/dist-collect.js';
import { initSearch, newSearch } from '../checker/search/dist-dir.js';
import { runLevelJob } from '../checker/search/dist-level.js';
import { RELINK_ALPHABET } from '../checker/relink-alphabet.js';
import { exhaustiveOutcome } from '../checker/modes/exhaustive-report.js';
import { InputError } from '../model/errors.js';
import { checkWritable } from './check-args.js';
import { reportOutcome } from './check-outcome.js';
import { EXIT_OK, type Io } from './io.js';

/** More partitions than this is a typing mistake: each has a job per level. */
const MAX_PARTITIONS = 4096;
const MAX_DEPTH = 64;

export interface DistInitArgs {
  readonly dir: string;
  readonly depth: number;
  readonly partitions: number;
  readonly kernel: string;
}

function integerIn(option: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max)
    throw new InputError(option, 0, `must be an integer from ${min} to ${max}, not ${v}`);
}

export function runDistInit(a: DistInitArgs, io: Io): number {
  integerIn('--depth', a.depth, 1, MAX_DEPTH);
  integerIn('--partitions', a.partitions, 1, MAX_PARTITIONS);
  const fresh = initSearch(a.dir, newSearch(a.kernel, a.depth, a.partitions, RELINK_ALPHABET));
  io.out(
    `${fresh ? 'initialised' : 'already holds'} ${a.dir}: ${a.kernel}, depth ${a.depth}, ${a.partitions} partitions; ` +
      `run levels 0 to ${a.depth}, each for partitions 0 to ${a.partitions - 1}, then collect`,
  );
  return EXIT_OK;
}

export interface DistLevelArgs {
  readonly dir: string;
  readonly level: number;
  readonly partition: number;
  readonly json: boolean;
}

export function runDistLevel(a: DistLevelArgs, io: Io): number {
  integerIn('--level', a.level, 0, MAX_DEPTH);
  integerIn('--partition', a.partition, 0, MAX_PARTITIONS - 1);
  const { skipped, summary: s } = runLevelJob({ dir: a.dir, level: a.level, partition: a.partition });
  if (a.json) io.out(JSON.stringify({ skipped, ...s }));
  else {
    const what = s.ended
      ? 'the search had ended'
      : `${s.fresh} new states${s.expanded ? `, ${s.transitions} transitions, ${s.sent} sent` : ', not expanded'}`;
    io.out(
      `level ${a.level}, partition ${a.partition}: ${skipped ? 'finished before, skipped' : what}` +
        `${s.violation !== null ? ', a violation (collect gives the shortest)' : ''}`,
    );
  }
  return EXIT_OK;
}

export interface DistCollectArgs {
  readonly dir: string;
  readonly json: boolean;
  readonly out: string;
}

export function runDistCollect(a: DistCollectArgs, io: Io): number {
  checkWritable('--out', a.out);
  const c = collect(a.dir);
  const summary = {
    kernel: c.search.kernel,
    stats: c.stats,
    workers: 1,
    partitions: { count: c.search.partitions, totalCpuMillis: c.totalCpuMillis },
  };
  return reportOutcome(exhaustiveOutcome(summary), a, io);
}
