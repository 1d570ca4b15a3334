/** `relinklab explain SCENARIO`: its options, and the handler that runs src/cli/explain.ts. */
import type { Argv } from 'yargs';
import { runExplain } from '../explain.js';
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
    .option('step', { type: 'string', describe: 'only step N (1 to the last)' })
    .option('json', { type: 'boolean', default: false, describe: 'print the steps and their changes as JSON' })
    .example('$0 explain scenarios/orphan.yaml', 'i_nlink to 0, the orphan list, relink and restart, in words')
    .example('$0 explain scenarios/orphan.yaml --step 8', 'only the checkpoint')
    .example('$0 explain scenarios/alias.yaml --json', 'the same as data')
    .example('$0 explain --strace LOG --root /tmp/rlroot/prog', "a real program's strace log, step by step");

export function explainCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'explain <scenario>',
    describe: 'narrate each step of a scenario: the kernel functions involved and what they changed',
    builder,
    handler: (a) => {
      ctx.exit(runExplain(traceInputOf(a.scenario, a), a.step, a.json, ctx.io));
    },
  };
}
