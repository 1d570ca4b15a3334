/**
 * Cross-checking the model against the kernel this machine runs: a trace runs in the static C
 * executor (kernel-patches/executor/relink-exec.c) in an empty directory, and on the model, and
 * every answer is compared. The same executor runs inside QEMU for the 6.1 kernels.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packageFile } from './package-root.js';
import { HOST_TOOLS, requireTools } from './tools.js';
import { defaultBlocksize, type MountableFsType } from '../model/fstype.js';
import type { Pid } from '../model/ids.js';
import {
  KERNEL_BOOT_SYSCTLS,
  parseSysctls,
  SYSCTL_NAMES,
  sysctlPath,
  type SysctlName,
  type Sysctls,
} from '../model/sysctl.js';
import type { World } from '../model/world.js';
import { bootWorld } from '../ops/vfs/boot.js';
import { GuestError, Unmodelled } from '../model/errors.js';
import { Session } from '../session/session.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { resultToExpected, type Expected } from '../trace/jsonl.js';
import type { ModelIds } from '../scenario/ids.js';
import { IdComparer } from './ids.js';

/**
 * Build a static C program relinklab ships (kernel-patches/...) into `dir`, once per content of its
 * source (an installed package's files all carry npm's fixed date, so mtimes cannot tell versions
 * apart); its path. gcc is installed on first use (tools.ts).
 */
export function buildStatic(source: string, dir = join(tmpdir(), 'relinklab-exec')): string {
  const src = packageFile(source);
  const hash = createHash('sha256').update(readFileSync(src)).digest('hex').slice(0, 16);
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, `${basename(source, '.c')}-${hash}`);
  if (existsSync(bin)) return bin;
  requireTools(HOST_TOOLS, 'corpus');
  // Built under a temporary name and renamed: a concurrent run never sees half a binary.
  const tmp = `${bin}.${randomUUID()}.tmp`;
  const r = spawnSync('gcc', ['-static', '-O1', '-Wall', '-Wextra', '-Werror', '-o', tmp, src], { encoding: 'utf8' });
  if (r.status !== 0) {
    // gcc's error line (not the "In function" context before it) is what the one line says.
    const lines = (r.stderr ?? '').split('\n').filter((l) => l.trim() !== '');
    const why = r.error?.message ?? lines.find((l) => /error|cannot find/.test(l)) ?? lines[0] ?? `exit ${r.status}`;
    throw new GuestError(`gcc -static could not build ${source}: ${why}`);
  }
  renameSync(tmp, bin);
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

/**
 * The fs.protected_* sysctls this machine runs with, from /proc/sys/fs: what the model boots with to
 * be compared with it.
 */
export function hostSysctls(): Sysctls {
  const read = (n: SysctlName): [string, number] => [
    sysctlPath(n),
    Number(readFileSync(`/proc/sys/fs/${n}`, 'utf8').trim()),
  ];
  const parsed = parseSysctls(SYSCTL_NAMES.map(read));
  if (typeof parsed === 'string') throw new GuestError(`/proc/sys/fs: ${parsed}`);
  return { ...KERNEL_BOOT_SYSCTLS, ...parsed };
}

/**
 * Run the same trace on the model (by default ext4 with its default block size, mainline, and the
 * sysctls a QEMU guest boots with; fds 0-2 open).
 */
export function runOnModel(
  trace: readonly Syscall[],
  kernel = 'mainline',
  fs: MountableFsType = 'ext4',
  blocksize?: number,
  sysctl: Sysctls = KERNEL_BOOT_SYSCTLS,
): Answer[] {
  return runModel(trace, kernel, fs, blocksize, sysctl).answers;
}

/** The answers, and the world the trace leaves. */
export function runModel(
  trace: readonly Syscall[],
  kernel = 'mainline',
  fs: MountableFsType = 'ext4',
  blocksize?: number,
  sysctl: Sysctls = KERNEL_BOOT_SYSCTLS,
): { answers: Answer[]; world: World } {
  // Answers only: the cross-check holds the model to a kernel, not to its invariants.
  const session = new Session(bootWorld({ kernel, sysctl, rootFs: fs, blocksize, outsideFds: [0, 1, 2] }), {
    representation: 'immer',
    invariants: { when: 'off', set: 'state' },
  });
  const answers: Answer[] = [];
  for (const sc of trace) {
    try {
      answers.push(resultToExpected(session.run(1, sc).result));
    } catch (e) {
      if (!(e instanceof Unmodelled)) throw e;
      answers.push({ skipped: e.message });
    }
  }
  return { answers, world: session.world };
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
    // The executor could not run it: not compared, so never an agreement (it runs every call the
    // descriptors mark executable, test/crosscheck/executor-calls.test.ts; this is a broken trace).
    if (k.unsupported !== undefined) {
      out.push({ index: i, call: sc, kernel: k, model: m });
      return;
    }
    const norm = (a: Answer): unknown => {
      const isDir = a.st_mode !== undefined && (a.st_mode & 0o170000) === 0o040000;
      return {
        ret: a.ret,
        errno: a.errno,
        data: a.data,
        link: a.link,
        st_mode: a.st_mode,
        st_nlink: a.st_nlink,
        st_uid: a.st_uid,
        st_gid: a.st_gid,
        st_size: isDir ? undefined : a.st_size,
        st_rdev: a.st_rdev,
        st_blocks: a.st_blocks,
        st_blksize: a.st_blksize,
        names: a.names === undefined ? undefined : [...a.names].sort(),
        ids: a.ids,
        groups: a.groups,
        caps: a.caps === undefined ? undefined : { effective: a.caps.effective, permitted: a.caps.permitted },
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
