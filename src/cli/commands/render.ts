/** `relinklab render SCENARIO`: its options, and the handler that runs src/cli/render.ts. */
import type { Argv } from 'yargs';
import { runRender } from '../render.js';
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
    .option('step', {
      type: 'string',
      describe: 'the state after step N (0: the booted machine; default: the last)',
    })
    .option('format', { type: 'string', default: 'dot', describe: 'dot, svg or mermaid' })
    .option('o', { alias: 'out', type: 'string', describe: 'write to this file instead of standard output' })
    .option('json', { type: 'boolean', default: false, describe: 'print the graph (nodes, edges) as JSON too' })
    .option('focus', {
      type: 'boolean',
      default: false,
      describe: "leave out boot objects and those away from the scenario's focus: unless the step changes them",
    })
    .example('$0 render scenarios/orphan.yaml --step 6 --format svg -o orphan.svg', 'the orphan inode, as SVG')
    .example('$0 render scenarios/alias.yaml --step 8 --format mermaid', 'after the checkpoint, as Mermaid')
    .example('$0 render scenarios/fifo.yaml --step 9 --format svg --focus -o kill.svg', 'a slide of what matters');

export function renderCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'render <scenario>',
    describe: 'draw the kernel object graph after one step as Graphviz DOT, SVG or Mermaid',
    builder,
    handler: async (a) => {
      ctx.exit(
        await runRender(
          {
            input: traceInputOf(a.scenario, a),
            step: a.step,
            format: a.format,
            out: a.o,
            json: a.json,
            focus: a.focus,
          },
          ctx.io,
        ),
      );
    },
  };
}
