/** `relinklab playground -o DIR`: its options, and the handler that runs src/cli/playground.ts. */
import type { Argv } from 'yargs';
import { runPlayground } from '../playground.js';
import type { Command, CommandContext, OptionsOf } from './command.js';

const builder = (y: Argv) =>
  y
    .option('o', { alias: 'out', type: 'string', demandOption: true, describe: 'the folder to write the site into' })
    .option('json', { type: 'boolean', default: false, describe: 'print what was written as JSON' })
    .example('$0 playground -o lab && python3 -m http.server -d lab', 'write the site, then serve it on port 8000');

export function playgroundCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'playground',
    describe: 'write a static site where the model runs in the browser: type or pick steps, step, undo, share',
    builder,
    handler: (a) => {
      ctx.exit(runPlayground(a.o, a.json, ctx.io));
    },
  };
}
