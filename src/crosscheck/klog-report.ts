/**
 * Reporting what the guest kernel logged (klog.ts) with what preceded it: the trace or scenario,
 * its place in the run, the call a hung trace was in, and the log lines. Shared by the random-trace
 * and the scenario cross-checks.
 */
import type { KernelFindingKind } from './klog.js';
import type { BootResult } from './qemu.js';
import type { Answer, PidCall } from './host.js';
import { renderCall } from '../model/syscall/render.js';

export interface KernelIssue {
  /** "trace 12", "scenario scenarios/fifo.yaml", "boot 2", "after the last trace of boot 2", ... */
  readonly where: string;
  /** The run's number for the trace (as in difference reports), or null for a boot or its end. */
  readonly trace: number | null;
  readonly boot: number;
  readonly kinds: readonly KernelFindingKind[];
  readonly notes: readonly string[];
  readonly log: readonly string[];
  /** The trace that preceded it, as native JSONL (null for a boot or its end). */
  readonly reproducer: string | null;
}

/** What a batch position stands for in the caller's run. */
export interface BatchEntry {
  readonly where: string;
  readonly trace: number | null;
  readonly calls: readonly PidCall[];
  readonly reproducer: string;
}

/** The call a hung trace was in: its last answer when that says it blocked, else the first unanswered. */
function hungCall(calls: readonly PidCall[], answers: readonly Answer[]): string {
  const i = answers.at(-1)?.blocked === true ? answers.length - 1 : answers.length;
  const c = calls[i];
  if (c === undefined) return `after its ${calls.length} calls (in the unmounts that follow a trace)`;
  return `in call ${i + 1} of ${calls.length}: pid ${c.pid} ${renderCall(c.sc)}`;
}

/** A boot's findings, each with what preceded it. `entry(k)` is batch position k (0-based). */
export function batchIssues(boot: BootResult, bootNo: number, entry: (k: number) => BatchEntry): KernelIssue[] {
  return boot.findings.map((f) => {
    if (typeof f.at !== 'number')
      return {
        where: f.at === 'boot' ? `boot ${bootNo}` : `boot ${bootNo}, after its last trace`,
        trace: null,
        boot: bootNo,
        kinds: f.kinds,
        notes: f.notes,
        log: f.log,
        reproducer: null,
      };
    const e = entry(f.at - 1);
    const notes = f.kinds.includes('hung')
      ? [`${e.where} hung ${hungCall(e.calls, boot.answers[f.at - 1] ?? [])}`, ...f.notes]
      : f.notes;
    return {
      where: e.where,
      trace: e.trace,
      boot: bootNo,
      kinds: f.kinds,
      notes,
      log: f.log,
      reproducer: e.reproducer,
    };
  });
}

/** The entries of a boot that did not run, by their `where`. */
export const notRunIn = (boot: BootResult, entry: (k: number) => BatchEntry): string[] =>
  boot.notRun.map((n) => entry(n - 1).where);

/** The text report of one issue. */
export function issueText(kernel: string, fs: string, i: KernelIssue): string {
  const out = [`KERNEL ${i.where} (${kernel}, ${fs}, boot ${i.boot}): ${i.kinds.join(', ')}`];
  for (const n of i.notes) out.push(`  ${n}`);
  if (i.reproducer !== null)
    out.push(
      '  the trace:',
      ...i.reproducer
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`),
    );
  if (i.log.length > 0) out.push('  kernel log:', ...i.log.map((l) => `    ${l}`));
  return out.join('\n');
}

/** A line for the summary: "clean (lockdep on, hung tasks after 10 s)", or what was found. */
export function kernelLogSummary(boots: readonly BootResult[], issues: readonly KernelIssue[], notRun: number): string {
  const lockdep = boots.every((b) => b.lockdep === 'on')
    ? 'lockdep on'
    : boots.some((b) => b.lockdep === 'on')
      ? 'lockdep on in some boots'
      : 'no lockdep';
  const hung = boots[0]?.hungTaskSecs;
  const detector = hung === null || hung === undefined ? 'no hung-task detector' : `hung tasks after ${hung} s`;
  const what = issues.length === 0 ? 'clean' : `${issues.length} finding${issues.length === 1 ? '' : 's'}`;
  const skipped = notRun === 0 ? '' : `, ${notRun} not run`;
  const dropped = boots.reduce((n, b) => n + b.suppressed, 0);
  const unread = dropped === 0 ? '' : `; ${dropped} kernel messages dropped by printk rate limiting were not read`;
  return `${what}${skipped} (${lockdep}, ${detector})${unread}`;
}
