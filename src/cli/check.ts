/**
 * `relinklab check`: search the relink alphabet for invariant violations, exhaustively up to a
 * depth (on one thread, `--workers K` threads, or as `--shard I/N` of a batch job) or randomly;
 * `--mutation` runs every seeded-bug variant and prints the mutation score.
 */
import { writeFileSync } from 'node:fs';
import { KERNELS, SEEDED_BUGS } from '../model/kernel.js';
import { counterexampleYaml } from '../checker/counterexample.js';
import { exhaustive, random, type Counterexample } from '../checker/explore.js';
import type { ProgressSink } from '../checker/progress.js';
import { InputError } from '../trace/strace-ast.js';
import { validateScaleArgs } from './check-args.js';
import { runExhaustiveCheck } from './check-exhaustive.js';
import { runShardCheck } from './check-shard.js';
import { raceCell, runRaceCheck } from './races.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';
import { progressLine } from './progress-line.js';

export interface CheckArgs {
  readonly mode: string;
  readonly depth: number;
  readonly runs: number;
  readonly seed: number;
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
  readonly mode: 'exhaustive' | 'random';
  readonly counterexample: Counterexample | null;
  readonly millis: number;
  readonly states?: number;
  readonly transitions?: number;
  readonly runs?: number;
  readonly seed?: number;
  readonly path?: string | null;
}

function once(kernel: string, mode: 'exhaustive' | 'random', a: CheckArgs, onProgress?: ProgressSink): Outcome {
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
  if (a.mode !== 'exhaustive' && a.mode !== 'random' && a.mode !== 'races')
    throw new InputError('--mode', 0, `unknown mode "${a.mode}" (exhaustive, random, races)`);
  if (!Number.isInteger(a.depth) || a.depth < 1 || a.depth > 12)
    throw new InputError('--depth', 0, 'must be an integer from 1 to 12');
  if (!Number.isInteger(a.runs) || a.runs < 1) throw new InputError('--runs', 0, 'must be a positive integer');
  // fast-check's seeds are 32-bit integers; yargs turns "abc" into NaN.
  if (!Number.isInteger(a.seed) || a.seed < -(2 ** 31) || a.seed >= 2 ** 31)
    throw new InputError('--seed', 0, 'must be a 32-bit integer');
  if (KERNELS[a.kernel] === undefined)
    throw new InputError('--kernel', 0, `unknown kernel "${a.kernel}" (${Object.keys(KERNELS).join(', ')})`);
  validateScaleArgs(a);
}

const describe = (o: Outcome): string =>
  o.counterexample === null
    ? 'no violation'
    : `${o.counterexample.violations[0]?.invariant ?? '?'} after ${o.counterexample.ops.length} steps: ${o.counterexample.ops.map((op) => op.label).join('; ')}`;

export async function runCheck(a: CheckArgs, io: Io): Promise<number> {
  validate(a);
  if (a.mode === 'races' && !a.mutation) return runRaceCheck(a, io);
  if (a.mutation) {
    const rows = SEEDED_BUGS.map((bug) => ({
      bug,
      ex: once(bug, 'exhaustive', a),
      rnd: once(bug, 'random', a),
      races: raceCell(bug, a.depth),
    }));
    const correct = {
      ex: once('relink', 'exhaustive', a),
      rnd: once('relink', 'random', a),
      races: raceCell('relink', a.depth),
    };
    const found = (m: 'ex' | 'rnd') => rows.filter((r) => r[m].counterexample !== null).length;
    const racesFound = rows.filter((r) => r.races.found).length;
    if (a.json) {
      io.out(
        JSON.stringify({
          rows,
          correct,
          score: { exhaustive: found('ex'), random: found('rnd'), races: racesFound, total: rows.length },
        }),
      );
    } else {
      io.out(`seeded bugs, exhaustive depth ${a.depth} and ${a.runs} random runs (seed ${a.seed}):`);
      io.out('| variant | exhaustive | ms | random | ms | races | ms |');
      io.out('| --- | --- | ---: | --- | ---: | --- | ---: |');
      for (const r of rows) {
        io.out(
          `| ${r.bug} | ${describe(r.ex)} | ${Math.round(r.ex.millis)} | ${describe(r.rnd)} | ${Math.round(r.rnd.millis)} | ${r.races.text} | ${r.races.ms} |`,
        );
      }
      io.out(
        `| relink (correct) | ${describe(correct.ex)} | ${Math.round(correct.ex.millis)} | ${describe(correct.rnd)} | ${Math.round(correct.rnd.millis)} | ${correct.races.text} | ${correct.races.ms} |`,
      );
      io.out(
        `mutation score: exhaustive ${found('ex')}/${rows.length}, random ${found('rnd')}/${rows.length}, races ${racesFound}/${rows.length}`,
      );
    }
    const correctClean =
      correct.ex.counterexample === null && correct.rnd.counterexample === null && !correct.races.found;
    return correctClean ? EXIT_OK : EXIT_FOUND;
  }
  const workers = a.workers ?? 1;
  if (a.shard !== undefined && a.outShard !== undefined)
    return runShardCheck({ ...a, workers, shard: a.shard, outShard: a.outShard }, io);
  if (a.mode === 'exhaustive') return runExhaustiveCheck({ ...a, workers }, io);
  const progress = progressLine(io);
  let o: Outcome;
  try {
    o = once(a.kernel, a.mode as 'exhaustive' | 'random', a, progress.sink);
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
