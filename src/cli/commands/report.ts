/** `relinklab report SCENARIO -o FILE`: its options, and the handler that runs src/cli/report.ts. */
import type { Argv } from 'yargs';
import { runReport } from '../report.js';
import type { Command, CommandContext, OptionsOf } from './command.js';
import { refuseTraceInputOutside, TRACE_INPUT_OPTIONS, traceInputOf } from './trace-input.js';

const builder = (y: Argv) =>
  y
    .options(TRACE_INPUT_OPTIONS)
    .middleware(refuseTraceInputOutside, true)
    .positional('scenario', {
      type: 'string',
      demandOption: true,
      describe: 'a scenario, a native trace (.jsonl), or with --strace an strace log',
    })
    .option('o', { alias: 'out', type: 'string', demandOption: true, describe: 'the HTML file to write' })
    .option('json', { type: 'boolean', default: false, describe: 'print what was written as JSON' })
    .example('$0 report scenarios/alias.yaml -o alias.html', 'open alias.html in any browser, offline')
    .example('$0 report traces/examples/unlinked-open.jsonl -o trace.html', 'a native trace, step by step');

export function reportCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'report <scenario>',
    describe: 'write one self-contained HTML page: the timeline, each step explained, its graph, a stepper',
    builder,
    handler: async (a) => {
      ctx.exit(await runReport(traceInputOf(a.scenario, a), a.o, a.json, ctx.io));
    },
  };
}
