/**
 * Restart from a checkpoint image (the relink series, patch 04), done the way a restarter does it:
 * with syscalls, by a root task. Every file object is opened once (so fds and tasks that shared a
 * struct file share one again), tasks are forked from the restarter and their fds put in place
 * with dup2, fifo buffers are refilled, and relinked names are unlinked last, so each restored
 * unlinked file is open, nameless and on the orphan list again. Credentials and umask are restored
 * directly, as sys_restart does in the kernel.
 */
import type { Errno } from '../model/errno.js';
import type { Pid } from '../model/ids.js';
import type { CheckpointImage, ImageFile, IoCount } from '../model/image.js';
import type { Extent } from '../model/inode.js';
import {
  AT_FDCWD,
  CLONE_FILES,
  F_DUPFD,
  F_SETFD,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_NOCTTY,
  O_RDWR,
  O_TRUNC,
  O_WRONLY,
  SEEK_SET,
  __O_TMPFILE,
} from '../model/flags.js';
import { S_IFIFO } from '../model/modes.js';
import { applyCall, type CallObserver } from './step.js';
import type { Syscall } from './syscalls.js';
import { taskOf, type MWorld } from './world-draft.js';

/** Flags that only mattered when the file was first opened (O_TMPFILE made it; it exists now). */
const CREATE_ONLY = O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY | __O_TMPFILE;

export interface RestartRequest {
  readonly restarter: Pid;
  readonly image: CheckpointImage;
  /** Failure injection: fail with this errno before the n-th syscall of the restart. */
  readonly failAtCall?: { readonly index: number; readonly errno: Errno };
  /** Sees every syscall the restart makes, with its answer (to replay the restart on a kernel). */
  readonly onCall?: CallObserver;
}

export type RestartResult =
  | { readonly ok: true; readonly pids: ReadonlyMap<Pid, Pid>; readonly io: IoCount }
  | { readonly ok: false; readonly errno: Errno; readonly call: string; readonly io: IoCount };

class RestartFailure extends Error {
  constructor(
    readonly errno: Errno,
    readonly call: string,
  ) {
    super(`${call}: ${errno}`);
  }
}

interface Ctx {
  readonly w: MWorld;
  readonly req: RestartRequest;
  calls: number;
  bytesWritten: number;
  metadataOps: number;
}

/** Run one syscall for `pid`; any failure aborts the restart with that call named. */
function sys(ctx: Ctx, pid: Pid, sc: Syscall): number {
  const fail = ctx.req.failAtCall;
  if (fail !== undefined && ctx.calls === fail.index) throw new RestartFailure(fail.errno, sc.call);
  ctx.calls++;
  const r = applyCall(ctx.w, pid, sc).result;
  ctx.req.onCall?.(pid, sc, r);
  if (r.ok === true) return r.ret;
  throw new RestartFailure(r.ok === false ? r.errno : 'EAGAIN', sc.call);
}

export function restart(w: MWorld, req: RestartRequest): RestartResult {
  const ctx: Ctx = { w, req, calls: 0, bytesWritten: 0, metadataOps: 0 };
  try {
    const pids = restore(ctx);
    return { ok: true, pids, io: ioOf(ctx) };
  } catch (e) {
    if (!(e instanceof RestartFailure)) throw e;
    return { ok: false, errno: e.errno, call: e.call, io: ioOf(ctx) };
  }
}

const ioOf = (c: Ctx): IoCount => ({ bytesRead: 0, bytesWritten: c.bytesWritten, metadataOps: c.metadataOps });

function restore(ctx: Ctx): Map<Pid, Pid> {
  const { image, restarter } = ctx.req;
  const maxFd = Math.max(2, ...image.tasks.flatMap((t) => t.fds.map((f) => f.fd)));
  const temps = new Map<number, number>();
  const keepers: number[] = [];
  const refilled = new Set<number>();
  for (const file of image.files) {
    const fd = openImageFile(ctx, file, keepers, refilled);
    // Move it above every fd number a task will need, so dup2 never overwrites a temporary.
    const high = sys(ctx, restarter, { call: 'fcntl', fd, cmd: F_DUPFD, arg: maxFd + 1 });
    sys(ctx, restarter, { call: 'close', fd });
    temps.set(file.key, high);
  }
  const pids = forkTasks(ctx, temps);
  for (const fd of [...temps.values(), ...keepers]) sys(ctx, restarter, { call: 'close', fd });
  const unlinked = new Set<string>();
  for (const file of image.files) {
    const src = file.source;
    const path = src.kind === 'relinked' && src.unlinkAfter ? src.path : src.kind === 'ghost' ? src.path : null;
    if (path === null || unlinked.has(path)) continue;
    unlinked.add(path);
    ctx.metadataOps++;
    sys(ctx, restarter, { call: 'unlink', path });
  }
  return pids;
}

/** Open one file object of the image in the restarter; returns its fd there. */
function openImageFile(ctx: Ctx, file: ImageFile, keepers: number[], refilled: Set<number>): number {
  const { restarter } = ctx.req;
  const src = file.source;
  if (src.kind === 'handle') throw new RestartFailure('ESTALE', 'open_by_handle_at');
  const path = src.path;
  if (src.kind === 'ghost' && !refilled.has(file.inodeKey)) createGhost(ctx, file, src.mode, src.data);
  ctx.metadataOps++;
  const flags = file.f_flags & ~CREATE_ONLY & ~(file.type === 'dir' ? 0 : O_DIRECTORY);
  if (file.type !== 'fifo') {
    const fd = sys(ctx, restarter, { call: 'openat', dirfd: AT_FDCWD, path, flags, mode: 0 });
    if (file.f_pos > 0) sys(ctx, restarter, { call: 'lseek', fd, offset: file.f_pos, whence: SEEK_SET });
    return fd;
  }
  // A fifo end must not block: an O_RDWR keeper makes both ends present, then the real end is
  // opened through the keeper's /proc link (what CRIU does), and the keeper refills the buffer.
  const keeper = sys(ctx, restarter, { call: 'openat', dirfd: AT_FDCWD, path, flags: O_RDWR, mode: 0 });
  keepers.push(keeper);
  if (!refilled.has(file.inodeKey) && file.pipeBuf !== null && file.pipeBuf.length > 0) {
    ctx.bytesWritten += file.pipeBuf.length;
    sys(ctx, restarter, { call: 'write', fd: keeper, data: file.pipeBuf });
  }
  refilled.add(file.inodeKey);
  const procPath = `/proc/self/fd/${keeper}`;
  return sys(ctx, restarter, { call: 'openat', dirfd: AT_FDCWD, path: procPath, flags, mode: 0 });
}

/** CRIU's ghost file: recreate the inode under its old name and write the data back. */
/** A zero run is written back as NULs, a mebibyte per pwrite: the image holds it as written data. */
const ZERO_CHUNK = 1 << 20;
const ZEROS = '\0'.repeat(ZERO_CHUNK);

function* writes(e: Extent): Generator<{ data: string; offset: number }> {
  if (!('zeros' in e)) {
    yield { data: e.bytes, offset: e.off };
    return;
  }
  for (let done = 0; done < e.zeros; done += ZERO_CHUNK)
    yield { data: ZEROS.slice(0, Math.min(ZERO_CHUNK, e.zeros - done)), offset: e.off + done };
}

function createGhost(ctx: Ctx, file: ImageFile, mode: number, data: readonly Extent[]): void {
  const { restarter } = ctx.req;
  const src = file.source;
  if (src.kind !== 'ghost') return;
  ctx.metadataOps++;
  if (file.type === 'fifo') {
    sys(ctx, restarter, { call: 'mknodat', dirfd: AT_FDCWD, path: src.path, mode: S_IFIFO | (mode & 0o7777), dev: 0 });
    return;
  }
  const flags = O_CREAT | O_EXCL | O_WRONLY;
  const fd = sys(ctx, restarter, { call: 'openat', dirfd: AT_FDCWD, path: src.path, flags, mode: mode & 0o7777 });
  // A ghost file is written back whole (holes included), as the image holds it.
  ctx.bytesWritten += src.size;
  for (const e of data) for (const w of writes(e)) sys(ctx, restarter, { call: 'pwrite64', fd, ...w });
  if (src.size > 0) sys(ctx, restarter, { call: 'ftruncate', fd, length: src.size });
  sys(ctx, restarter, { call: 'close', fd });
}

/** Fork every task, share fd tables as they were shared, and put each fd in place. */
function forkTasks(ctx: Ctx, temps: ReadonlyMap<number, number>): Map<Pid, Pid> {
  const { image, restarter } = ctx.req;
  const pids = new Map<Pid, Pid>();
  const tableOwner = new Map<number, Pid>();
  for (const t of image.tasks) {
    const owner = tableOwner.get(t.fdTable);
    const child = ctx.w.tasks[t.pid] === undefined ? t.pid : undefined;
    const sc: Syscall = owner === undefined ? { call: 'fork', child } : { call: 'clone', flags: CLONE_FILES, child };
    const pid = sys(ctx, owner ?? restarter, sc);
    pids.set(t.pid, pid);
    if (owner === undefined) {
      tableOwner.set(t.fdTable, pid);
      for (const fd of t.fds) {
        const temp = temps.get(fd.file);
        if (temp === undefined) continue;
        sys(ctx, pid, { call: 'dup2', oldfd: temp, newfd: fd.fd });
        if (fd.cloexec) sys(ctx, pid, { call: 'fcntl', fd: fd.fd, cmd: F_SETFD, arg: 1 });
      }
      // Everything else the child inherited from the restarter is not the task's.
      const wanted = new Set(t.fds.map((f) => f.fd));
      const table = ctx.w.fdtables[taskOf(ctx.w, pid).files];
      for (const fd of Object.keys(table?.fds ?? {}).map(Number)) {
        if (!wanted.has(fd)) sys(ctx, pid, { call: 'close', fd });
      }
    }
    sys(ctx, pid, { call: 'chdir', path: t.cwd });
    const task = taskOf(ctx.w, pid);
    task.umask = t.umask;
    task.uid = t.uid;
    task.gid = t.gid;
  }
  return pids;
}
