/**
 * `relinklab check`: search the relink core for invariant violations in one of the registry's
 * modes (src/checker/modes/registry.ts), or `--shard I/N` of an exhaustive search for a batch job;
 * `--mutation` runs every seeded-bug variant in every mode and prints which general law found it
 * in which mode (src/cli/mutation.ts).
 */
import { checkMode, type CheckMode } from '../checker/modes/registry.js';
import { InputError } from '../model/errors.js';
import { validateScaleArgs } from './check-args.js';
import { reportOutcome } from './check-outcome.js';
import { runShardCheck } from './check-shard.js';
import { runMutation } from './mutation.js';
import type { Io } from './io.js';
import { progressLine } from './progress-line.js';

export interface CheckArgs {
  readonly mode: CheckMode;
  readonly depth: number;
  readonly runs: number;
  readonly seed: number;
  /** A name in KERNELS (the command line refuses others). */
  readonly kernel: string;
  readonly json: boolean;
  readonly out: string;
  readonly mutation: boolean;
  /** Worker threads for one exhaustive search (1: this thread). */
  readonly workers?: number;
  /** "I/N": only shard I of N, its result written to `outShard` for `relinklab merge`. */
  readonly shard?: string;
  readonly outShard?: string;
  /** fast-check's replay path of a random counterexample (with its --seed). */
  readonly path?: string;
}

function validate(a: CheckArgs): void {
  if (!Number.isInteger(a.depth) || a.depth < 1 || a.depth > 12)
    throw new InputError('--depth', 0, 'must be an integer from 1 to 12');
  if (!Number.isInteger(a.runs) || a.runs < 1) throw new InputError('--runs', 0, 'must be a positive integer');
  // fast-check's seeds are 32-bit integers; yargs turns "abc" into NaN.
  if (!Number.isInteger(a.seed) || a.seed < -(2 ** 31) || a.seed >= 2 ** 31)
    throw new InputError('--seed', 0, 'must be a 32-bit integer');
  validateScaleArgs(a);
}

export async function runCheck(a: CheckArgs, io: Io): Promise<number> {
  validate(a);
  if (a.mutation) return runMutation(a, io);
  const workers = a.workers ?? 1;
  if (a.shard !== undefined && a.outShard !== undefined)
    return runShardCheck({ ...a, workers, shard: a.shard, outShard: a.outShard }, io);
  const progress = progressLine(io);
  let outcome;
  try {
    outcome = await checkMode(a.mode).search(a.kernel, a, { workers, path: a.path, onProgress: progress.sink });
  } finally {
    progress.done();
  }
  return reportOutcome(outcome, a, io);
}
