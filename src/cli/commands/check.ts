/** `relinklab check`: its options, and the handler that runs src/cli/check.ts. */
import type { Argv } from 'yargs';
import { CHECK_MODE_REGISTRY, checkMode } from '../../checker/modes/registry.js';
import { runCheck } from '../check.js';
import { CHECKER_MODES, KERNEL_VARIANTS, KERNEL_VARIANTS_ABOUT, refuseOutside } from '../closed-sets.js';
import type { Command, CommandContext, OptionsOf } from './command.js';

/** What --depth means to each mode that reads it, and its default there. */
const DEPTH_MEANS = CHECK_MODE_REGISTRY.flatMap(({ name, depth }) =>
  depth === undefined ? [] : [`${name}: ${depth.means} (default ${depth.default}${depth.why ? `: ${depth.why}` : ''})`],
).join('; ');

/** --depth under a mode that does not read it: what --mutation's columns get then. */
const DEPTH_UNREAD = 5;

/** The modes that draw at random, from --seed, within --runs. */
const RANDOM_MODES = CHECK_MODE_REGISTRY.filter((m) => m.random)
  .map((m) => m.name)
  .join(', ');

const builder = (y: Argv) =>
  y
    .option('mode', {
      type: 'string',
      choices: CHECKER_MODES.values,
      default: 'exhaustive' as const,
      describe: CHECK_MODE_REGISTRY.map((m) => `${m.name}: ${m.about}`).join('; '),
    })
    .option('depth', {
      type: 'number',
      describe: DEPTH_MEANS,
    })
    .option('runs', { type: 'number', default: 1000, describe: `${RANDOM_MODES}: number of random sequences` })
    .option('seed', { type: 'number', default: 424242, describe: `${RANDOM_MODES}: fast-check seed` })
    .option('kernel', {
      type: 'string',
      choices: KERNEL_VARIANTS.values,
      default: 'relink',
      describe: KERNEL_VARIANTS_ABOUT,
    })
    .option('mutation', {
      type: 'boolean',
      default: false,
      describe: 'run every seeded bug in every mode and print which general law found it in which mode',
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
    .middleware(refuseOutside({ mode: CHECKER_MODES, kernel: KERNEL_VARIANTS }), true)
    .example('$0 check --depth 6', 'the correct relink variant, exhaustively')
    .example('$0 check --depth 7 --workers 2', 'the same search on two threads')
    .example('$0 check --depth 7 --shard 0/4 --out-shard s0.json', 'one shard of four (then merge)')
    .example('$0 check --mode random --runs 100000', 'random sequences, shrunk on failure')
    .example('$0 check --kernel relink-keeps-orphan', 'find a seeded bug')
    .example('$0 check --mode races --kernel relink-missing-lock', 'find a race between two tasks')
    .example('$0 check --mutation --depth 5 --runs 2000', 'which law finds each seeded bug, in which mode');

export function checkCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'check',
    describe: 'search for invariant violations: exhaustively up to a depth, or randomly with shrinking',
    builder,
    handler: async (a) => {
      const status = await runCheck(
        {
          mode: a.mode,
          // Each mode's own default: a races search bounded below its programs' length would cut
          // schedules short.
          depth: a.depth ?? checkMode(a.mode).depth?.default ?? DEPTH_UNREAD,
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
        ctx.io,
      );
      ctx.exit(status);
    },
  };
}
