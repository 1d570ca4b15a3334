/** `relinklab dist init|level|collect`: the options of each step, and handlers that run src/cli/dist.ts. */
import type { Argv } from 'yargs';
import { runDistCollect, runDistInit, runDistLevel } from '../dist.js';
import { KERNEL_VARIANTS, KERNEL_VARIANTS_ABOUT, refuseOutside } from '../closed-sets.js';
import type { Command, CommandContext, OptionsOf } from './command.js';

const dirArg = { type: 'string', demandOption: true, describe: 'the shared directory of the search' } as const;

const initBuilder = (y: Argv) =>
  y
    .positional('dir', dirArg)
    .option('depth', { type: 'number', demandOption: true, describe: 'levels to search, as check --depth' })
    .option('partitions', { type: 'number', demandOption: true, describe: 'partitions (jobs per level)' })
    .option('kernel', {
      type: 'string',
      choices: KERNEL_VARIANTS.values,
      default: 'relink',
      describe: KERNEL_VARIANTS_ABOUT,
    })
    .middleware(refuseOutside({ kernel: KERNEL_VARIANTS }), true);

const levelBuilder = (y: Argv) =>
  y
    .positional('dir', dirArg)
    .option('level', { type: 'number', demandOption: true, describe: 'the level, from 0 to the depth' })
    .option('partition', { type: 'number', demandOption: true, describe: 'the partition, from 0' })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON' });

const collectBuilder = (y: Argv) =>
  y
    .positional('dir', dirArg)
    .option('out', { type: 'string', default: 'counterexample.yaml', describe: 'where a counterexample scenario goes' })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON' });

const builder = (ctx: CommandContext) => (y: Argv) =>
  y
    .command({
      command: 'init <dir>',
      describe: 'start a search in a shared directory (again with the same options: resume it)',
      builder: initBuilder,
      handler: (a: OptionsOf<typeof initBuilder>) => {
        ctx.exit(runDistInit({ dir: a.dir, depth: a.depth, partitions: a.partitions, kernel: a.kernel }, ctx.io));
      },
    })
    .command({
      command: 'level <dir>',
      describe: "run one partition's job at one level (skipped if it finished before)",
      builder: levelBuilder,
      handler: (a: OptionsOf<typeof levelBuilder>) => {
        ctx.exit(runDistLevel({ dir: a.dir, level: a.level, partition: a.partition, json: a.json }, ctx.io));
      },
    })
    .command({
      command: 'collect <dir>',
      describe: "the single run's answer from a finished directory",
      builder: collectBuilder,
      handler: (a: OptionsOf<typeof collectBuilder>) => {
        ctx.exit(runDistCollect({ dir: a.dir, json: a.json, out: a.out }, ctx.io));
      },
    })
    .demandCommand(1, 'name a step: init, level or collect')
    .example('$0 dist init d7 --depth 7 --partitions 4', 'a search of depth 7 in four partitions')
    .example('$0 dist level d7 --level 0 --partition 2', "partition 2's job at level 0 (after every job of level -1)")
    .example('$0 dist collect d7', 'the summary the single run prints')
    .example('deploy/parallel/run.sh d7 7 4', 'every step with GNU parallel on this machine');

export function distCommand(ctx: CommandContext): Command<unknown> {
  return {
    command: 'dist',
    describe:
      'an exhaustive search as jobs per level and partition through a shared directory (Slurm, Kubernetes, GNU parallel)',
    builder: builder(ctx),
    handler: () => undefined,
  };
}
