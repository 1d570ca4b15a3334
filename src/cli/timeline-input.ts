/**
 * What explain, render and report read: a scenario, a native trace (a .jsonl file), or with
 * --strace an strace log, each as a timeline. Traces are read by replay's readers with replay's
 * options, so a log means the same to every command.
 */
import { InputError } from '../model/errors.js';
import { isMountableFsType } from '../model/fstype.js';
import { readScenario } from '../scenario/parse.js';
import { buildTimeline, type Timeline } from '../teach/timeline.js';
import { nativeTimeline, straceTimeline } from '../teach/trace-timeline.js';
import { readNative, readStrace, type ReplayArgs } from './replay.js';

export interface TimelineInput {
  readonly file: string;
  readonly strace: boolean;
  readonly root?: string | undefined;
  readonly fds?: string | undefined;
  readonly rootMode?: string | undefined;
  readonly nofile?: string | undefined;
  readonly caps?: string | undefined;
  readonly sysctl?: string | undefined;
  /** Checked against the model's types by the command line (closed-sets.ts). */
  readonly fs?: string | undefined;
  readonly kernel?: string | undefined;
}

/** The options only a trace takes, by their flags, for refusing them beside a scenario. */
const TRACE_ONLY = {
  root: '--root',
  fds: '--fds',
  rootMode: '--root-mode',
  nofile: '--nofile',
  caps: '--caps',
  sysctl: '--sysctl',
  fs: '--fs',
  kernel: '--kernel',
} as const;
const STRACE_ONLY = ['root', 'fds', 'rootMode', 'nofile', 'caps'] as const;

export function readTimeline(a: TimelineInput): Timeline {
  const native = !a.strace && a.file.endsWith('.jsonl');
  const given = (Object.keys(TRACE_ONLY) as (keyof typeof TRACE_ONLY)[]).filter((k) => a[k] !== undefined);
  if (!a.strace && !native && given.length > 0)
    throw new InputError(
      TRACE_ONLY[given[0] ?? 'root'],
      0,
      'applies to a trace (a .jsonl file, or an strace log with --strace), not a scenario',
    );
  const strayed = STRACE_ONLY.find((k) => native && a[k] !== undefined);
  if (strayed !== undefined) throw new InputError(TRACE_ONLY[strayed], 0, 'applies to an strace log (--strace)');
  if (!a.strace && !native) return buildTimeline(readScenario(a.file));
  if (a.fs !== undefined && !isMountableFsType(a.fs)) throw new InputError('--fs', 0, `unknown file system "${a.fs}"`);
  const args: ReplayArgs = { ...a, fs: a.fs, trace: a.file, json: false };
  if (native) {
    const { trace, opts } = readNative(args);
    return nativeTimeline(trace, opts);
  }
  const { events, opts } = readStrace(args);
  return straceTimeline(events, opts);
}
