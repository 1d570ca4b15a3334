/** `relinklab new [FILE]`: its options, and the handler that runs src/cli/new.ts. */
import type { Argv } from 'yargs';
import { runNew } from '../new.js';
import type { Command, CommandContext, OptionsOf } from './command.js';

const builder = (y: Argv) =>
  y
    .positional('file', { type: 'string', describe: 'the scenario file to write (standard output when absent)' })
    .option('json', { type: 'boolean', default: false, describe: 'print what was written as JSON' })
    .example('$0 new lab1.yaml', 'write a commented scenario to start from, then: $0 run lab1.yaml');

export function newCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'new [file]',
    describe: 'write a commented scenario skeleton that runs as it is, to start an exercise from',
    builder,
    handler: (a) => {
      ctx.exit(runNew(a.file, a.json, ctx.io));
    },
  };
}
