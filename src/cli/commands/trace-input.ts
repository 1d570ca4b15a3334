/**
 * The input options of explain, render and report beside a scenario: a native trace (.jsonl), or
 * with --strace an strace log and what replay asks of one (--root, --fds, ...), read by replay's
 * own readers (src/cli/replay.ts), so a log means the same to both commands.
 */
import { KERNEL_VARIANTS, KERNEL_VARIANTS_ABOUT, MODEL_FS_TYPES, refuseOutside } from '../closed-sets.js';
import type { TimelineInput } from '../timeline-input.js';

export const TRACE_INPUT_OPTIONS = {
  strace: {
    type: 'boolean',
    default: false,
    describe: 'the input is `strace -f -o LOG` output of a real program, replayed as replay does',
  },
  root: { type: 'string', describe: 'strace: the directory the traced program started in (maps to "/")' },
  fds: { type: 'string', describe: 'strace: the fds each program started with, e.g. 0,1,2,10' },
  'root-mode': { type: 'string', describe: "strace: the starting directory's mode in octal" },
  nofile: { type: 'string', describe: "strace: the programs' RLIMIT_NOFILE soft limit" },
  caps: { type: 'string', describe: "strace: root's capabilities in hex, as /proc/self/status's CapEff" },
  sysctl: { type: 'string', describe: 'a trace: the fs.protected_* sysctls, as NAME=VALUE,...' },
  fs: { type: 'string', choices: MODEL_FS_TYPES.values, describe: 'a trace: the root file system' },
  kernel: { type: 'string', choices: KERNEL_VARIANTS.values, describe: `a trace: ${KERNEL_VARIANTS_ABOUT}` },
} as const;

/** --fs and --kernel outside the model's sets, refused as replay refuses them. */
export const refuseTraceInputOutside = refuseOutside({ fs: MODEL_FS_TYPES, kernel: KERNEL_VARIANTS });

type TraceInputArgs = {
  readonly strace: boolean;
  readonly root?: string | undefined;
  readonly fds?: string | undefined;
  readonly 'root-mode'?: string | undefined;
  readonly nofile?: string | undefined;
  readonly caps?: string | undefined;
  readonly sysctl?: string | undefined;
  readonly fs?: string | undefined;
  readonly kernel?: string | undefined;
};

/** The parsed options as the input reader takes them. */
export function traceInputOf(file: string, a: TraceInputArgs): TimelineInput {
  return {
    file,
    strace: a.strace,
    root: a.root,
    fds: a.fds,
    rootMode: a['root-mode'],
    nofile: a.nofile,
    caps: a.caps,
    sysctl: a.sysctl,
    fs: a.fs,
    kernel: a.kernel,
  };
}
