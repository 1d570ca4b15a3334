/**
 * Explorers over the relink alphabet: exhaustive breadth-first search up to a depth, with states
 * deduplicated by their canonical key (symmetry reduction over object ids), and random search with
 * fast-check, which shrinks a failing sequence to a minimal one. Both report a counterexample as
 * the list of operations that leads to the first violation; breadth-first ones are shortest.
 */
import fc from 'fast-check';
import type { World } from '../../model/world.js';
import { NotRunnable, Unmodelled } from '../../model/errors.js';
import { rawStateKey, stateKey } from '../canonical.js';
import type { ProgressSink } from './progress.js';
import { RELINK_ALPHABET, startWorld, type Op } from '../relink-alphabet.js';
import { StepMemo, type StepResult } from './step-memo.js';
import type { Violation } from '../../invariants/violation.js';
import { Session, type SessionOptions } from '../../session/session.js';

export interface Counterexample {
  readonly ops: readonly Op[];
  readonly violations: readonly Violation[];
}

/** Every operation is checked: the state invariants and the transition laws over it. */
const EXPLORING: SessionOptions = { representation: 'immer', invariants: { when: 'every', set: 'state+transitions' } };

/**
 * One operation from `w`: the next world and what it broke, or null when the op cannot run, or its
 * task would not make it there (its `when`).
 */
export function applyOp(w: World, op: Op): StepResult | null {
  if (op.when !== undefined && !op.when(w)) return null;
  const session = new Session(w, EXPLORING);
  try {
    const out = session.run(op.pid, op.sc);
    return { world: session.world, violations: out.violations };
  } catch (e) {
    if (e instanceof NotRunnable || e instanceof Unmodelled) return null;
    throw e;
  }
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
  readonly counterexample: Counterexample | null;
  /** The time cap ended the search before `depth` (the last level is partly expanded). */
  readonly capped?: boolean;
}

export interface ExhaustiveOptions {
  /** 'raw' counts states without symmetry reduction (ids as allocated), as SPIN would. */
  readonly key?: 'canonical' | 'raw';
  /** Stop expanding after this many milliseconds and report `capped`. */
  readonly maxMillis?: number;
  /** Told of the search's progress every 256 transitions (the terminal's progress line). */
  readonly onProgress?: ProgressSink;
  /** The world the search starts from (the relink alphabet's start for the kernel unless given). */
  readonly start?: World;
}

/**
 * Every sequence of operations up to `depth`, breadth first. A state seen before (by canonical
 * key) is not expanded again; the first violation ends the search with a shortest trace.
 */
export function exhaustive(
  kernel: string,
  depth: number,
  alphabet: readonly Op[] = RELINK_ALPHABET,
  o: ExhaustiveOptions = {},
): ExhaustiveStats {
  const t0 = performance.now();
  const keyOf = o.key === 'raw' ? rawStateKey : stateKey;
  const deadline = o.maxMillis === undefined ? Infinity : t0 + o.maxMillis;
  const start = o.start ?? startWorld(kernel);
  const seen = new Set<string>([keyOf(start)]);
  let frontier: { world: World; path: readonly Op[] }[] = [{ world: start, path: [] }];
  let transitions = 0;
  const perLevel: number[] = [1];
  for (let d = 1; d <= depth && frontier.length > 0; d++) {
    const next: { world: World; path: readonly Op[] }[] = [];
    for (const [n, node] of frontier.entries()) {
      if (performance.now() > deadline) {
        return {
          depth: d,
          distinctStates: seen.size,
          transitions,
          statesPerLevel: [...perLevel, next.length],
          queue: frontier.length - n + next.length,
          millis: performance.now() - t0,
          heapBytes: process.memoryUsage().heapUsed,
          counterexample: null,
          capped: true,
        };
      }
      for (const op of alphabet) {
        const r = applyOp(node.world, op);
        if (r === null) continue;
        transitions++;
        const onProgress = o.onProgress;
        if (onProgress !== undefined && transitions % 256 === 0) {
          const queue = frontier.length - n - 1 + next.length;
          onProgress({ kind: 'exhaustive', level: d, distinct: seen.size, transitions, queue });
        }
        const path = [...node.path, op];
        if (r.violations.length > 0) {
          return {
            depth: d,
            distinctStates: seen.size,
            transitions,
            statesPerLevel: [...perLevel, next.length],
            queue: frontier.length - n - 1 + next.length,
            millis: performance.now() - t0,
            heapBytes: process.memoryUsage().heapUsed,
            counterexample: { ops: path, violations: r.violations },
          };
        }
        const key = keyOf(r.world);
        if (seen.has(key)) continue;
        seen.add(key);
        next.push({ world: r.world, path });
      }
    }
    perLevel.push(next.length);
    frontier = next;
  }
  return {
    depth,
    distinctStates: seen.size,
    transitions,
    statesPerLevel: perLevel,
    queue: frontier.length,
    millis: performance.now() - t0,
    heapBytes: process.memoryUsage().heapUsed,
    counterexample: null,
  };
}

export interface RandomStats {
  readonly runs: number;
  readonly seed: number;
  readonly millis: number;
  readonly counterexample: Counterexample | null;
  /** fast-check's replay path for the counterexample (with the seed, reproduces it exactly). */
  readonly path: string | null;
}

export interface RandomOptions {
  /** fast-check's replay path: with the seed, runs the recorded counterexample directly. */
  readonly path?: string;
  readonly onProgress?: ProgressSink;
  /** The operations drawn from (the whole relink alphabet unless given; swarm gives each search a part). */
  readonly alphabet?: readonly Op[];
}

/** Random sequences of up to `maxLength` operations; fast-check shrinks a failure to a minimal one. */
export function random(
  kernel: string,
  runs: number,
  seed: number,
  maxLength = 12,
  options: RandomOptions = {},
): RandomStats {
  const t0 = performance.now();
  const start = startWorld(kernel);
  const opArb = fc.constantFrom(...(options.alphabet ?? RELINK_ALPHABET));
  const memo = new StepMemo(applyOp);
  let found: Counterexample | null = null;
  let tried = 0;
  const details = fc.check(
    fc.property(fc.array(opArb, { maxLength }), (ops) => {
      tried++;
      if (options.onProgress !== undefined && tried % 500 === 0)
        options.onProgress({ kind: 'random', runs: tried, of: runs });
      let w = start;
      const ran: Op[] = [];
      for (const op of ops) {
        const r = memo.apply(w, op);
        if (r === null) continue;
        ran.push(op);
        if (r.violations.length > 0) {
          found = { ops: ran, violations: r.violations };
          return false;
        }
        w = r.world;
      }
      return true;
    }),
    options.path === undefined ? { numRuns: runs, seed } : { numRuns: runs, seed, path: options.path },
  );
  // The last failing run fast-check tried is the shrunk one: replay it to report its trace.
  let counterexample: Counterexample | null = null;
  if (details.failed && details.counterexample !== null) {
    const [ops] = details.counterexample;
    let w = start;
    const ran: Op[] = [];
    for (const op of ops) {
      const r = applyOp(w, op);
      if (r === null) continue;
      ran.push(op);
      if (r.violations.length > 0) {
        counterexample = { ops: ran, violations: r.violations };
        break;
      }
      w = r.world;
    }
    counterexample ??= found;
  }
  return {
    runs: details.numRuns,
    seed,
    millis: performance.now() - t0,
    counterexample,
    path: details.failed ? details.counterexamplePath : null,
  };
}
