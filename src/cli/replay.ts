/** `relinklab replay`: a native trace, or an strace log with --strace, replayed on the model. */
import { readFileSync } from 'node:fs';
import type { World } from '../model/world.js';
import { isMountableFsType, type MountableFsType } from '../model/fstype.js';
import { KERNELS } from '../model/kernel.js';
import { checkInvariants } from '../checker/invariants.js';
import { bootWorld } from '../ops/boot.js';
import { step, Unmodelled } from '../ops/step.js';
import { diffExpected, parseJsonl, resultToExpected } from '../trace/jsonl.js';
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
function replayNative(a: ReplayArgs, io: Io, fs: MountableFsType | undefined, kernel: string | undefined): number {
  const trace = parseJsonl(readInput(a.trace), a.trace);
  const firstPid = trace.lines[0]?.pid ?? 1;
  let w: World = bootWorld({
    kernel: kernel ?? trace.header.kernel,
    rootFs: fs ?? trace.header.fs,
    pid: firstPid,
    outsideFds: [0, 1, 2],
  });
  const mismatches: { line: number; call: string; expected: string; model: string }[] = [];
  const results: unknown[] = [];
  let matched = 0;
  let skipped = 0;
  for (const l of trace.lines) {
    let out;
    try {
      out = step(w, l.pid, l.sc);
    } catch (e) {
      if (e instanceof Unmodelled) {
        skipped++;
        results.push({ line: l.line, skipped: e.message });
        continue;
      }
      throw e;
    }
    w = out.world;
    const got = resultToExpected(out.result);
    results.push({ line: l.line, pid: l.pid, call: l.sc.call, result: got });
    const violations = checkInvariants(w);
    if (violations.length > 0) {
      mismatches.push({
        line: l.line,
        call: l.sc.call,
        expected: 'invariants hold',
        model: violations.map((v) => `${v.invariant}: ${v.message}`).join('; '),
      });
    }
    if (l.expect === null) continue;
    const diffs = diffExpected(l.expect, out.result);
    if (diffs.length === 0) matched++;
    else
      mismatches.push({ line: l.line, call: l.sc.call, expected: JSON.stringify(l.expect), model: diffs.join('; ') });
  }
  const report = { calls: trace.lines.length, matched, mismatched: mismatches.length, skipped, mismatches };
  if (a.json) io.out(JSON.stringify({ ...report, results }));
  else {
    io.out(
      `${a.trace}: ${report.calls} calls, ${matched} matched their expectations, ${report.mismatched} mismatched, ${skipped} skipped`,
    );
    for (const m of mismatches) io.out(`${a.trace}:${m.line}: ${m.call}: ${m.model}`);
  }
  return mismatches.length === 0 ? EXIT_OK : EXIT_FOUND;
}

function printStrace(a: ReplayArgs, r: ReplayReport, io: Io): void {
  if (a.json) {
    io.out(JSON.stringify(r));
    return;
  }
  io.out(
    `${a.trace}: ${r.calls} calls compared: ${r.matched} matched, ${r.mismatched} mismatched, ${r.unknown} unknown; ${r.skipped} skipped`,
  );
  for (const m of r.mismatches) io.out(`${a.trace}:${m.line}: ${m.call}: expected ${m.expected}; ${m.model}`);
}

export function runReplay(a: ReplayArgs, io: Io): number {
  const { fs, kernel } = checkOptions(a);
  if (!a.strace) return replayNative(a, io, fs, kernel);
  const events = parseStrace(readInput(a.trace), a.trace);
  const report = replayStrace(events, {
    ...(a.root !== undefined ? { root: a.root.replace(/\/+$/, '') || '/' } : {}),
    fs: fs ?? 'ext4',
    kernel: kernel ?? 'mainline',
  });
  printStrace(a, report, io);
  return report.mismatched === 0 ? EXIT_OK : EXIT_FOUND;
}
