/**
 * mknod and mknodat (and so mkfifo): fs/namei.c do_mknodat — may_mknod first, then
 * filename_create, then by type vfs_create (regular) or vfs_mknod (fifo; devices need CAP_MKNOD).
 */
import { CAP_FSETID, CAP_MKNOD } from '../../model/cred.js';
import { AT_FDCWD } from '../../model/flags.js';
import type { DentryId, Pid } from '../../model/ids.js';
import {
  S_IALLUGO,
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
  S_ISGID,
} from '../../model/modes.js';
import type { Task } from '../../model/task.js';
import { createChild } from '../vfs/inode-init.js';
import { filenameCreate, mayCreate } from '../vfs/namei-create.js';
import { capable, capableWrtInode, inGroupP } from '../vfs/cred.js';
import { Unmodelled } from '../../model/errors.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { rDentry, rInode, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

/** include/uapi/linux/stat.h: S_IXGRP. */
const S_IXGRP = 0o010;

/** fs/namei.c: may_mknod — directories are mkdir's (EPERM), unknown types EINVAL. */
function mayMknod(mode: number): 'EPERM' | 'EINVAL' | null {
  switch (mode & S_IFMT) {
    case S_IFREG:
    case S_IFCHR:
    case S_IFBLK:
    case S_IFIFO:
    case S_IFSOCK:
    case 0:
      return null;
    case S_IFDIR:
      return 'EPERM';
    default:
      return 'EINVAL';
  }
}

/**
 * fs/inode.c: mode_strip_sgid (vfs_prepare_mode calls it before the umask) — a group-executable
 * S_ISGID file in a set-group-ID directory loses S_ISGID unless the task is in the directory's
 * group or has CAP_FSETID. The group-exec bit is tested before the umask clears it. vfs_tmpfile
 * prepares its mode so too (open.ts).
 */
export function modeStripSgid(w: RWorld, task: Task, dir: DentryId, mode: number): number {
  if ((mode & (S_ISGID | S_IXGRP)) !== (S_ISGID | S_IXGRP)) return mode;
  const ino = rDentry(w, dir).d_inode;
  if (ino === null) return mode;
  const d = rInode(w, ino);
  if ((d.i_mode & S_ISGID) === 0 || inGroupP(task.cred, d.i_gid) || capableWrtInode(task, d, CAP_FSETID)) return mode;
  return mode & ~S_ISGID;
}

function doMknodat(w: MWorld, pid: Pid, dfd: number, path: string, rawMode: number): SysResult {
  const mode = rawMode & 0xffff; // do_mknodat takes a umode_t
  const bad = mayMknod(mode);
  if (bad !== null) return fail(bad);
  const task = rTask(w, pid);
  const target = filenameCreate(w, task, dfd, path, { isDir: false });
  if (!target.ok) return fail(target.errno);
  // vfs_create / vfs_mknod: may_create first.
  const denied = mayCreate(w, task, target.value.dir.dentry);
  if (denied !== null) return fail(denied);
  const type = mode & S_IFMT;
  // vfs_mknod: devices need CAP_MKNOD (after may_create).
  if ((type === S_IFCHR || type === S_IFBLK) && !capable(task, CAP_MKNOD)) return fail('EPERM');
  if (type === S_IFCHR || type === S_IFBLK || type === S_IFSOCK) {
    throw new Unmodelled('mknod of a device or socket: the model has no such inodes');
  }
  // vfs_prepare_mode: mode_strip_sgid, then the umask (or posix_acl_create without a default ACL);
  // vfs_create keeps S_IALLUGO, vfs_mknod every bit of a fifo's mode: the same twelve bits.
  const stripped = modeStripSgid(w, task, target.value.dir.dentry, mode);
  const perm = stripped & ~task.umask & S_IALLUGO;
  createChild(w, task, target.value.dir, target.value.last, type === S_IFIFO ? 'fifo' : 'reg', perm);
  return ok(0);
}

export function sys_mknod(w: MWorld, pid: Pid, sc: SyscallOf<'mknod'>): SysResult {
  return doMknodat(w, pid, AT_FDCWD, sc.path, sc.mode);
}

export function sys_mknodat(w: MWorld, pid: Pid, sc: SyscallOf<'mknodat'>): SysResult {
  return doMknodat(w, pid, sc.dirfd, sc.path, sc.mode);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const MKNOD_CALLS: Handlers<'mknod' | 'mknodat'> = {
  mknod: sys_mknod,
  mknodat: sys_mknodat,
};
