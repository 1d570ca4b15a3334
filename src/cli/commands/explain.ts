/** `relinklab explain SCENARIO`: its options, and the handler that runs src/cli/explain.ts. */
import type { Argv } from 'yargs';
import { runExplain } from '../explain.js';
import type { Command, CommandContext, OptionsOf } from './command.js';

const builder = (y: Argv) =>
  y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'a scenario file' })
    .option('step', { type: 'string', describe: 'only step N (1 to the last)' })
    .option('json', { type: 'boolean', default: false, describe: 'print the steps and their changes as JSON' })
    .example('$0 explain scenarios/orphan.yaml', 'i_nlink to 0, the orphan list, relink and restart, in words')
    .example('$0 explain scenarios/orphan.yaml --step 8', 'only the checkpoint')
    .example('$0 explain scenarios/alias.yaml --json', 'the same as data');

export function explainCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'explain <scenario>',
    describe: 'narrate each step of a scenario: the kernel functions involved and what they changed',
    builder,
    handler: (a) => {
      ctx.exit(runExplain(a.scenario, a.step, a.json, ctx.io));
    },
  };
}
