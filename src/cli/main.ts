/**
 * The relinklab command line. `main(argv, io)` returns the exit status, so tests run commands
 * in-process: 0 success, 1 something was found (a mismatch, a violation), 2 bad input (one line
 * naming file and line), 70 a bug in the model itself.
 */
import yargs from 'yargs';
import { InputError } from '../model/errors.js';
import { exitStatusFor } from './exit-status.js';
import { PROCESS_IO, type Io } from './io.js';
import { runReplay } from './replay.js';
import { runRun } from './run.js';
import { runCompare } from './compare.js';
import { runCheck } from './check.js';
import { runCrosscheck } from './crosscheck.js';
import { runExplain } from './explain.js';
import { runRender } from './render.js';
import { runReport } from './report.js';
import { runMerge } from './merge.js';
import { RACES_FULL_DEPTH } from '../checker/races/races.js';

/** yargs' table of the options declared so far (its typings leave getOptions out). */
interface OptionTable {
  getOptions(): { readonly boolean: readonly string[]; readonly array: readonly string[] };
}

/** A boolean option written as --name=value takes only true or false. */
function refuseSwitchValues(argv: readonly string[], switches: readonly string[]): void {
  for (const arg of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(arg);
    if (m === null || !switches.includes(m[1] ?? '')) continue;
    if (m[2] !== 'true' && m[2] !== 'false')
      throw new InputError(`--${m[1]}`, 0, `takes no value but true or false, not "${m[2]}"`);
  }
}

function lastValues(a: Record<string, unknown>, arrays: readonly string[]): void {
  for (const [k, v] of Object.entries(a)) if (k !== '_' && !arrays.includes(k) && Array.isArray(v)) a[k] = v.at(-1);
}

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
          .option('invariants', {
            type: 'string',
            default: 'every',
            describe: 'check the invariants after every line (every) or once at the end (end)',
          })
          .option('fds', {
            type: 'string',
            describe: 'strace: the fds each program started with, e.g. 0,1,2,10 (inferred, and reported, when absent)',
          })
          .option('root-mode', {
            type: 'string',
            describe: "strace: the starting directory's mode in octal, e.g. 1777 (inferred, and reported, when absent)",
          })
          .option('nofile', {
            type: 'string',
            describe:
              "strace: the programs' RLIMIT_NOFILE soft limit (inferred, and reported, when an fd shows it above 1024)",
          })
          .option('lenient', {
            type: 'boolean',
            default: false,
            describe: 'strace: exit 0 rather than 3 when the run is incomplete (the report still says so)',
          })
          .example('$0 replay traces/examples/unlinked-open.jsonl', 'replay the bundled example')
          .example('$0 replay --strace log --root /tmp/rlroot/prog --json', 'compare a real run with the model'),
      (a) => {
        status = runReplay(
          {
            trace: a.trace,
            strace: a.strace,
            root: a.root,
            fs: a.fs,
            kernel: a.kernel,
            json: a.json,
            invariants: a.invariants,
            fds: a.fds,
            rootMode: a['root-mode'],
            nofile: a.nofile,
            lenient: a.lenient,
          },
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
          .option('depth', {
            type: 'number',
            describe:
              'exhaustive: steps per sequence (default 5); races: steps per schedule (default 12: every program to its end)',
          })
          .option('runs', { type: 'number', default: 1000, describe: 'random, races: number of random sequences' })
          .option('seed', { type: 'number', default: 424242, describe: 'random: fast-check seed' })
          .option('kernel', {
            type: 'string',
            default: 'relink',
            describe: 'kernel variant (a seeded bug, mainline, relink)',
          })
          .option('mutation', {
            type: 'boolean',
            default: false,
            describe: 'run every seeded bug in the three modes and print which general law found it in which mode',
          })
          .option('out', {
            type: 'string',
            default: 'counterexample.yaml',
            describe: 'where a counterexample scenario goes',
          })
          .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
          .option('workers', { type: 'number', default: 1, describe: 'exhaustive: worker threads' })
          .option('shard', { type: 'string', describe: 'exhaustive: explore only shard I/N (I from 0), for merge' })
          .option('out-shard', { type: 'string', describe: 'with --shard: where the shard result (JSON) goes' })
          .option('path', { type: 'string', describe: "random: fast-check's replay path (with --seed)" })
          .example('$0 check --depth 6', 'the correct relink variant, exhaustively')
          .example('$0 check --depth 7 --workers 2', 'the same search on two threads')
          .example('$0 check --depth 7 --shard 0/4 --out-shard s0.json', 'one shard of four (then merge)')
          .example('$0 check --mode random --runs 100000', 'random sequences, shrunk on failure')
          .example('$0 check --kernel relink-keeps-orphan', 'find a seeded bug')
          .example('$0 check --mode races --kernel relink-missing-lock', 'find a race between two tasks')
          .example('$0 check --mutation --depth 5 --runs 2000', 'which law finds each seeded bug, in which mode'),
      async (a) => {
        status = await runCheck(
          {
            mode: a.mode,
            // A races search bounded below its programs' length would cut schedules short.
            depth: a.depth ?? (a.mode === 'races' ? RACES_FULL_DEPTH : 5),
            runs: a.runs,
            seed: a.seed,
            kernel: a.kernel,
            json: a.json,
            out: a.out,
            mutation: a.mutation,
            workers: a.workers,
            shard: a.shard,
            outShard: a['out-shard'],
            path: a.path,
          },
          io,
        );
      },
    )
    .command(
      'merge <files..>',
      'combine the shard files of one exhaustive search into the summary a single run prints',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true, describe: 'every shard file' })
          .option('out', {
            type: 'string',
            default: 'counterexample.yaml',
            describe: 'where a counterexample scenario goes',
          })
          .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
          .example('$0 merge shards/*.json', 'the summary of a sharded search'),
      (a) => {
        status = runMerge({ files: a.files, json: a.json, out: a.out }, io);
      },
    )
    .command(
      'crosscheck [scenarios..]',
      'run random traces, or scenarios, on a real kernel and on the model, and report every difference',
      (y) =>
        y
          .positional('scenarios', {
            type: 'string',
            array: true,
            describe: 'scenario files to run instead of random traces',
          })
          .option('kernel', {
            type: 'string',
            default: 'host',
            describe:
              "host (this machine's kernel), debian (Debian's stock 6.1), minimal (our 6.1 debug build: lockdep, kmemleak), patched (the same with the relink series), broken (patched plus test-only faults: the kernel-log checks must fail on it)",
          })
          .option('fs', {
            type: 'string',
            default: 'ext4',
            describe: 'the file system each trace runs on: ext4, btrfs, tmpfs',
          })
          .option('blocksize', {
            type: 'number',
            describe: "its block size (mkfs -b): ext4 1024, 2048 or 4096; the type's default (4096) when absent",
          })
          .option('traces', { type: 'number', default: 200, describe: 'number of random traces' })
          .option('length', { type: 'number', default: 30, describe: 'syscalls per trace' })
          .option('seed', { type: 'number', default: 2026, describe: 'fast-check seed' })
          .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
          .example('$0 crosscheck --traces 200 --length 40', '8,000 random calls against this machine')
          .example('$0 crosscheck --kernel debian --traces 200 --length 30', "Debian's stock 6.1 under QEMU")
          .example('$0 crosscheck --kernel patched --fs btrfs', 'our port of the series, on btrfs')
          .example('$0 crosscheck --kernel patched scenarios/*.yaml', 'every scenario on our port'),
      (a) => {
        status = runCrosscheck(
          {
            kernel: a.kernel,
            fs: a.fs,
            blocksize: a.blocksize,
            traces: a.traces,
            length: a.length,
            seed: a.seed,
            json: a.json,
            scenarios: a.scenarios ?? [],
          },
          io,
        );
      },
    )
    .command(
      'explain <scenario>',
      'narrate each step of a scenario: the kernel functions involved and what they changed',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'a scenario file' })
          .option('step', { type: 'string', describe: 'only step N (1 to the last)' })
          .option('json', { type: 'boolean', default: false, describe: 'print the steps and their changes as JSON' })
          .example('$0 explain scenarios/orphan.yaml', 'i_nlink to 0, the orphan list, relink and restart, in words')
          .example('$0 explain scenarios/orphan.yaml --step 8', 'only the checkpoint')
          .example('$0 explain scenarios/alias.yaml --json', 'the same as data'),
      (a) => {
        status = runExplain(a.scenario, a.step, a.json, io);
      },
    )
    .command(
      'render <scenario>',
      'draw the kernel object graph after one step as Graphviz DOT, SVG or Mermaid',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'a scenario file' })
          .option('step', {
            type: 'string',
            describe: 'the state after step N (0: the booted machine; default: the last)',
          })
          .option('format', { type: 'string', default: 'dot', describe: 'dot, svg or mermaid' })
          .option('o', { alias: 'out', type: 'string', describe: 'write to this file instead of standard output' })
          .option('json', { type: 'boolean', default: false, describe: 'print the graph (nodes, edges) as JSON too' })
          .example('$0 render scenarios/orphan.yaml --step 6 --format svg -o orphan.svg', 'the orphan inode, as SVG')
          .example('$0 render scenarios/alias.yaml --step 8 --format mermaid', 'after the checkpoint, as Mermaid'),
      async (a) => {
        status = await runRender({ scenario: a.scenario, step: a.step, format: a.format, out: a.o, json: a.json }, io);
      },
    )
    .command(
      'report <scenario>',
      'write one self-contained HTML page: the timeline, each step explained, its graph, a stepper',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'a scenario file' })
          .option('o', { alias: 'out', type: 'string', demandOption: true, describe: 'the HTML file to write' })
          .option('json', { type: 'boolean', default: false, describe: 'print what was written as JSON' })
          .example('$0 report scenarios/alias.yaml -o alias.html', 'open alias.html in any browser, offline'),
      async (a) => {
        status = await runReport(a.scenario, a.o, a.json, io);
      },
    )
    .completion('completion', 'print a bash/zsh completion script (source <(relinklab completion))')
    .demandCommand(1, 'name a command (see --help)')
    .middleware((a) => {
      // yargs reads "--json=maybe" as false: a switch given a value but true or false is bad input.
      const table = (parser as unknown as OptionTable).getOptions();
      refuseSwitchValues(argv, table.boolean);
      // A repeated option takes its last value, as most command-line tools do; yargs makes it an
      // array, which no command expects (the variadic positionals are the only arrays).
      lastValues(a, table.array);
    })
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
    return exitStatusFor(e, io);
  }
}
