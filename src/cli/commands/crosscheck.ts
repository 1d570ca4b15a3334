/** `relinklab crosscheck [SCENARIO...]`: its options, and the handler that runs src/cli/crosscheck.ts. */
import type { Argv } from 'yargs';
import { CROSSCHECK_KERNELS, CROSSCHECK_KERNELS_ABOUT, GUEST_FS_TYPES, refuseOutside } from '../closed-sets.js';
import { runCrosscheck } from '../crosscheck.js';
import type { Command, CommandContext, OptionsOf } from './command.js';

const builder = (y: Argv) =>
  y
    .positional('scenarios', {
      type: 'string',
      array: true,
      describe: 'scenario files to run instead of random traces',
    })
    .option('kernel', {
      type: 'string',
      choices: CROSSCHECK_KERNELS.values,
      default: 'host' as const,
      describe: CROSSCHECK_KERNELS_ABOUT,
    })
    .option('fs', {
      type: 'string',
      choices: GUEST_FS_TYPES.values,
      default: 'ext4' as const,
      describe: 'the file system each trace runs on',
    })
    .option('blocksize', {
      type: 'number',
      describe: "its block size (mkfs -b): ext4 1024, 2048 or 4096; the type's default (4096) when absent",
    })
    .option('traces', { type: 'number', default: 200, describe: 'number of random traces' })
    .option('length', { type: 'number', default: 30, describe: 'syscalls per trace' })
    .option('seed', { type: 'number', default: 2026, describe: 'fast-check seed' })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
    .middleware(refuseOutside({ kernel: CROSSCHECK_KERNELS, fs: GUEST_FS_TYPES }), true)
    .example('$0 crosscheck --traces 200 --length 40', '8,000 random calls against this machine')
    .example('$0 crosscheck --kernel debian --traces 200 --length 30', "Debian's stock 6.1 under QEMU")
    .example('$0 crosscheck --kernel patched --fs btrfs', 'our port of the series, on btrfs')
    .example('$0 crosscheck --kernel patched scenarios/*.yaml', 'every scenario on our port');

export function crosscheckCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'crosscheck [scenarios..]',
    describe: 'run random traces, or scenarios, on a real kernel and on the model, and report every difference',
    builder,
    handler: (a) => {
      ctx.exit(
        runCrosscheck(
          {
            kernel: a.kernel,
            fs: a.fs,
            blocksize: a.blocksize,
            traces: a.traces,
            length: a.length,
            seed: a.seed,
            json: a.json,
            scenarios: a.scenarios ?? [],
          },
          ctx.io,
        ),
      );
    },
  };
}
