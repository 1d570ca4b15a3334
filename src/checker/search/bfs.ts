/**
 * The exhaustive breadth-first search over an alphabet of operations, up to a depth: a state seen
 * before (by its 64-bit fingerprint, with symmetry reduction unless `key: 'raw'`) is not expanded
 * again; the first violation ends the search with a shortest trace.
 *
 * Compact by construction: the visited set holds 8-byte fingerprints (fingerprint-set.ts) and the
 * frontier holds each state's path, one byte an op (path-queue.ts), spilled to disk past
 * `spillBytes`. To expand a level the search re-derives its worlds walking the frontier in path
 * order (the order it was filled in), stepping a prefix shared with the previous path once; since
 * every frontier path is its parent's path plus one op, the steps re-derived over a level are at
 * most the states of the earlier levels, about a third of the level's own with this model's
 * growth. Re-derived steps are unchecked: they were checked when their state was found.
 *
 * Expanding in path order and trying ops in index order meets every state first by its
 * lexicographically smallest shortest path, which the partitioned searches rely on (path-code.ts).
 */
import type { World } from '../../model/world.js';
import { ModelBug } from '../../model/errors.js';
import { fingerprint, rawFingerprint, type Fingerprint } from '../fingerprint.js';
import { RELINK_ALPHABET, startWorld, type Op } from '../relink-alphabet.js';
import type { Violation } from '../../invariants/violation.js';
import { applyOp, rederiveOp } from './apply-op.js';
import { FingerprintSet } from './fingerprint-set.js';
import { PathQueue } from './path-queue.js';
import type { ProgressSink } from './progress.js';
import { expandAsleep, LevelSleep } from './sleep-sets.js';
import { exhaustiveInPlace } from './bfs-in-place.js';
import { CpuDeadline, searchStats } from './search-stats.js';

export interface Counterexample {
  readonly ops: readonly Op[];
  readonly violations: readonly Violation[];
}

export interface ExhaustiveStats {
  readonly depth: number;
  readonly distinctStates: number;
  readonly transitions: number;
  readonly statesPerLevel: readonly number[];
  /** States found but never expanded when the search stopped (TLC's "left on queue"). */
  readonly queue: number;
  readonly millis: number;
  readonly heapBytes: number;
  /** What the single search's compact storage cost (the partitioned searches hold worlds instead). */
  readonly compact?: CompactCost;
  readonly counterexample: Counterexample | null;
  /** The time cap ended the search before `depth` (the last level is partly expanded). */
  readonly capped?: boolean;
  /** Under sleep sets: transitions run for their laws alone, their world reached by another path. */
  readonly slept?: number;
}

export interface CompactCost {
  /** The largest the visited set plus the frontiers in memory ever were, in bytes. */
  readonly storedBytes: number;
  /** Frontier bytes written to disk. */
  readonly spilledBytes: number;
  /** Steps re-run to re-derive frontier worlds from their paths (unchecked). */
  readonly rederived: number;
}

export interface ExhaustiveOptions {
  /** 'raw' counts states without symmetry reduction (ids as allocated), as SPIN would. */
  readonly key?: 'canonical' | 'raw';
  /**
   * Stop expanding after this many milliseconds of the process's CPU time and report `capped`:
   * a budget that a busy machine's neighbours do not eat into, as wall time would.
   */
  readonly maxMillis?: number;
  /** Told of the search's progress every 256 transitions (the terminal's progress line). */
  readonly onProgress?: ProgressSink;
  /** The world the search starts from (the relink alphabet's start for the kernel unless given). */
  readonly start?: World;
  /** Frontier bytes kept in memory before the rest goes to a temporary file (256 MiB). */
  readonly spillBytes?: number;
  /**
   * 'sleep-sets': partial-order reduction (sleep-sets.ts). The same states at the same depths, each
   * checked; fewer transitions taken to their end (the rest run for their laws alone, `slept`).
   */
  readonly reduction?: 'none' | 'sleep-sets';
  /**
   * 'in-place' (the default): each transition on one mutable world with an undo log
   * (bfs-in-place.ts), 2.7x less CPU; 'copy-on-write': a new world per transition
   * (src/ops/run/cow.ts), which the sleep sets need (their footprints) and take by default. The
   * same answer either way (test/checker/inplace-search.test.ts).
   */
  readonly step?: 'copy-on-write' | 'in-place';
}

/** Re-derives the worlds of a frontier in path order, keeping the worlds of the last path's prefixes. */
class Rederiver {
  private readonly worlds: World[];
  private readonly prev: Uint8Array;
  private valid = 0;
  steps = 0;

  constructor(
    start: World,
    private readonly alphabet: readonly Op[],
    length: number,
  ) {
    this.worlds = [start];
    this.prev = new Uint8Array(length);
  }

  worldOf(path: Uint8Array): World {
    let k = 0;
    while (k < this.valid && path[k] === this.prev[k]) k++;
    let w = this.worlds[k];
    if (w === undefined) throw new ModelBug(`no world for a prefix of length ${k}`);
    for (; k < path.length; k++) {
      const i = path[k] ?? 0;
      const op = this.alphabet[i];
      const next = op === undefined ? null : rederiveOp(w, op);
      if (next === null) throw new ModelBug(`re-deriving a frontier state: op ${i} at step ${k + 1} did not run again`);
      this.steps++;
      this.prev[k] = i;
      this.worlds[k + 1] = next;
      w = next;
    }
    this.valid = path.length;
    return w;
  }
}

/**
 * Every sequence of operations up to `depth`, breadth first. A state seen before is not expanded
 * again; the first violation ends the search with a shortest trace.
 */
export function exhaustive(
  kernel: string,
  depth: number,
  alphabet: readonly Op[] = RELINK_ALPHABET,
  o: ExhaustiveOptions = {},
): ExhaustiveStats {
  if (alphabet.length > 256) throw new ModelBug(`an alphabet of ${alphabet.length} ops does not fit a path byte`);
  const step = o.step ?? (o.reduction === 'sleep-sets' ? 'copy-on-write' : 'in-place');
  if (step === 'in-place') return exhaustiveInPlace(o.start ?? startWorld(kernel), depth, alphabet, o);
  const t0 = performance.now();
  const fp: (w: World) => Fingerprint = o.key === 'raw' ? rawFingerprint : fingerprint;
  const deadline = new CpuDeadline(o.maxMillis);
  const start = o.start ?? startWorld(kernel);
  const seen = new FingerprintSet();
  seen.add(fp(start));
  let frontier = PathQueue.start();
  let transitions = 0;
  let slept = 0;
  const reduce = o.reduction === 'sleep-sets';
  let sleeping: LevelSleep | null = null;
  if (reduce) {
    sleeping = new LevelSleep();
    sleeping.add(fp(start), 0);
    sleeping.seal();
  }
  let rederived = 0;
  let stored = seen.bytes;
  let spilled = 0;
  const perLevel: number[] = [1];
  const stats = (
    d: number,
    next: PathQueue,
    queue: number,
    counterexample: Counterexample | null,
    capped: boolean,
  ): ExhaustiveStats => {
    spilled += next.spilledBytes + frontier.spilledBytes;
    frontier.dispose();
    next.dispose();
    return searchStats({
      depth: d,
      seen,
      transitions,
      perLevel,
      next,
      queue,
      t0,
      storedBytes: stored,
      spilledBytes: spilled,
      rederived,
      counterexample,
      capped,
      ...(reduce ? { slept } : {}),
    });
  };
  for (let d = 1; d <= depth && frontier.size > 0; d++) {
    const next = new PathQueue(d, o.spillBytes ?? 256 * 2 ** 20);
    const rederiver = new Rederiver(start, alphabet, d - 1);
    const nextSleeping = reduce ? new LevelSleep() : null;
    let n = 0;
    for (const path of frontier.paths()) {
      if (deadline.passed(n)) {
        rederived += rederiver.steps;
        return stats(d, next, frontier.size - n + next.size, null, true);
      }
      const world = rederiver.worldOf(path);
      const sleep = sleeping?.mask(n) ?? 0;
      const expansion = nextSleeping === null ? null : expandAsleep(world, alphabet, sleep);
      for (let i = 0; i < alphabet.length; i++) {
        const op = alphabet[i];
        const r = expansion !== null ? (expansion.steps[i]?.out ?? null) : op === undefined ? null : applyOp(world, op);
        if (r === null) continue;
        const asleep = ((sleep >>> i) & 1) === 1;
        if (asleep) slept++;
        else transitions++;
        if (o.onProgress !== undefined && !asleep && transitions % 256 === 0)
          o.onProgress({
            kind: 'exhaustive',
            level: d,
            distinct: seen.size,
            transitions,
            queue: frontier.size - n - 1 + next.size,
          });
        if (r.violations.length > 0) {
          const ops = [...path].map((j) => alphabet[j]).filter((x): x is Op => x !== undefined);
          if (op !== undefined) ops.push(op);
          rederived += rederiver.steps;
          return stats(d, next, frontier.size - n - 1 + next.size, { ops, violations: r.violations }, false);
        }
        // A call that changed nothing returns the very world (cow.ts): this state, seen already.
        if (asleep || r.world === world) continue;
        const f = fp(r.world);
        if (!seen.add(f)) {
          nextSleeping?.meet(f, expansion?.childMask(i) ?? 0);
          continue;
        }
        next.push(path, i);
        nextSleeping?.add(f, expansion?.childMask(i) ?? 0);
      }
      n++;
      stored = Math.max(stored, seen.bytes + frontier.memoryBytes + next.memoryBytes);
    }
    rederived += rederiver.steps;
    spilled += frontier.spilledBytes;
    frontier.dispose();
    perLevel.push(next.size);
    frontier = next;
    nextSleeping?.seal();
    sleeping = nextSleeping;
  }
  return stats(depth, PathQueue.start(), frontier.size, null, false);
}
