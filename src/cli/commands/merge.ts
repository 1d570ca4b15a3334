/** `relinklab merge SHARD...`: its options, and the handler that runs src/cli/merge.ts. */
import type { Argv } from 'yargs';
import { runMerge } from '../merge.js';
import type { Command, CommandContext, OptionsOf } from './command.js';

const builder = (y: Argv) =>
  y
    .positional('files', { type: 'string', array: true, demandOption: true, describe: 'every shard file' })
    .option('out', {
      type: 'string',
      default: 'counterexample.yaml',
      describe: 'where a counterexample scenario goes',
    })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
    .example('$0 merge shards/*.json', 'the summary of a sharded search');

export function mergeCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'merge <files..>',
    describe: 'combine the shard files of one exhaustive search into the summary a single run prints',
    builder,
    handler: (a) => {
      ctx.exit(runMerge({ files: a.files, json: a.json, out: a.out }, ctx.io));
    },
  };
}
