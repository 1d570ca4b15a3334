/**
 * `relinklab check`: search the relink alphabet for invariant violations, exhaustively up to a
 * depth (on one thread, `--workers K` threads, or as `--shard I/N` of a batch job) or randomly;
 * `--mutation` runs every seeded-bug variant and prints which general law found it in which mode
 * (src/cli/mutation.ts).
 */
import { writeFileSync } from 'node:fs';
import { counterexampleSummary, counterexampleYaml } from '../checker/search/counterexample.js';
import { exhaustive, random, type Counterexample } from '../checker/search/explore.js';
import type { CheckMode, SequenceMode } from '../checker/modes.js';
import type { ProgressSink } from '../checker/search/progress.js';
import { InputError } from '../model/errors.js';
import { validateScaleArgs } from './check-args.js';
import { runExhaustiveCheck } from './check-exhaustive.js';
import { runShardCheck } from './check-shard.js';
import { runMutation } from './mutation.js';
import { runRaceCheck } from './races.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';
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

interface Outcome {
  readonly kernel: string;
  readonly mode: SequenceMode;
  readonly counterexample: Counterexample | null;
  readonly millis: number;
  readonly states?: number;
  readonly transitions?: number;
  readonly runs?: number;
  readonly seed?: number;
  readonly path?: string | null;
}

function once(kernel: string, mode: SequenceMode, a: CheckArgs, onProgress?: ProgressSink): Outcome {
  if (mode === 'exhaustive') {
    const r = exhaustive(kernel, a.depth);
    return {
      kernel,
      mode,
      counterexample: r.counterexample,
      millis: r.millis,
      states: r.distinctStates,
      transitions: r.transitions,
    };
  }
  const r = random(kernel, a.runs, a.seed, undefined, { path: a.path, onProgress });
  return { kernel, mode, counterexample: r.counterexample, millis: r.millis, runs: r.runs, seed: a.seed, path: r.path };
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

const describe = (o: Outcome): string => counterexampleSummary(o.counterexample);

export async function runCheck(a: CheckArgs, io: Io): Promise<number> {
  validate(a);
  if (a.mutation) {
    return runMutation(a, io, (kernel, mode) => {
      const o = once(kernel, mode, a);
      return { counterexample: o.counterexample, millis: o.millis };
    });
  }
  if (a.mode === 'races') return runRaceCheck(a, io);
  const workers = a.workers ?? 1;
  if (a.shard !== undefined && a.outShard !== undefined)
    return runShardCheck({ ...a, workers, shard: a.shard, outShard: a.outShard }, io);
  if (a.mode === 'exhaustive') return runExhaustiveCheck({ ...a, workers }, io);
  const progress = progressLine(io);
  let o: Outcome;
  try {
    o = once(a.kernel, a.mode, a, progress.sink);
  } finally {
    progress.done();
  }
  if (o.counterexample !== null) writeFileSync(a.out, counterexampleYaml(a.kernel, o.counterexample));
  if (a.json) io.out(JSON.stringify({ ...o, out: o.counterexample === null ? null : a.out }));
  else {
    const size =
      o.mode === 'exhaustive'
        ? `${o.states} distinct states, ${o.transitions} transitions, depth ${a.depth}`
        : `${o.runs} runs, seed ${a.seed}`;
    io.out(`${a.kernel}, ${o.mode}: ${size}, ${Math.round(o.millis)} ms: ${describe(o)}`);
    if (o.counterexample !== null) io.out(`counterexample written to ${a.out} (relinklab run ${a.out})`);
    if (o.path !== null && o.path !== undefined)
      io.out(`replay: relinklab check --mode random --kernel ${a.kernel} --seed ${a.seed} --path ${o.path}`);
  }
  return o.counterexample === null ? EXIT_OK : EXIT_FOUND;
}
