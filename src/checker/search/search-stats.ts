/**
 * What both single-threaded searches (bfs.ts copy-on-write, bfs-in-place.ts in place) share
 * around their level loop: the CPU-time cap and the summary they return.
 */
import type { Counterexample, ExhaustiveStats } from './bfs.js';
import type { FingerprintSet } from './fingerprint-set.js';
import type { PathQueue } from './path-queue.js';

/** CPU time of this process (user and system), in milliseconds. */
function cpuMillis(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/**
 * A budget of the process's CPU time that a busy machine's neighbours do not eat into, as wall
 * time would. Without one the clock is never read (reading it cost the search in place 3%).
 */
export class CpuDeadline {
  private readonly at: number;

  constructor(maxMillis: number | undefined) {
    this.at = maxMillis === undefined ? Infinity : cpuMillis() + maxMillis;
  }

  /** Whether the budget is spent, looked at before every 64th state (`n`: states expanded in the level). */
  passed(n: number): boolean {
    return this.at !== Infinity && (n & 63) === 0 && cpuMillis() > this.at;
  }
}

/** A search's summary at its end, a violation, or the cap. */
export interface SearchEnd {
  readonly depth: number;
  readonly seen: FingerprintSet;
  readonly transitions: number;
  /** New states per level so far; the level being built (`next`) is added when the search stopped in it. */
  readonly perLevel: readonly number[];
  readonly next: PathQueue;
  readonly queue: number;
  readonly t0: number;
  readonly storedBytes: number;
  readonly spilledBytes: number;
  readonly rederived: number;
  readonly counterexample: Counterexample | null;
  readonly capped: boolean;
  /** Under sleep sets: the transitions run for their laws alone. */
  readonly slept?: number;
}

export function searchStats(e: SearchEnd): ExhaustiveStats {
  const stopped = e.capped || e.counterexample !== null;
  return {
    depth: e.depth,
    distinctStates: e.seen.size,
    transitions: e.transitions,
    statesPerLevel: stopped ? [...e.perLevel, e.next.size] : e.perLevel,
    queue: e.queue,
    millis: performance.now() - e.t0,
    heapBytes: process.memoryUsage().heapUsed,
    compact: { storedBytes: e.storedBytes, spilledBytes: e.spilledBytes, rederived: e.rederived },
    counterexample: e.counterexample,
    ...(e.capped ? { capped: true } : {}),
    ...(e.slept === undefined ? {} : { slept: e.slept }),
  };
}
