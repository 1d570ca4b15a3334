/**
 * `relinklab dist collect`: the single run's answer from a finished directory. The levels up to
 * the last one expanded add up; that level and the next are cut exactly as `merge` cuts a sharded
 * search's last level (merge.ts: lastLevelCounts), with the same order rule behind it.
 */
import type { ShardLastLevel } from './bfs-levels.js';
import { readLevel, readStates, expandedOf, type LevelSummary } from './dist-files.js';
import { statesFile, type DistSearch } from './dist-dir.js';
import { openSearch, statesWhat } from './dist-level.js';
import type { ExhaustiveStats } from './explore.js';
import { lastLevelCounts } from './merge.js';
import { countsToStats } from './parallel.js';
import { RELINK_ALPHABET, type Op } from '../relink-alphabet.js';

export interface PartitionCost {
  readonly partition: number;
  /** CPU time of its jobs, every level added up. */
  readonly cpuMillis: number;
  readonly rebuildSteps: number;
}

export interface CollectedSearch {
  readonly search: DistSearch;
  /** Time is the slowest partition's CPU over its levels, heap the largest job's. */
  readonly stats: ExhaustiveStats;
  readonly partitions: readonly PartitionCost[];
  readonly totalCpuMillis: number;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

export function collect(dir: string, alphabet: readonly Op[] = RELINK_ALPHABET): CollectedSearch {
  const search = openSearch(dir, alphabet);
  // Every job must have finished, ended ones included: a directory with a gap is refused.
  const levels: LevelSummary[][] = [];
  for (let l = 0; l <= search.depth; l++) levels.push(readLevel(dir, search, l, alphabet.length));
  const fresh = levels.map((jobs) => sum(jobs.map((s) => s.fresh)));
  // The single run expands until a violation, an empty level or the depth: `last` is the last
  // level it expands, and the counts are cut in the level after it.
  let last = 0;
  while (
    last + 1 < search.depth &&
    levels[last]?.every((s) => s.violation === null) === true &&
    (fresh[last + 1] ?? 0) > 0
  )
    last++;
  const statesOf = (level: number, p: number) =>
    readStates(statesFile(dir, level, p), search, level, statesWhat(level, p), alphabet.length);
  const lasts = (levels[last] ?? []).map((s, p): ShardLastLevel => ({
    transitions: s.transitions,
    expanded: expandedOf(statesOf(last, p)),
    found: statesOf(last + 1, p).map((r) => [r.key, r.path] as const),
    violation: s.violation,
  }));
  const violated = lasts.some((l) => l.violation !== null);
  const prefix = {
    statesPerLevel: fresh.slice(0, last + 1),
    transitions: sum(levels.slice(0, last).flatMap((jobs) => jobs.map((s) => s.transitions))),
    digest: '',
  };
  const counts = lastLevelCounts(prefix, lasts, violated ? last + 1 : search.depth);
  const partitions = Array.from({ length: search.partitions }, (_, p): PartitionCost => ({
    partition: p,
    cpuMillis: sum(levels.map((jobs) => jobs[p]?.cpuMillis ?? 0)),
    rebuildSteps: sum(levels.map((jobs) => jobs[p]?.rebuildSteps ?? 0)),
  }));
  const heap = Math.max(...levels.flat().map((s) => s.heapBytes));
  const slowest = Math.max(...partitions.map((p) => p.cpuMillis));
  return {
    search,
    stats: countsToStats(counts, alphabet, slowest, heap),
    partitions,
    totalCpuMillis: sum(partitions.map((p) => p.cpuMillis)),
  };
}
