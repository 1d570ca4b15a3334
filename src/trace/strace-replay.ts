/**
 * Replaying a real program's strace log on the model and comparing every modelled call with what
 * the kernel answered. The traced programs started in one directory, `root`, which is the model's
 * "/" and their cwd; absolute paths under it map into the model, /proc/PID/fd paths pass through,
 * everything else is outside and never compared. Real pids are kept; a process that appears with
 * no fork/clone before it is a program of its own (a harness running every step as a process).
 *
 * What the log does not say is stated (`fds`, `rootMode`) or inferred: when a difference only an
 * inherited fd (or another mode of the root) explains, the log is replayed again with it, and the
 * report names it with the line that forced it. Anything inferred makes the run incomplete.
 */
import type { MountableFsType } from '../model/fstype.js';
import { DEBIAN_BOOT_SYSCTLS, type Sysctls } from '../model/sysctl.js';
import { NR_OPEN } from './model-answers.js';
import { ReplayPass, type AppliedCall } from './replay-loop.js';
import { verdictOf, type Inference, type ReplayReport } from './replay-report.js';
import type { StraceEvent } from './strace-ast.js';

export type { Inference, Mismatch, ReplayReport, SkipReason, Verdict } from './replay-report.js';

export interface ReplayOptions {
  /** The directory the traced programs started in (their absolute paths under it map to "/"). */
  readonly root?: string;
  /** The fds every program starts with, stated (0-2 and any inherited); inferred when absent. */
  readonly fds?: readonly number[];
  /** Permission bits of the starting directory (made before the trace); inferred when absent. */
  readonly rootMode?: number;
  /** RLIMIT_NOFILE's soft limit the programs ran with; the kernel's default (1024) unless inferred. */
  readonly nofile?: number;
  /**
   * The capabilities (effective and permitted) root's programs start with, a set of
   * src/model/cred.ts as /proc/self/status shows it (CapEff 000001fffeffffff); every one when
   * absent. A container's bounding set may lack some: this machine's lacks CAP_SYS_RESOURCE.
   */
  readonly caps?: number;
  /**
   * The fs.protected_* sysctls the traced machine ran with (src/model/sysctl.ts); Debian 12's as
   * it boots (DEBIAN_BOOT_SYSCTLS) when absent.
   */
  readonly sysctl?: Sysctls;
  /** The log's name, for bad input that names a line. */
  readonly file?: string;
  readonly fs: MountableFsType;
  readonly kernel: string;
  /** When the invariants are checked: after every applied call (default) or once at the end. */
  readonly invariants?: 'every' | 'end';
  /** Sees every call the model ran, in each pass (`round` from 0; the report is the last pass's). */
  readonly onCall?: (c: AppliedCall, round: number) => void;
}

/** Rounds of inference at most: each adds at least one fd, and a process rarely inherits more. */
const MAX_INFERENCE_ROUNDS = 64;

export function replayStrace(events: readonly StraceEvent[], opts: ReplayOptions): ReplayReport {
  const stated = opts.fds !== undefined;
  let fds = [...(opts.fds ?? [0, 1, 2])].sort((a, b) => a - b);
  let rootMode = opts.rootMode;
  let nofile = opts.nofile;
  const inferred: Inference[] = [];
  for (let round = 0; ; round++) {
    const pass = new ReplayPass({
      root: opts.root,
      fds,
      rootMode,
      nofile,
      caps: opts.caps,
      sysctl: opts.sysctl ?? DEBIAN_BOOT_SYSCTLS,
      file: opts.file ?? '<strace log>',
      fs: opts.fs,
      kernel: opts.kernel,
      invariants: opts.invariants ?? 'every',
      onCall: opts.onCall === undefined ? undefined : (c) => opts.onCall?.(c, round),
    });
    pass.run(events);
    const j = pass.judge;
    const found = stated ? [] : [...j.fdEvidence].filter(([fd]) => !fds.includes(fd));
    const mode = opts.rootMode === undefined && rootMode === undefined ? j.rootModeEvidence : null;
    // A descriptor past the default RLIMIT_NOFILE in use: the programs ran with a higher one, by
    // how much the log does not say, so the model lets them have every fd up to NR_OPEN.
    const limit = opts.nofile === undefined && nofile === undefined ? j.nofileClue : null;
    if (limit !== null && round < MAX_INFERENCE_ROUNDS) {
      inferred.push({ what: 'nofile', fd: limit.fd, line: limit.line });
      nofile = NR_OPEN;
      continue;
    }
    if ((found.length > 0 || mode !== null) && round < MAX_INFERENCE_ROUNDS) {
      for (const [fd, line] of found) inferred.push({ what: 'fd', fd, line });
      fds = [...fds, ...found.map(([fd]) => fd)].sort((a, b) => a - b);
      if (mode !== null) {
        inferred.push({ what: 'rootMode', mode: mode.mode, line: mode.line });
        rootMode = mode.mode;
      }
      continue;
    }
    const coverage = Object.create(null) as Record<string, { calls: number; errnos: string[] }>;
    for (const [k, v] of Object.entries(j.coverage)) coverage[k] = { calls: v.calls, errnos: [...v.errnos].sort() };
    const counts = {
      mismatched: j.mismatches.length,
      skippedModelled: j.skippedModelled,
      unknown: j.unknown,
      inferred,
    };
    return {
      calls: j.compared,
      matched: j.matched,
      mismatched: j.mismatches.length,
      unknown: j.unknown,
      skipped: j.outside + j.skippedModelled + j.unmodelled,
      outside: j.outside,
      skippedModelled: j.skippedModelled,
      unmodelled: j.unmodelled,
      mismatches: j.mismatches,
      skippedByCall: j.skippedByCall,
      skipReasons: j.skipReasons,
      inferred,
      coverage,
      inheritedFds: fds.filter((fd) => fd > 2),
      rootMode: rootMode ?? null,
      programs: pass.programs,
      verdict: verdictOf(counts),
    };
  }
}
