/**
 * What an strace replay reports, and the verdict it allows. A run is "clean" only when every call
 * the model implements, inside the root, was compared and matched; whatever was not looked at
 * (a modelled call skipped, an unknown answer, an inherited fd or root mode inferred rather than
 * stated) makes it "incomplete", never clean.
 */
import { EXIT_FOUND, EXIT_INCOMPLETE, EXIT_OK } from './exit-statuses.js';

export interface Mismatch {
  readonly line: number;
  readonly call: string;
  /** The call as strace prints it (renderCall); `call` again for what is no call (the end of the log). */
  readonly shown: string;
  readonly expected: string;
  readonly model: string;
}

/** Why calls were not compared: how many, and the first log line of each reason. */
export interface SkipReason {
  readonly kind: 'outside' | 'modelled' | 'unmodelled' | 'unknown';
  readonly count: number;
  readonly firstLine: number;
}

/** Something the replay assumed because the log forced it, with the line that did. */
export type Inference =
  | { readonly what: 'fd'; readonly fd: number; readonly line: number }
  | { readonly what: 'rootMode'; readonly mode: number; readonly line: number }
  /** RLIMIT_NOFILE was above the kernel's default: the log shows descriptor `fd` in use. */
  | { readonly what: 'nofile'; readonly fd: number; readonly line: number };

export type Verdict = 'clean' | 'mismatch' | 'incomplete';

export interface ReplayReport {
  /** Calls whose answer was compared (matched + mismatched + unknown). */
  readonly calls: number;
  readonly matched: number;
  readonly mismatched: number;
  /** Compared calls whose difference a skipped call may explain (it changed a file they look at). */
  readonly unknown: number;
  /** Every call not compared: outside + skippedModelled + unmodelled. */
  readonly skipped: number;
  /** Calls that touch only what lies outside the root (the loader opening /lib): not the model's. */
  readonly outside: number;
  /** Calls of syscalls the model implements, inside the root, that were not compared. */
  readonly skippedModelled: number;
  /** Calls of syscalls the model does not implement at all (listed by name in skippedByCall). */
  readonly unmodelled: number;
  readonly mismatches: readonly Mismatch[];
  readonly skippedByCall: Readonly<Record<string, number>>;
  readonly skipReasons: Readonly<Record<string, SkipReason>>;
  readonly inferred: readonly Inference[];
  readonly coverage: Readonly<Record<string, { readonly calls: number; readonly errnos: readonly string[] }>>;
  /** Descriptors besides 0, 1 and 2 each program started with: stated, or inferred from the log. */
  readonly inheritedFds: readonly number[];
  /** The starting directory's permission bits when they were stated or inferred, else null. */
  readonly rootMode: number | null;
  /** Programs the log holds (a process that appears with no fork or clone before it starts one). */
  readonly programs: number;
  readonly verdict: Verdict;
}

/** The `expected` of a failure that is a broken invariant rather than a call's answer. */
export const INVARIANTS_HOLD = 'invariants hold';

export function verdictOf(r: Pick<ReplayReport, 'mismatched' | 'skippedModelled' | 'unknown' | 'inferred'>): Verdict {
  if (r.mismatched > 0) return 'mismatch';
  if (r.skippedModelled > 0 || r.unknown > 0 || r.inferred.length > 0) return 'incomplete';
  return 'clean';
}

/** 0 clean, 1 a mismatch, 3 incomplete (0 with `lenient`, which still reports it). */
export function exitStatus(r: ReplayReport, lenient: boolean): number {
  if (r.verdict === 'mismatch') return EXIT_FOUND;
  if (r.verdict === 'incomplete' && !lenient) return EXIT_INCOMPLETE;
  return EXIT_OK;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The one line that ends the text output and says what the exit status says. */
export function verdictLine(r: ReplayReport): string {
  const fds = r.inferred.filter((i) => i.what === 'fd').length;
  const modes = r.inferred.filter((i) => i.what === 'rootMode').length;
  const nofile = r.inferred.some((i) => i.what === 'nofile');
  const notLooked: string[] = [];
  if (r.skippedModelled > 0) {
    const reasons = Object.values(r.skipReasons).filter((s) => s.kind === 'modelled').length;
    notLooked.push(`${plural(r.skippedModelled, 'modelled call')} not compared (${plural(reasons, 'reason')})`);
  }
  if (r.unknown > 0)
    notLooked.push(`${plural(r.unknown, 'answer')} unknown (a skipped call changed the file or the credentials)`);
  if (fds > 0) notLooked.push(`${plural(fds, 'inferred fd')}`);
  if (modes > 0) notLooked.push('the root mode inferred');
  if (nofile) notLooked.push('RLIMIT_NOFILE inferred');
  switch (r.verdict) {
    case 'mismatch': {
      const broken = r.mismatches.filter((m) => m.expected === INVARIANTS_HOLD).length;
      const failures = [`${plural(r.mismatched - broken, 'answer')} differ from the model`];
      if (broken > 0) failures.push(`${plural(broken, 'invariant')} broken`);
      return `mismatch: ${failures.join(', ')}${notLooked.length > 0 ? `; also ${notLooked.join(', ')}` : ''}`;
    }
    case 'incomplete':
      return `incomplete: ${notLooked.join(', ')}; see --json`;
    case 'clean':
      return `clean: every modelled call inside the root was compared and matched (${plural(r.calls, 'call')}; ${r.outside} outside the root, ${plural(r.unmodelled, 'call')} of syscalls the model does not implement)`;
  }
}
