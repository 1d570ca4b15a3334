/** `relinklab replay TRACE`: its options, and the handler that runs src/cli/replay.ts. */
import type { Argv } from 'yargs';
import { KERNEL_VARIANTS, KERNEL_VARIANTS_ABOUT, MODEL_FS_TYPES, refuseOutside } from '../closed-sets.js';
import { runReplay } from '../replay.js';
import type { Command, CommandContext, OptionsOf } from './command.js';
import { DEBIAN_BOOT_SYSCTLS, renderSysctls } from '../../model/sysctl.js';

const builder = (y: Argv) =>
  y
    .positional('trace', { type: 'string', demandOption: true, describe: 'the trace or strace log' })
    .option('strace', { type: 'boolean', default: false, describe: 'the input is `strace -f -o LOG` output' })
    .option('root', { type: 'string', describe: 'the directory the traced program started in (maps to "/")' })
    .option('fs', { type: 'string', choices: MODEL_FS_TYPES.values, describe: 'the root file system' })
    .option('kernel', { type: 'string', choices: KERNEL_VARIANTS.values, describe: KERNEL_VARIANTS_ABOUT })
    .option('json', { type: 'boolean', default: false, describe: 'print a JSON report' })
    .option('invariants', {
      type: 'string',
      default: 'every',
      describe: 'check the invariants after every line (every) or once at the end (end)',
    })
    .option('fds', {
      type: 'string',
      describe: 'strace: the fds each program started with, e.g. 0,1,2,10 (inferred, and reported, when absent)',
    })
    .option('root-mode', {
      type: 'string',
      describe: "strace: the starting directory's mode in octal, e.g. 1777 (inferred, and reported, when absent)",
    })
    .option('nofile', {
      type: 'string',
      describe:
        "strace: the programs' RLIMIT_NOFILE soft limit (inferred, and reported, when an fd shows it above 1024)",
    })
    .option('caps', {
      type: 'string',
      describe: "strace: root's capabilities in hex as /proc/self/status's CapEff shows them (default: all 41)",
    })
    .option('sysctl', {
      type: 'string',
      describe: `the fs.protected_* sysctls the machine ran with, as NAME=VALUE,... (the others Debian 12's as it boots: ${renderSysctls(DEBIAN_BOOT_SYSCTLS)})`,
    })
    .option('lenient', {
      type: 'boolean',
      default: false,
      describe: 'strace: exit 0 rather than 3 when the run is incomplete (the report still says so)',
    })
    .middleware(refuseOutside({ fs: MODEL_FS_TYPES, kernel: KERNEL_VARIANTS }), true)
    .example('$0 replay traces/examples/unlinked-open.jsonl', 'replay the bundled example')
    .example('$0 replay --strace log --root /tmp/rlroot/prog --json', 'compare a real run with the model');

export function replayCommand(ctx: CommandContext): Command<OptionsOf<typeof builder>> {
  return {
    command: 'replay <trace>',
    describe: 'replay a native JSONL trace, or an strace log with --strace, on the model',
    builder,
    handler: (a) => {
      ctx.exit(
        runReplay(
          {
            trace: a.trace,
            strace: a.strace,
            root: a.root,
            fs: a.fs,
            kernel: a.kernel,
            json: a.json,
            invariants: a.invariants,
            fds: a.fds,
            rootMode: a['root-mode'],
            nofile: a.nofile,
            caps: a.caps,
            sysctl: a.sysctl,
            lenient: a.lenient,
          },
          ctx.io,
        ),
      );
    },
  };
}
