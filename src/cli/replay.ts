/** `relinklab replay`: a native trace, or an strace log with --strace, replayed on the model. */
import { readFileSync } from 'node:fs';
import { isMountableFsType, type MountableFsType } from '../model/fstype.js';
import { KERNELS } from '../model/kernel.js';
import { parseJsonl } from '../trace/jsonl.js';
import { replayNative } from '../trace/replay-native.js';
import { parseStrace } from '../trace/strace-parse.js';
import { replayStrace, type ReplayReport } from '../trace/strace-replay.js';
import { InputError } from '../trace/strace-ast.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';

export interface ReplayArgs {
  readonly trace: string;
  readonly strace: boolean;
  readonly root?: string | undefined;
  readonly fs?: string | undefined;
  readonly kernel?: string | undefined;
  readonly json: boolean;
  readonly invariants?: string | undefined;
}

function readInput(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch (e) {
    throw new InputError(file, 0, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function checkOptions(a: ReplayArgs): { fs: MountableFsType | undefined; kernel: string | undefined } {
  if (a.fs !== undefined && !isMountableFsType(a.fs))
    throw new InputError('--fs', 0, `unknown file system "${a.fs}" (ext4, ext3, btrfs, tmpfs)`);
  if (a.kernel !== undefined && KERNELS[a.kernel] === undefined) {
    throw new InputError('--kernel', 0, `unknown kernel "${a.kernel}" (${Object.keys(KERNELS).join(', ')})`);
  }
  return { fs: a.fs, kernel: a.kernel };
}

/** Replay a native JSONL trace: every line runs, lines with "expect" are compared, invariants checked. */
function runNative(a: ReplayArgs, io: Io, fs: MountableFsType | undefined, kernel: string | undefined): number {
  const trace = parseJsonl(readInput(a.trace), a.trace);
  const invariants = a.invariants ?? 'every';
  if (invariants !== 'every' && invariants !== 'end')
    throw new InputError('--invariants', 0, `must be every or end, not "${invariants}"`);
  const { world: _world, results, ...report } = replayNative(trace, { fs, kernel, invariants });
  if (a.json) io.out(JSON.stringify({ ...report, results }));
  else {
    io.out(
      `${a.trace}: ${report.calls} calls, ${report.matched} matched their expectations, ${report.mismatched} mismatched, ${report.skipped} skipped`,
    );
    for (const m of report.mismatches) io.out(`${a.trace}:${m.line}: ${m.call}: ${m.model}`);
  }
  return report.mismatched === 0 ? EXIT_OK : EXIT_FOUND;
}

function printStrace(a: ReplayArgs, r: ReplayReport, io: Io): void {
  if (a.json) {
    io.out(JSON.stringify(r));
    return;
  }
  io.out(
    `${a.trace}: ${r.calls} calls compared: ${r.matched} matched, ${r.mismatched} mismatched, ${r.unknown} unknown; ${r.skipped} skipped`,
  );
  if (r.inheritedFds.length > 0)
    io.out(
      `${a.trace}: the program started with fds ${r.inheritedFds.join(', ')} open besides 0-2 (inferred from the log)`,
    );
  if (r.rootMode !== null)
    io.out(`${a.trace}: the starting directory has mode 0${r.rootMode.toString(8)} (inferred from the log)`);
  for (const m of r.mismatches) io.out(`${a.trace}:${m.line}: ${m.call}: expected ${m.expected}; ${m.model}`);
}

export function runReplay(a: ReplayArgs, io: Io): number {
  const { fs, kernel } = checkOptions(a);
  if (!a.strace) return runNative(a, io, fs, kernel);
  const events = parseStrace(readInput(a.trace), a.trace);
  const report = replayStrace(events, {
    ...(a.root !== undefined ? { root: a.root.replace(/\/+$/, '') || '/' } : {}),
    fs: fs ?? 'ext4',
    kernel: kernel ?? 'mainline',
  });
  printStrace(a, report, io);
  return report.mismatched === 0 ? EXIT_OK : EXIT_FOUND;
}
