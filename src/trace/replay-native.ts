/**
 * Replay of a parsed native trace on the model: every line runs, lines with "expect" are compared,
 * invariants are checked after every step (or once at the end). The CLI's `replay` prints this report; the benchmark
 * times this very function, so what it measures is what a user runs. The session runs the calls in
 * place (src/session/session.ts): a replay needs only the latest world, not one per line.
 */
import type { World } from '../model/world.js';
import type { MountableFsType } from '../model/fstype.js';
import { DEBIAN_BOOT_SYSCTLS, type Sysctls } from '../model/sysctl.js';
import type { Violation } from '../invariants/violation.js';
import { Session } from '../session/session.js';
import { InputError, NotRunnable, Unmodelled } from '../model/errors.js';
import { diffExpected, resultToExpected, type Expected, type Trace } from './jsonl.js';
import { renderCall } from '../model/syscall/render.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { bootNativeWorld } from './replay-world.js';

export interface NativeMismatch {
  readonly line: number;
  readonly call: string;
  /** The call as strace prints it (renderCall); `call` again for the end of the trace. */
  readonly shown: string;
  readonly expected: string;
  readonly model: string;
}

export type NativeResult =
  | { readonly line: number; readonly skipped: string }
  | { readonly line: number; readonly pid: number; readonly call: string; readonly result: Expected };

export interface NativeReport {
  readonly calls: number;
  readonly matched: number;
  readonly mismatched: number;
  readonly skipped: number;
  readonly mismatches: readonly NativeMismatch[];
  /** Each line's result, in order; empty when the caller asked for none (`results: false`). */
  readonly results: readonly NativeResult[];
  /** The world after the last line. */
  readonly world: World;
}

export interface NativeOptions {
  readonly fs?: MountableFsType | undefined;
  readonly kernel?: string | undefined;
  /** fs.protected_* settings over the trace header's (which are over Debian 12's boot values). */
  readonly sysctl?: Partial<Sysctls> | undefined;
  /**
   * When the invariants are checked: after every line (the default: a broken invariant is pinned
   * to the call that broke it), or once at the end (for long traces, where the audit after every
   * call costs more than the calls).
   */
  readonly invariants?: 'every' | 'end' | undefined;
  /**
   * Keep each line's result (the default). A caller that prints only the counts and the mismatches
   * (the CLI without --json) says false: on a long trace, holding a record per line costs more
   * garbage collection than the calls.
   */
  readonly results?: boolean | undefined;
}

export function replayNative(trace: Trace, o: NativeOptions = {}): NativeReport {
  const firstPid = trace.lines[0]?.pid ?? 1;
  const session = new Session(
    bootNativeWorld({
      kernel: o.kernel ?? trace.header.kernel,
      fs: o.fs ?? trace.header.fs,
      pid: firstPid,
      sysctl: { ...DEBIAN_BOOT_SYSCTLS, ...trace.header.sysctl, ...o.sysctl },
    }),
    { representation: 'in-place', invariants: { when: o.invariants ?? 'every', set: 'state' } },
  );
  const mismatches: NativeMismatch[] = [];
  const results: NativeResult[] = [];
  let matched = 0;
  let skipped = 0;
  const keep = o.results ?? true;
  /** What broke after call `sc`, or at the end of the trace (null). */
  const audit = (line: number, sc: Syscall | null, violations: readonly Violation[]): void => {
    if (violations.length === 0) return;
    const call = sc?.call ?? 'end of trace';
    mismatches.push({
      line,
      call,
      shown: sc === null ? call : renderCall(sc),
      expected: 'invariants hold',
      model: violations.map((v) => `${v.invariant}: ${v.message}`).join('; '),
    });
  };
  for (const l of trace.lines) {
    let out;
    try {
      out = session.run(l.pid, l.sc);
    } catch (e) {
      if (e instanceof Unmodelled) {
        skipped++;
        if (keep) results.push({ line: l.line, skipped: e.message });
        continue;
      }
      // A call no task could make (a pid never forked, exited or asleep; fork onto a pid in use)
      // says the trace is wrong, not the model: bad input at that line.
      if (e instanceof NotRunnable) throw new InputError(trace.file, l.line, e.message);
      throw e;
    }
    if (keep) results.push({ line: l.line, pid: l.pid, call: l.sc.call, result: resultToExpected(out.result) });
    audit(l.line, l.sc, out.violations);
    if (l.expect === null) continue;
    const diffs = diffExpected(l.expect, out.result);
    if (diffs.length === 0) matched++;
    else
      mismatches.push({
        line: l.line,
        call: l.sc.call,
        shown: renderCall(l.sc),
        expected: JSON.stringify(l.expect),
        model: diffs.join('; '),
      });
  }
  const last = trace.lines.at(-1);
  if (last !== undefined) audit(last.line, null, session.end());
  return {
    calls: trace.lines.length,
    matched,
    mismatched: mismatches.length,
    skipped,
    mismatches,
    results,
    world: session.snapshot(),
  };
}
