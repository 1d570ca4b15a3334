/** `relinklab compare SCENARIO`: its options, and the handler that runs src/cli/compare.ts. */
import type { Argv } from 'yargs';
import { runCompare } from '../compare.js';
import type { Command, CommandContext, OptionsOf } from './command.js';

const builder = (y: Argv) =>
  y
    .positional('scenario', { type: 'string', demandOption: true })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON rows' })
    .example('$0 compare scenarios/large-file.yaml', 'IO of each strategy for a 4 GiB file');

export function compareCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'compare <scenario>',
    describe: 'run a scenario under each checkpoint strategy (relink, copy, link-remap, search, handle) and compare',
    builder,
    handler: (a) => {
      ctx.exit(runCompare(a.scenario, a.json, ctx.io));
    },
  };
}
