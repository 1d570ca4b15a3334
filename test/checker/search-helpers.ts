// Helpers for the partitioned-search tests: a search's answer without its time and memory, and
// a sharded search run in-process and merged as `relinklab merge` would.
import { exhaustive, type ExhaustiveStats } from '../../src/checker/search/explore.js';
import { mergeShards, type NamedShard } from '../../src/checker/search/merge.js';
import { RELINK_ALPHABET } from '../../src/checker/relink-alphabet.js';
import { parseShardFile } from '../../src/checker/search/shard-file.js';
import { runShard } from '../../src/checker/search/shard-run.js';

/** What must be equal between runs: everything but time, heap and how the states were stored. */
export function answer(s: ExhaustiveStats): Omit<ExhaustiveStats, 'millis' | 'heapBytes' | 'compact'> {
  const { millis: _m, heapBytes: _h, compact: _c, ...rest } = s;
  return rest;
}

/** Every shard of a search, each through its JSON file text, as merge reads them. */
export async function shardFiles(kernel: string, depth: number, count: number, workers = 1): Promise<NamedShard[]> {
  const files: NamedShard[] = [];
  for (let index = 0; index < count; index++) {
    const f = await runShard(kernel, depth, { index, count }, { workers });
    const name = `shard-${index}.json`;
    files.push({ name, file: parseShardFile(JSON.stringify(f), name, RELINK_ALPHABET) });
  }
  return files;
}

// Several tests look at one search from different sides: run each search once per file.
const searches = new Map<string, Promise<ExhaustiveStats>>();

export function sharded(kernel: string, depth: number, count: number): Promise<ExhaustiveStats> {
  const key = `sharded ${kernel} ${depth} ${count}`;
  let p = searches.get(key);
  if (p === undefined) {
    p = shardFiles(kernel, depth, count).then((files) => mergeShards(files).stats);
    searches.set(key, p);
  }
  return p;
}

const singles = new Map<string, ExhaustiveStats>();

export function single(kernel: string, depth: number): ExhaustiveStats {
  const key = `${kernel} ${depth}`;
  let s = singles.get(key);
  if (s === undefined) {
    s = exhaustive(kernel, depth);
    singles.set(key, s);
  }
  return s;
}
