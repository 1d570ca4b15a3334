/** mkdir and mkdirat: fs/namei.c do_mkdirat → filename_create(LOOKUP_DIRECTORY) → vfs_mkdir. */
import { AT_FDCWD } from '../model/flags.js';
import type { Pid } from '../model/ids.js';
import { S_IRWXUGO, S_ISVTX } from '../model/modes.js';
import { createChild } from './inode-init.js';
import { filenameCreate, mayCreate } from './namei-create.js';
import { fail, ok, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import { rTask, type MWorld } from './world-draft.js';

/**
 * fs/namei.c: do_mkdirat — the umask applies (vfs_prepare_mode, or posix_acl_create with no
 * default ACL: the same bits); vfs_mkdir: may_create, then only S_IRWXUGO | S_ISVTX survive.
 * None of ext4, btrfs and tmpfs sets s_max_links, so vfs_mkdir has no EMLINK here (ext4 lets an
 * indexed directory's count stick at 1 instead: ext4_inc_count).
 */
export function doMkdirat(w: MWorld, pid: Pid, dfd: number, path: string, mode: number): SysResult {
  const task = rTask(w, pid);
  const target = filenameCreate(w, task, dfd, path, { isDir: true });
  if (!target.ok) return fail(target.errno);
  const denied = mayCreate(w, task, target.value.dir.dentry);
  if (denied !== null) return fail(denied);
  const perm = mode & ~task.umask & (S_IRWXUGO | S_ISVTX);
  createChild(w, task, target.value.dir, target.value.last, 'dir', perm);
  return ok(0);
}

export function sys_mkdir(w: MWorld, pid: Pid, sc: SyscallOf<'mkdir'>): SysResult {
  return doMkdirat(w, pid, AT_FDCWD, sc.path, sc.mode);
}

export function sys_mkdirat(w: MWorld, pid: Pid, sc: SyscallOf<'mkdirat'>): SysResult {
  return doMkdirat(w, pid, sc.dirfd, sc.path, sc.mode);
}
