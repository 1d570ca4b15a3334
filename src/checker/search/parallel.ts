/**
 * The partitioned search as the CLI runs it: owners in worker threads (`--workers K`) or one owner
 * in this thread, for a whole search or for one shard of it.
 */
import { LevelMeter, levelSearch, type LevelCounts, type LevelOutcome } from './bfs-levels.js';
import type { ShardSpec } from './bfs-owner.js';
import { startWorkers } from './bfs-threads.js';
import type { Counterexample, ExhaustiveStats } from './explore.js';
import { inProcessOwners } from './owner-rpc.js';
import { decodePath } from './path-code.js';
import type { ProgressSink } from './progress.js';
import { RELINK_ALPHABET, type Op } from '../relink-alphabet.js';
import { ModelBug } from '../../model/errors.js';

export interface ParallelOptions {
  /** Worker threads; 1 runs the one owner in this thread. */
  readonly workers: number;
  readonly alphabet?: readonly Op[];
  readonly onProgress?: ProgressSink;
}

export interface Measured<T> {
  readonly outcome: T;
  readonly millis: number;
  /** Heap in use at the end, this thread's plus every worker's. */
  readonly heapBytes: number;
}

/** Run the level search on fresh owners, and measure it. */
export async function searchOnOwners(
  kernel: string,
  depth: number,
  shard: ShardSpec | null,
  o: ParallelOptions,
): Promise<Measured<LevelOutcome>> {
  const t0 = performance.now();
  const alphabet = o.alphabet ?? RELINK_ALPHABET;
  const meter = new LevelMeter(o.onProgress);
  if (o.workers <= 1) {
    const owners = inProcessOwners({ kernel, alphabet }, 1, meter.tick);
    const outcome = await levelSearch(owners, depth, shard, meter);
    return { outcome, millis: performance.now() - t0, heapBytes: process.memoryUsage().heapUsed };
  }
  const pool = startWorkers({ kernel, alphabet }, o.workers, meter.tick);
  try {
    const outcome = await levelSearch(pool.owners, depth, shard, meter);
    const heaps = await Promise.all(pool.owners.map((w) => w.heap({})));
    const heapBytes = process.memoryUsage().heapUsed + heaps.reduce((a, h) => a + h.n, 0);
    return { outcome, millis: performance.now() - t0, heapBytes };
  } finally {
    await pool.close();
  }
}

export function countsToStats(
  c: LevelCounts,
  alphabet: readonly Op[],
  millis: number,
  heapBytes: number,
): ExhaustiveStats {
  const counterexample: Counterexample | null =
    c.violation === null ? null : { ops: decodePath(c.violation.path, alphabet), violations: c.violation.violations };
  const { violation: _v, ...counts } = c;
  return { ...counts, millis, heapBytes, counterexample };
}

/** The same answer as `exhaustive`, from a search partitioned over `workers` owners. */
export async function exhaustiveParallel(kernel: string, depth: number, o: ParallelOptions): Promise<ExhaustiveStats> {
  const m = await searchOnOwners(kernel, depth, null, o);
  if (m.outcome.kind !== 'complete') throw new ModelBug('unreachable: an unsharded search ends complete');
  return countsToStats(m.outcome.counts, o.alphabet ?? RELINK_ALPHABET, m.millis, m.heapBytes);
}
