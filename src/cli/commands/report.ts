/** `relinklab report SCENARIO -o FILE`: its options, and the handler that runs src/cli/report.ts. */
import type { Argv } from 'yargs';
import { runReport } from '../report.js';
import type { Command, CommandContext, OptionsOf } from './command.js';

const builder = (y: Argv) =>
  y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'a scenario file' })
    .option('o', { alias: 'out', type: 'string', demandOption: true, describe: 'the HTML file to write' })
    .option('json', { type: 'boolean', default: false, describe: 'print what was written as JSON' })
    .example('$0 report scenarios/alias.yaml -o alias.html', 'open alias.html in any browser, offline');

export function reportCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'report <scenario>',
    describe: 'write one self-contained HTML page: the timeline, each step explained, its graph, a stepper',
    builder,
    handler: async (a) => {
      ctx.exit(await runReport(a.scenario, a.o, a.json, ctx.io));
    },
  };
}
