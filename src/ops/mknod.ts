/**
 * mknod and mknodat (and so mkfifo): fs/namei.c do_mknodat — may_mknod first, then
 * filename_create, then by type vfs_create (regular) or vfs_mknod (fifo; devices need CAP_MKNOD).
 */
import { AT_FDCWD } from '../model/flags.js';
import type { Pid } from '../model/ids.js';
import { S_IALLUGO, S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFMT, S_IFREG, S_IFSOCK } from '../model/modes.js';
import { createChild } from './inode-init.js';
import { filenameCreate, mayCreate } from './namei-create.js';
import { isRoot } from './permission.js';
import { fail, ok, Unmodelled, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import { rTask, type MWorld } from './world-draft.js';

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

export function doMknodat(w: MWorld, pid: Pid, dfd: number, path: string, mode: number): SysResult {
  const bad = mayMknod(mode);
  if (bad !== null) return fail(bad);
  const task = rTask(w, pid);
  const target = filenameCreate(w, task, dfd, path, { isDir: false });
  if (!target.ok) return fail(target.errno);
  const denied = mayCreate(w, task, target.value.dir.dentry);
  if (denied !== null) return fail(denied);
  const type = mode & S_IFMT;
  // vfs_mknod: devices need CAP_MKNOD (checked after may_create).
  if ((type === S_IFCHR || type === S_IFBLK) && !isRoot(task)) return fail('EPERM');
  if (type === S_IFCHR || type === S_IFBLK || type === S_IFSOCK) {
    throw new Unmodelled('mknod of a device or socket: the model has no such inodes');
  }
  // do_mknodat: the umask (or posix_acl_create without a default ACL); vfs_create keeps S_IALLUGO.
  const perm = mode & ~task.umask & S_IALLUGO;
  createChild(w, task, target.value.dir, target.value.last, type === S_IFIFO ? 'fifo' : 'reg', perm);
  return ok(0);
}

export function sys_mknod(w: MWorld, pid: Pid, sc: SyscallOf<'mknod'>): SysResult {
  return doMknodat(w, pid, AT_FDCWD, sc.path, sc.mode);
}

export function sys_mknodat(w: MWorld, pid: Pid, sc: SyscallOf<'mknodat'>): SysResult {
  return doMknodat(w, pid, sc.dirfd, sc.path, sc.mode);
}
