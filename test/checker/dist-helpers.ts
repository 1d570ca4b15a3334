// Helpers for the distributed-search tests: a whole search run in-process job by job, as the
// runners run it, in a fresh directory; and the answer two searches must agree on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect } from '../../src/checker/search/dist-collect.js';
import { initSearch, newSearch } from '../../src/checker/search/dist-dir.js';
import { runLevelJob } from '../../src/checker/search/dist-level.js';
import type { ExhaustiveStats } from '../../src/checker/search/explore.js';
import { RELINK_ALPHABET } from '../../src/checker/relink-alphabet.js';

/** What every search must report alike: the counts and the counterexample, not time or memory. */
export function sameAnswer(s: ExhaustiveStats): Record<string, unknown> {
  const { depth, distinctStates, transitions, statesPerLevel, queue, counterexample } = s;
  return { depth, distinctStates, transitions, statesPerLevel, queue, counterexample };
}

export function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'relinklab-dist-'));
}

export function initDir(dir: string, kernel: string, depth: number, partitions: number): void {
  initSearch(dir, newSearch(kernel, depth, partitions, RELINK_ALPHABET));
}

/** Every job of every level, partition by partition, as one runner would. */
export function runAllJobs(dir: string, depth: number, partitions: number): void {
  for (let level = 0; level <= depth; level++)
    for (let partition = 0; partition < partitions; partition++) runLevelJob({ dir, level, partition });
}

export function distributed(kernel: string, depth: number, partitions: number): ExhaustiveStats {
  const dir = freshDir();
  initDir(dir, kernel, depth, partitions);
  runAllJobs(dir, depth, partitions);
  return collect(dir).stats;
}
