/**
 * One shard of an exhaustive search, for a batch engine: every shard walks levels 0 .. depth-1 in
 * full (it needs all of them to know which states are new), then expands only its own states at
 * the last level, where most of the work is, and writes what `merge` needs.
 */
import type { ShardSpec } from './bfs-owner.js';
import { searchOnOwners, type ParallelOptions } from './parallel.js';
import { RELINK_ALPHABET } from '../relink-alphabet.js';
import { alphabetDigest, SHARD_FORMAT, type ShardFile } from './shard-file.js';

export async function runShard(
  kernel: string,
  depth: number,
  shard: ShardSpec,
  o: ParallelOptions,
): Promise<ShardFile> {
  const alphabet = o.alphabet ?? RELINK_ALPHABET;
  const m = await searchOnOwners(kernel, depth, shard, o);
  return {
    format: SHARD_FORMAT,
    kernel,
    depth,
    shard,
    alphabet: alphabetDigest(alphabet),
    workers: Math.max(1, o.workers),
    millis: m.millis,
    heapBytes: m.heapBytes,
    result: m.outcome,
  };
}
