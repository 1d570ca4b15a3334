/**
 * The fd table calls: fs/file.c (dup, dup2, dup3) and fs/fcntl.c (fcntl). Descriptors are
 * `unsigned int` in the kernel, so a negative one is a huge number: never open, never below
 * RLIMIT_NOFILE. A dup shares the struct file, so f_pos and f_flags are shared for free.
 */
import { inodeOwnerOrCapable } from '../vfs/cred.js';
import {
  F_DUPFD,
  F_DUPFD_CLOEXEC,
  F_GETFD,
  F_GETFL,
  F_SETFD,
  F_SETFL,
  FASYNC,
  FD_CLOEXEC,
  O_APPEND,
  O_CLOEXEC,
  CLOSE_RANGE_CLOEXEC,
  CLOSE_RANGE_UNSHARE,
  O_DIRECT,
  O_NOATIME,
  O_NONBLOCK,
} from '../../model/flags.js';
import { FMODE_PATH } from '../../model/file.js';
import { FS_TYPES } from '../../model/fstype.js';
import type { FileId, Pid } from '../../model/ids.js';
import { S_APPEND } from '../../model/inode.js';
import { allocFd, closeFd, fdInstall } from '../vfs/fdtable.js';
import { unshareFiles } from './fork.js';
import { fget, fput } from '../vfs/refs.js';
import { Unmodelled } from '../../model/errors.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { fdtableOf, fileOf, rFdtable, rInode, rMount, rSb, rTask, taskOf, type MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';
import { ownField } from '../vfs/own-field.js';

/** The value an `unsigned int` argument has in the kernel. */
const u32 = (n: number): number => Number(BigInt.asUintN(32, BigInt(Math.trunc(n))));

/** fs/file.c: fget_raw — the file in a slot, O_PATH ones included. */
function fgetRaw(w: MWorld, pid: Pid, fd: number): FileId | null {
  const entry = rFdtable(w, rTask(w, pid).files).fds[fd];
  return entry === undefined ? null : entry.file;
}

/** fs/file.c: SYSCALL_DEFINE1(dup) — the lowest free descriptor, close-on-exec clear. */
export function sys_dup(w: MWorld, pid: Pid, sc: SyscallOf<'dup'>): SysResult {
  const file = fgetRaw(w, pid, u32(sc.fd));
  if (file === null) return fail('EBADF');
  const task = taskOf(w, pid);
  const table = task.files;
  const fd = allocFd(w, table, task.rlimit_nofile);
  if (fd === 'EMFILE') return fail('EMFILE');
  fget(w, file);
  fdInstall(w, table, fd, file, false);
  return ok(fd);
}

/** fs/file.c: SYSCALL_DEFINE2(dup2) — the same descriptor twice returns it if it is open. */
export function sys_dup2(w: MWorld, pid: Pid, sc: SyscallOf<'dup2'>): SysResult {
  const oldfd = u32(sc.oldfd);
  const newfd = u32(sc.newfd);
  if (oldfd === newfd) return fgetRaw(w, pid, oldfd) === null ? fail('EBADF') : ok(oldfd);
  return ksysDup3(w, pid, oldfd, newfd, 0);
}

export function sys_dup3(w: MWorld, pid: Pid, sc: SyscallOf<'dup3'>): SysResult {
  return ksysDup3(w, pid, u32(sc.oldfd), u32(sc.newfd), sc.flags);
}

/** fs/file.c: ksys_dup3 — flags, then oldfd == newfd, then the limit, then oldfd. */
function ksysDup3(w: MWorld, pid: Pid, oldfd: number, newfd: number, flags: number): SysResult {
  if ((flags & ~O_CLOEXEC) !== 0) return fail('EINVAL');
  if (oldfd === newfd) return fail('EINVAL');
  if (newfd >= rTask(w, pid).rlimit_nofile) return fail('EBADF');
  const file = fgetRaw(w, pid, oldfd);
  if (file === null) return fail('EBADF');
  return doDup2(w, pid, file, newfd, (flags & O_CLOEXEC) !== 0);
}

/**
 * fs/file.c: do_dup2 — install first, then close what the slot held (filp_close after the table
 * lock is dropped), so dup2 of a descriptor onto another of the same file never frees it.
 */
function doDup2(w: MWorld, pid: Pid, file: FileId, newfd: number, cloexec: boolean): SysResult {
  const table = taskOf(w, pid).files;
  const tofree = fdtableOf(w, table).fds[newfd]?.file ?? null;
  fget(w, file);
  fdInstall(w, table, newfd, file, cloexec);
  if (tofree !== null) fput(w, tofree);
  return ok(newfd);
}

/**
 * fs/file.c: __close_range — EINVAL for unknown flags, then for fd > max_fd (both unsigned int);
 * with CLOSE_RANGE_UNSHARE a shared table is first replaced by a private copy (dup_fd); then every
 * open slot in [fd, max_fd] is closed (__range_close: pick_file, filp_close), or only marked
 * close-on-exec (__range_cloexec). Slots that are not open are passed over: never EBADF.
 */
export function sys_close_range(w: MWorld, pid: Pid, sc: SyscallOf<'close_range'>): SysResult {
  const flags = u32(sc.flags);
  const first = u32(sc.fd);
  const last = u32(sc.max_fd);
  if ((flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) !== 0) return fail('EINVAL');
  if (first > last) return fail('EINVAL');
  if ((flags & CLOSE_RANGE_UNSHARE) !== 0) unshareFiles(w, pid);
  const task = taskOf(w, pid);
  const table = fdtableOf(w, task.files);
  const inRange = Object.keys(table.fds)
    .map(Number)
    .filter((fd) => fd >= first && fd <= last)
    .sort((a, b) => a - b);
  for (const fd of inRange) {
    const entry = table.fds[fd];
    if (entry === undefined) continue;
    if ((flags & CLOSE_RANGE_CLOEXEC) !== 0) ownField(table, 'fds')[fd] = { ...entry, cloexec: true };
    else closeFd(w, task.files, fd);
  }
  return ok(0);
}

/** include/uapi/asm-generic/fcntl.h and linux/fcntl.h: commands do_fcntl knows but the model does not. */
const UNMODELLED_CMDS: ReadonlyMap<number, string> = new Map([
  [5, 'F_GETLK'],
  [6, 'F_SETLK'],
  [7, 'F_SETLKW'],
  [8, 'F_SETOWN'],
  [9, 'F_GETOWN'],
  [10, 'F_SETSIG'],
  [11, 'F_GETSIG'],
  [15, 'F_SETOWN_EX'],
  [16, 'F_GETOWN_EX'],
  [17, 'F_GETOWNER_UIDS'],
  [36, 'F_OFD_GETLK'],
  [37, 'F_OFD_SETLK'],
  [38, 'F_OFD_SETLKW'],
  [1024, 'F_SETLEASE'],
  [1025, 'F_GETLEASE'],
  [1026, 'F_NOTIFY'],
  [1031, 'F_SETPIPE_SZ'],
  [1032, 'F_GETPIPE_SZ'],
  [1033, 'F_ADD_SEALS'],
  [1034, 'F_GET_SEALS'],
  [1035, 'F_GET_RW_HINT'],
  [1036, 'F_SET_RW_HINT'],
]);

/** fs/fcntl.c: check_fcntl_cmd — what an O_PATH descriptor may do; anything else is EBADF. */
const PATH_CMDS: ReadonlySet<number> = new Set([F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL]);

/** fs/fcntl.c: SYSCALL_DEFINE3(fcntl) → do_fcntl. An unknown command is EINVAL. */
export function sys_fcntl(w: MWorld, pid: Pid, sc: SyscallOf<'fcntl'>): SysResult {
  const fd = u32(sc.fd);
  const cmd = u32(sc.cmd);
  const fileId = fgetRaw(w, pid, fd);
  if (fileId === null) return fail('EBADF');
  const file = fileOf(w, fileId);
  if ((file.f_mode & FMODE_PATH) !== 0 && !PATH_CMDS.has(cmd)) return fail('EBADF');
  switch (cmd) {
    case F_DUPFD:
      return fDupfd(w, pid, fileId, u32(sc.arg), false);
    case F_DUPFD_CLOEXEC:
      return fDupfd(w, pid, fileId, u32(sc.arg), true);
    case F_GETFD: {
      const entry = fdtableOf(w, taskOf(w, pid).files).fds[fd];
      return ok(entry?.cloexec === true ? FD_CLOEXEC : 0);
    }
    case F_SETFD: {
      const table = fdtableOf(w, taskOf(w, pid).files);
      const entry = table.fds[fd];
      if (entry !== undefined) ownField(table, 'fds')[fd] = { ...entry, cloexec: (sc.arg & FD_CLOEXEC) !== 0 };
      return ok(0);
    }
    case F_GETFL:
      return ok(file.f_flags);
    case F_SETFL:
      return setfl(w, pid, fileId, sc.arg);
  }
  const name = UNMODELLED_CMDS.get(cmd);
  if (name !== undefined) throw new Unmodelled(`fcntl ${name} is not modelled`);
  return fail('EINVAL');
}

/**
 * fs/file.c: f_dupfd — `from` is an unsigned int (the argument's low 32 bits), EINVAL at or above
 * RLIMIT_NOFILE; then the lowest free descriptor from there (EMFILE).
 */
function fDupfd(w: MWorld, pid: Pid, file: FileId, from: number, cloexec: boolean): SysResult {
  const task = taskOf(w, pid);
  if (from >= task.rlimit_nofile) return fail('EINVAL');
  const table = task.files;
  const fd = allocFd(w, table, task.rlimit_nofile, from);
  if (fd === 'EMFILE') return fail('EMFILE');
  fget(w, file);
  fdInstall(w, table, fd, file, cloexec);
  return ok(fd);
}

/** fs/fcntl.c: SETFL_MASK (O_NDELAY is O_NONBLOCK on x86_64). */
const SETFL_MASK = O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME;

/**
 * fs/fcntl.c: setfl — in order: O_APPEND cannot change on an append-only inode (EPERM); setting
 * O_NOATIME needs ownership or CAP_FOWNER (EPERM); O_DIRECT needs FMODE_CAN_ODIRECT except on a
 * fifo (EINVAL). FASYNC is not in SETFL_MASK: only a file with ->fasync (a fifo, pipe_fasync)
 * changes it. The access mode and the other open flags stay.
 */
function setfl(w: MWorld, pid: Pid, fileId: FileId, argRaw: number): SysResult {
  const arg = u32(argRaw);
  const file = fileOf(w, fileId);
  const inode = rInode(w, file.f_inode);
  if (((arg ^ file.f_flags) & O_APPEND) !== 0 && (inode.i_flags & S_APPEND) !== 0) return fail('EPERM');
  if ((arg & O_NOATIME) !== 0 && (file.f_flags & O_NOATIME) === 0) {
    const task = taskOf(w, pid);
    if (!inodeOwnerOrCapable(task, inode)) return fail('EPERM'); // fcntl.c: setfl
  }
  if (inode.type !== 'fifo' && (arg & O_DIRECT) !== 0 && !canODirect(w, fileId)) return fail('EINVAL');
  let flags = file.f_flags;
  if (inode.type === 'fifo') flags = (flags & ~FASYNC) | (arg & FASYNC);
  file.f_flags = (arg & SETFL_MASK) | (flags & ~SETFL_MASK);
  return ok(0);
}

/**
 * fs/open.c: do_dentry_open sets FMODE_CAN_ODIRECT when the mapping has ->direct_IO: regular files
 * of a type with FsTypeInfo.directIO. Directories have none.
 */
function canODirect(w: MWorld, fileId: FileId): boolean {
  const file = fileOf(w, fileId);
  if (rInode(w, file.f_inode).type !== 'reg') return false;
  return FS_TYPES[rSb(w, rMount(w, file.f_path.mnt).mnt_sb).s_type].directIO;
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const FD_CALLS: Handlers<'dup' | 'dup2' | 'dup3' | 'close_range' | 'fcntl'> = {
  dup: sys_dup,
  dup2: sys_dup2,
  dup3: sys_dup3,
  close_range: sys_close_range,
  fcntl: sys_fcntl,
};
