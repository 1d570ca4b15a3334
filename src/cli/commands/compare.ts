/**
 * `relinklab compare SCENARIO` and `compare --criu SCENARIO...`: its options, and the handler that
 * runs src/cli/compare.ts (the model's strategies) and src/cli/compare-criu.ts (real CRIU).
 */
import type { Argv } from 'yargs';
import { runCompare } from '../compare.js';
import { runCompareCriu } from '../compare-criu.js';
import { InputError } from '../../model/errors.js';
import type { Command, CommandContext, OptionsOf } from './command.js';

const builder = (y: Argv) =>
  y
    .positional('scenario', { type: 'string', demandOption: true })
    .positional('more', { type: 'string', array: true, describe: 'more scenarios (with --criu only)' })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON rows' })
    .option('criu', {
      type: 'boolean',
      default: false,
      describe:
        'also run copy and link-remap through real CRIU in QEMU (Debian 6.1), and relink + CRIU on the patched 6.1, and compare every answer',
    })
    .example('$0 compare scenarios/large-file.yaml', 'IO of each strategy for a 4 GiB file')
    .example(
      '$0 compare --criu scenarios/cr/two-opens-one-ghost.yaml',
      "the model's copy and link-remap against real CRIU",
    );

export function compareCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'compare <scenario> [more..]',
    describe: 'run a scenario under each checkpoint strategy (relink, copy, link-remap, search, handle) and compare',
    builder,
    handler: (a) => {
      if ((a.more ?? []).length > 0 && !a.criu)
        throw new InputError('relinklab', 0, 'compare: several scenarios are compared with --criu only');
      if (a.criu && a.json) throw new InputError('relinklab', 0, 'compare: --criu prints tables, not JSON');
      const files = [a.scenario, ...(a.more ?? [])];
      const model = files.map((f) => runCompare(f, a.json, ctx.io)).find((s) => s !== 0) ?? 0;
      ctx.exit(a.criu && model === 0 ? runCompareCriu(files, ctx.io) : model);
    },
  };
}
