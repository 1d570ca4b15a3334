/**
 * Explorers over the relink alphabet: exhaustive breadth-first search up to a depth (bfs.ts, with
 * states deduplicated by their fingerprint, symmetry reduction over object ids included), and
 * random search with fast-check, which shrinks a failing sequence to a minimal one. Both report a
 * counterexample as the list of operations that leads to the first violation; breadth-first ones
 * are shortest. This module is the explorers' one entry point: it re-exports the search and step.
 */
import fc from 'fast-check';
import type { ProgressSink } from './progress.js';
import { RELINK_ALPHABET, startWorld, type Op } from '../relink-alphabet.js';
import { StepMemo } from './step-memo.js';
import { applyOp } from './apply-op.js';
import type { Counterexample } from './bfs.js';

export { applyOp } from './apply-op.js';
export {
  exhaustive,
  type CompactCost,
  type Counterexample,
  type ExhaustiveOptions,
  type ExhaustiveStats,
} from './bfs.js';

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
