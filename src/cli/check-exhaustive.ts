/**
 * `relinklab check --mode exhaustive`: one thread (the reference search) or `--workers K`
 * threads; either way the same summary, the counterexample written as a runnable scenario.
 */
import { writeFileSync } from 'node:fs';
import { counterexampleYaml } from '../checker/search/counterexample.js';
import { exhaustive, type ExhaustiveStats } from '../checker/search/explore.js';
import { exhaustiveParallel } from '../checker/search/parallel.js';
import { RELINK_ALPHABET } from '../checker/relink-alphabet.js';
import { summaryJson, summaryLines, type ExhaustiveSummary } from './check-report.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';
import { progressLine } from './progress-line.js';

export interface ExhaustiveArgs {
  readonly kernel: string;
  readonly depth: number;
  readonly workers: number;
  readonly json: boolean;
  readonly out: string;
}

/** Print a summary (and write its counterexample): what check and merge both end with. */
export function reportSummary(r: ExhaustiveSummary, a: { json: boolean; out: string }, io: Io): number {
  const cx = r.stats.counterexample;
  if (cx !== null) writeFileSync(a.out, counterexampleYaml(r.kernel, cx));
  if (a.json) io.out(JSON.stringify(summaryJson(r, cx === null ? null : a.out)));
  else {
    for (const line of summaryLines(r)) io.out(line);
    if (cx !== null) io.out(`counterexample written to ${a.out} (relinklab run ${a.out})`);
  }
  return cx === null ? EXIT_OK : EXIT_FOUND;
}

export async function runExhaustiveCheck(a: ExhaustiveArgs, io: Io): Promise<number> {
  const progress = progressLine(io);
  let stats: ExhaustiveStats;
  try {
    stats =
      a.workers > 1
        ? await exhaustiveParallel(a.kernel, a.depth, { workers: a.workers, onProgress: progress.sink })
        : exhaustive(a.kernel, a.depth, RELINK_ALPHABET, { onProgress: progress.sink });
  } finally {
    progress.done();
  }
  return reportSummary({ kernel: a.kernel, stats, workers: a.workers }, a, io);
}
