/**
 * Cross-checking the model against the kernel this machine runs: a trace runs in the static C
 * executor (kernel-patches/executor/relink-exec.c) in an empty directory, and on the model, and
 * every answer is compared. The same executor runs inside QEMU for the 6.1 kernels.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { GuestError } from './guest-error.js';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultBlocksize, type MountableFsType } from '../model/fstype.js';
import type { Pid } from '../model/ids.js';
import type { World } from '../model/world.js';
import { bootWorld } from '../ops/boot.js';
import { step, Unmodelled } from '../ops/step.js';
import type { Syscall } from '../ops/syscalls.js';
import { resultToExpected, type Expected } from '../trace/jsonl.js';
import type { ModelIds } from '../scenario/ids.js';
import { IdComparer } from './ids.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const REPO_ROOT = REPO.endsWith('dist') ? join(REPO, '..') : REPO;

/** Build a static C program of kernel-patches/ into `dir` when its source is newer; its path. */
export function buildStatic(source: string, dir = join(tmpdir(), 'relinklab-exec')): string {
  const src = [join(REPO_ROOT, source), join(process.cwd(), source)].find((p) => existsSync(p));
  if (src === undefined) throw new GuestError(`${source} not found`);
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, basename(source, '.c'));
  if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) {
    execFileSync('gcc', ['-static', '-O1', '-Wall', '-Wextra', '-Werror', '-o', bin, src], { stdio: 'pipe' });
  }
  return bin;
}

/** The executor (kernel-patches/executor/relink-exec.c), built. */
export const buildExecutor = (dir?: string): string => buildStatic('kernel-patches/executor/relink-exec.c', dir);

/** One answer in the executor's shape. */
export type Answer = Expected & { readonly line?: number; readonly unsupported?: string; readonly skipped?: string };

/** A call by one task of a several-task trace. */
export interface PidCall {
  readonly pid: Pid;
  readonly sc: Syscall;
}

export const asPidCalls = (trace: readonly Syscall[]): PidCall[] => trace.map((sc) => ({ pid: 1, sc }));

/** The native JSONL of a trace (docs/trace-format.md), as the executor reads it. */
export const pidTraceJsonl = (calls: readonly PidCall[]): string =>
  calls
    .map(({ pid, sc }) =>
      JSON.stringify({
        pid,
        call: sc.call,
        args: Object.fromEntries(Object.entries(sc).filter(([k]) => k !== 'call')),
      }),
    )
    .join('\n') + '\n';

export const traceJsonl = (trace: readonly Syscall[]): string => pidTraceJsonl(asPidCalls(trace));

/** Run a trace on the host kernel, in a fresh empty directory. */
export function runOnHost(exe: string, trace: readonly Syscall[]): Answer[] {
  const dir = mkdtempSync(join(tmpdir(), 'relinklab-host-'));
  try {
    // The model runs the host target on ext4 with its default block size: a directory's
    // st_blksize is its file system's (generic_fillattr), so a different one is the wrong host.
    const blksize = statSync(dir).blksize;
    if (blksize !== defaultBlocksize('ext4'))
      throw new GuestError(
        `${dir} has ${blksize}-byte blocks; the host target needs ext4 with ${defaultBlocksize('ext4')}-byte blocks`,
      );
    // JSON text goes in as UTF-8 (the executor turns U+0080..U+00FF back into single bytes) and
    // comes out as ASCII with \u escapes.
    const r = spawnSync(exe, [], {
      cwd: dir,
      input: Buffer.from(traceJsonl(trace), 'utf8'),
      encoding: 'utf8',
      timeout: 20_000,
    });
    if (r.status !== 0) throw new GuestError(`relink-exec failed (${r.status ?? r.signal}): ${r.stderr}`);
    // An empty trace (a shrinking candidate can be one) has no answer lines at all.
    return r.stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Answer);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run the same trace on the model (by default ext4 with its default block size, and mainline; fds 0-2 open). */
export function runOnModel(
  trace: readonly Syscall[],
  kernel = 'mainline',
  fs: MountableFsType = 'ext4',
  blocksize?: number,
): Answer[] {
  return runModel(trace, kernel, fs, blocksize).answers;
}

/** The answers, and the world the trace leaves. */
export function runModel(
  trace: readonly Syscall[],
  kernel = 'mainline',
  fs: MountableFsType = 'ext4',
  blocksize?: number,
): { answers: Answer[]; world: World } {
  let w: World = bootWorld({ kernel, rootFs: fs, blocksize, outsideFds: [0, 1, 2] });
  const answers: Answer[] = [];
  for (const sc of trace) {
    try {
      const s = step(w, 1, sc);
      w = s.world;
      answers.push(resultToExpected(s.result));
    } catch (e) {
      if (!(e instanceof Unmodelled)) throw e;
      answers.push({ skipped: e.message });
    }
  }
  return { answers, world: w };
}

export interface Difference {
  readonly index: number;
  readonly call: Syscall;
  readonly kernel: Answer;
  readonly model: Answer;
}

/**
 * Where the kernel's and the model's answers differ (directory sizes and listing order aside).
 * With `live` (what the model holds after each call, src/crosscheck/ids.ts), inode, device and
 * mount numbers are compared too, up to renaming; without it they are not compared.
 */
export function differences(
  trace: readonly Syscall[],
  kernel: readonly Answer[],
  model: readonly Answer[],
  live?: readonly (ModelIds | undefined)[],
): Difference[] {
  const out: Difference[] = [];
  const ids = new IdComparer();
  // After a call the model does not cover, its state may differ from the kernel's (an lseek in a
  // directory moves a position the model does not keep): the rest of the trace is not compared.
  const stop = model.findIndex((m) => m.skipped !== undefined);
  const upTo = stop < 0 ? trace.length : stop;
  trace.slice(0, upTo).forEach((sc, i) => {
    const k = kernel[i] ?? {};
    const m = model[i] ?? {};
    if (k.unsupported !== undefined) return;
    const norm = (a: Answer): unknown => {
      const isDir = a.st_mode !== undefined && (a.st_mode & 0o170000) === 0o040000;
      return {
        ret: a.ret,
        errno: a.errno,
        data: a.data,
        link: a.link,
        st_mode: a.st_mode,
        st_nlink: a.st_nlink,
        st_size: isDir ? undefined : a.st_size,
        st_rdev: a.st_rdev,
        st_blocks: a.st_blocks,
        st_blksize: a.st_blksize,
        names: a.names === undefined ? undefined : [...a.names].sort(),
      };
    };
    let differ = JSON.stringify(norm(k)) !== JSON.stringify(norm(m));
    if (live !== undefined) {
      const now = live[i];
      if (now !== undefined) ids.prune(now);
      if (ids.differ(k, m).length > 0) differ = true;
    }
    if (differ) out.push({ index: i, call: sc, kernel: k, model: m });
  });
  return out;
}
