/** `relinklab replay`: a native trace, or an strace log with --strace, replayed on the model. */
import { readFileSync } from 'node:fs';
import { CAP_FULL_SET } from '../model/cred.js';
import type { MountableFsType } from '../model/fstype.js';
import { DEBIAN_BOOT_SYSCTLS, parseSysctls, type Sysctls } from '../model/sysctl.js';
import { NR_OPEN } from '../ops/vfs/fdtable.js';
import { parseJsonl, type Trace } from '../trace/jsonl.js';
import { replayNative, type NativeOptions } from '../trace/replay-native.js';
import type { StraceEvent } from '../trace/strace-ast.js';
import { parseStrace } from '../trace/strace-parse.js';
import { replayStrace, type ReplayOptions, type ReplayReport } from '../trace/strace-replay.js';
import { exitStatus, verdictLine } from '../trace/replay-report.js';
import { InputError } from '../model/errors.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';

export interface ReplayArgs {
  readonly trace: string;
  readonly strace: boolean;
  readonly root?: string | undefined;
  readonly fs?: MountableFsType | undefined;
  /** A name in KERNELS (the command line refuses others). */
  readonly kernel?: string | undefined;
  readonly json: boolean;
  readonly invariants?: string | undefined;
  /** strace: the fds each program started with ("0,1,2,10"). */
  readonly fds?: string | undefined;
  /** strace: the starting directory's mode, octal. */
  readonly rootMode?: string | undefined;
  /** strace: RLIMIT_NOFILE's soft limit the programs ran with. */
  readonly nofile?: string | undefined;
  /** strace: root's starting capabilities, hex as /proc/self/status prints them. */
  readonly caps?: string | undefined;
  /** The fs.protected_* sysctls the machine ran with, over Debian 12's boot values ("fs.protected_regular=0,..."). */
  readonly sysctl?: string | undefined;
  /** strace: exit 0 for an incomplete run. */
  readonly lenient?: boolean | undefined;
}

export function readInput(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch (e) {
    throw new InputError(file, 0, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function invariantsOption(a: ReplayArgs): 'every' | 'end' {
  const invariants = a.invariants ?? 'every';
  if (invariants !== 'every' && invariants !== 'end')
    throw new InputError('--invariants', 0, `must be every or end, not "${invariants}"`);
  return invariants;
}

/** --fds 0,1,2,10: distinct non-negative fd numbers. */
function fdsOption(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const fds = parts.map(Number);
  if (parts.some((p) => !/^[0-9]+$/.test(p)) || new Set(fds).size !== fds.length)
    throw new InputError('--fds', 0, `must list distinct fd numbers like 0,1,2,10, not "${text}"`);
  return fds;
}

/** --nofile 20000: RLIMIT_NOFILE's soft limit, from 1 to NR_OPEN. */
function nofileOption(text: string): number {
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || n < 1 || n > NR_OPEN)
    throw new InputError('--nofile', 0, `must be a limit from 1 to ${NR_OPEN}, not "${text}"`);
  return n;
}

/** --caps 000001fffeffffff: a capability set in hex (16 digits, as /proc prints it), of the 41 capabilities only. */
function capsOption(text: string): number {
  const n = /^(0x)?[0-9a-fA-F]{1,16}$/.test(text) ? parseInt(text.replace(/^0x/, ''), 16) : NaN;
  if (!(n <= CAP_FULL_SET))
    throw new InputError(
      '--caps',
      0,
      `must be a set of the 41 capabilities in hex like 000001ffffffffff, not "${text}"`,
    );
  return n;
}

/** --sysctl fs.protected_regular=0,fs.protected_fifos=0: settings as sysctl(8) -w takes them. */
function sysctlOption(text: string): Partial<Sysctls> {
  const entries = text.split(',').map((part): [string, unknown] => {
    const m = /^\s*([^=\s]+)\s*=\s*([0-9]+)\s*$/.exec(part);
    if (m === null)
      throw new InputError('--sysctl', 0, `must list NAME=VALUE settings like fs.protected_regular=0, not "${text}"`);
    return [m[1] ?? '', Number(m[2])];
  });
  const parsed = parseSysctls(entries);
  if (typeof parsed === 'string') throw new InputError('--sysctl', 0, parsed);
  return parsed;
}

/** --root-mode 1777: permission bits in octal. */
function rootModeOption(text: string): number {
  if (!/^0?[0-7]{1,4}$/.test(text))
    throw new InputError('--root-mode', 0, `must be octal bits like 0755, not "${text}"`);
  return parseInt(text, 8);
}

/** A native trace and the options replay reads it with (the header's, unless the command line's say otherwise). */
export function readNative(a: ReplayArgs): { trace: Trace; opts: NativeOptions } {
  const trace = parseJsonl(readInput(a.trace), a.trace);
  const sysctl = a.sysctl === undefined ? undefined : sysctlOption(a.sysctl);
  return { trace, opts: { fs: a.fs, kernel: a.kernel, sysctl, invariants: invariantsOption(a) } };
}

/** Replay a native JSONL trace: every line runs, lines with "expect" are compared, invariants checked. */
function runNative(a: ReplayArgs, io: Io): number {
  const { trace, opts } = readNative(a);
  const { world: _world, results, ...report } = replayNative(trace, { ...opts, results: a.json });
  if (a.json) io.out(JSON.stringify({ ...report, results }));
  else {
    io.out(
      `${a.trace}: ${report.calls} calls, ${report.matched} matched their expectations, ${report.mismatched} mismatched, ${report.skipped} skipped`,
    );
    for (const m of report.mismatches) io.out(`${a.trace}:${m.line}: ${m.shown}: ${m.model}`);
  }
  return report.mismatched === 0 ? EXIT_OK : EXIT_FOUND;
}

function printStrace(a: ReplayArgs, r: ReplayReport, io: Io): void {
  if (a.json) {
    io.out(JSON.stringify(r));
    return;
  }
  io.out(
    `${a.trace}: ${r.calls} calls compared: ${r.matched} matched, ${r.mismatched} mismatched, ${r.unknown} unknown; ` +
      `not compared: ${r.outside} outside the root, ${r.skippedModelled} modelled, ${r.unmodelled} of unmodelled syscalls; ` +
      `${r.programs} ${r.programs === 1 ? 'program' : 'programs'}`,
  );
  for (const i of r.inferred)
    io.out(
      i.what === 'fd'
        ? `${a.trace}:${i.line}: inferred: the programs started with fd ${i.fd} open (state it with --fds)`
        : i.what === 'nofile'
          ? `${a.trace}:${i.line}: inferred: RLIMIT_NOFILE is above ${i.fd} (fd ${i.fd} is in use; state it with --nofile)`
          : `${a.trace}:${i.line}: inferred: the starting directory has mode 0${i.mode.toString(8)} (state it with --root-mode)`,
    );
  for (const [reason, s] of Object.entries(r.skipReasons))
    if (s.kind === 'modelled' || s.kind === 'unknown')
      io.out(`${a.trace}:${s.firstLine}: ${s.count} not compared: ${reason}`);
  for (const m of r.mismatches) io.out(`${a.trace}:${m.line}: ${m.shown}: expected ${m.expected}; ${m.model}`);
  io.out(verdictLine(r));
}

/** An strace log's events and the options replay reads it with (--root, --fds, ... as stated). */
export function readStrace(a: ReplayArgs): { events: StraceEvent[]; opts: ReplayOptions & { readonly file: string } } {
  const opts = {
    ...(a.root !== undefined ? { root: a.root.replace(/\/+$/, '') || '/' } : {}),
    ...(a.fds !== undefined ? { fds: fdsOption(a.fds) } : {}),
    ...(a.rootMode !== undefined ? { rootMode: rootModeOption(a.rootMode) } : {}),
    ...(a.nofile !== undefined ? { nofile: nofileOption(a.nofile) } : {}),
    ...(a.caps !== undefined ? { caps: capsOption(a.caps) } : {}),
    sysctl: { ...DEBIAN_BOOT_SYSCTLS, ...(a.sysctl === undefined ? {} : sysctlOption(a.sysctl)) },
    file: a.trace,
    fs: a.fs ?? 'ext4',
    kernel: a.kernel ?? 'mainline',
    invariants: invariantsOption(a),
  };
  return { events: parseStrace(readInput(a.trace), a.trace), opts };
}

export function runReplay(a: ReplayArgs, io: Io): number {
  if (!a.strace) return runNative(a, io);
  const { events, opts } = readStrace(a);
  const report = replayStrace(events, opts);
  printStrace(a, report, io);
  return exitStatus(report, a.lenient === true);
}
