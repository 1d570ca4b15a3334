/**
 * The relinklab command line. `main(argv, io)` returns the exit status, so tests run commands
 * in-process: 0 success, 1 something was found (a mismatch, a violation), 2 bad input (one line
 * naming file and line), 70 a bug in the model itself.
 */
import yargs from 'yargs';
import { ModelBug } from '../ops/result.js';
import { InputError } from '../trace/strace-ast.js';
import { EXIT_BAD_INPUT, EXIT_MODEL_BUG, PROCESS_IO, type Io } from './io.js';
import { runReplay } from './replay.js';
import { runRun } from './run.js';
import { runCompare } from './compare.js';
import { runCheck } from './check.js';
import { runCrosscheck } from './crosscheck.js';

export async function main(argv: readonly string[], io: Io = PROCESS_IO): Promise<number> {
  let status = 0;
  const parser = yargs([...argv])
    .scriptName('relinklab')
    .usage('$0 <command> [options]')
    .command(
      'replay <trace>',
      'replay a native JSONL trace, or an strace log with --strace, on the model',
      (y) =>
        y
          .positional('trace', { type: 'string', demandOption: true, describe: 'the trace or strace log' })
          .option('strace', { type: 'boolean', default: false, describe: 'the input is `strace -f -o LOG` output' })
          .option('root', { type: 'string', describe: 'the directory the traced program started in (maps to "/")' })
          .option('fs', { type: 'string', describe: 'the root file system: ext4, ext3, btrfs, tmpfs' })
          .option('kernel', { type: 'string', describe: 'kernel variant: mainline, relink, or a seeded bug' })
          .option('json', { type: 'boolean', default: false, describe: 'print a JSON report' })
          .example('$0 replay traces/examples/unlinked-open.jsonl', 'replay the bundled example')
          .example('$0 replay --strace log --root /tmp/rlroot/prog --json', 'compare a real run with the model'),
      (a) => {
        status = runReplay(
          { trace: a.trace, strace: a.strace, root: a.root, fs: a.fs, kernel: a.kernel, json: a.json },
          io,
        );
      },
    )
    .command(
      'run <scenarios..>',
      'run scenario files on the model and check every expectation',
      (y) =>
        y
          .positional('scenarios', { type: 'string', array: true, demandOption: true })
          .option('json', { type: 'boolean', default: false, describe: 'print a JSON report' })
          .example('$0 run scenarios/alias.yaml', "the seed's alias case")
          .example('$0 run scenarios/*.yaml', 'every bundled scenario'),
      (a) => {
        status = runRun(a.scenarios, a.json, io);
      },
    )
    .command(
      'compare <scenario>',
      'run a scenario under each checkpoint strategy (relink, copy, link-remap, search, handle) and compare',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true })
          .option('json', { type: 'boolean', default: false, describe: 'print JSON rows' })
          .example('$0 compare scenarios/large-file.yaml', 'IO of each strategy for a 4 GiB file'),
      (a) => {
        status = runCompare(a.scenario, a.json, io);
      },
    )
    .command(
      'check',
      'search for invariant violations: exhaustively up to a depth, or randomly with shrinking',
      (y) =>
        y
          .option('mode', { type: 'string', default: 'exhaustive', describe: 'exhaustive, random or races' })
          .option('depth', { type: 'number', default: 5, describe: 'exhaustive, races: steps per sequence' })
          .option('runs', { type: 'number', default: 1000, describe: 'random, races: number of random sequences' })
          .option('seed', { type: 'number', default: 424242, describe: 'random: fast-check seed' })
          .option('kernel', {
            type: 'string',
            default: 'relink',
            describe: 'kernel variant (a seeded bug, mainline, relink)',
          })
          .option('mutation', { type: 'boolean', default: false, describe: 'run every seeded bug and print the score' })
          .option('out', {
            type: 'string',
            default: 'counterexample.yaml',
            describe: 'where a counterexample scenario goes',
          })
          .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
          .example('$0 check --depth 6', 'the correct relink variant, exhaustively')
          .example('$0 check --kernel relink-keeps-orphan', 'find a seeded bug')
          .example('$0 check --mode races --kernel relink-missing-lock', 'find a race between two tasks')
          .example('$0 check --mutation --depth 5 --runs 2000', 'the mutation score'),
      async (a) => {
        status = await runCheck(
          {
            mode: a.mode,
            depth: a.depth,
            runs: a.runs,
            seed: a.seed,
            kernel: a.kernel,
            json: a.json,
            out: a.out,
            mutation: a.mutation,
          },
          io,
        );
      },
    )
    .command(
      'crosscheck',
      'run random traces on a real kernel and on the model, and report every difference',
      (y) =>
        y
          .option('target', {
            type: 'string',
            default: 'host',
            describe: 'host (this machine), qemu-unpatched (6.1), qemu-patched (6.1 with the relink series)',
          })
          .option('traces', { type: 'number', default: 200, describe: 'number of random traces' })
          .option('length', { type: 'number', default: 30, describe: 'syscalls per trace' })
          .option('seed', { type: 'number', default: 2026, describe: 'fast-check seed' })
          .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
          .example('$0 crosscheck --traces 200 --length 40', '8,000 random calls against this machine')
          .example('$0 crosscheck --target qemu-patched --traces 200 --length 30', 'our port of the series under QEMU'),
      (a) => {
        status = runCrosscheck(
          { target: a.target, traces: a.traces, length: a.length, seed: a.seed, json: a.json },
          io,
        );
      },
    )
    .demandCommand(1, 'name a command (see --help)')
    .strict()
    .help()
    .version(false)
    .fail((msg, err) => {
      if (err !== undefined && err !== null) throw err;
      throw new InputError('relinklab', 0, msg);
    })
    .exitProcess(false);
  try {
    await parser.parseAsync();
    return status;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(e.line > 0 ? e.message : `${e.file}: ${e.detail}`);
      return EXIT_BAD_INPUT;
    }
    if (e instanceof ModelBug) {
      io.err(`relinklab: ${e.message}`);
      return EXIT_MODEL_BUG;
    }
    throw e;
  }
}
