/** `relinklab run SCENARIO...`: its options, and the handler that runs src/cli/run.ts. */
import type { Argv } from 'yargs';
import { runRun } from '../run.js';
import type { Command, CommandContext, OptionsOf } from './command.js';

const builder = (y: Argv) =>
  y
    .positional('scenarios', { type: 'string', array: true, demandOption: true })
    .option('json', { type: 'boolean', default: false, describe: 'print a JSON report' })
    .example('$0 run scenarios/alias.yaml', "the seed's alias case")
    .example('$0 run scenarios/*.yaml', 'every bundled scenario');

export function runCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'run <scenarios..>',
    describe: 'run scenario files on the model and check every expectation',
    builder,
    handler: (a) => {
      ctx.exit(runRun(a.scenarios, a.json, ctx.io));
    },
  };
}
