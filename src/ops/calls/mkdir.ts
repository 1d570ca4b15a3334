/** mkdir and mkdirat: fs/namei.c do_mkdirat → filename_create(LOOKUP_DIRECTORY) → vfs_mkdir. */
import { AT_FDCWD } from '../../model/flags.js';
import { FS_TYPES } from '../../model/fstype.js';
import type { DentryId, Pid } from '../../model/ids.js';
import { S_IRWXUGO, S_ISVTX } from '../../model/modes.js';
import { createChild } from '../vfs/inode-init.js';
import { filenameCreate, mayCreate } from '../vfs/namei-create.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { rDentry, rInode, rSb, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

/**
 * The file system's own link limit on the parent (vfs_mkdir's s_max_links check never fires: ext4,
 * btrfs and tmpfs leave s_max_links 0 in 6.1): FsTypeInfo.dirLinkMax, ext4_mkdir's
 * EXT4_DIR_LINK_MAX on a file system without dir_nlink (mkfs.ext3). btrfs directories always count
 * 1 and tmpfs has no limit.
 */
function fsMkdirLinkMax(w: RWorld, dir: DentryId): boolean {
  const ino = rDentry(w, dir).d_inode;
  if (ino === null) return false;
  const inode = rInode(w, ino);
  const max = FS_TYPES[rSb(w, inode.i_sb).s_type].dirLinkMax;
  return max > 0 && inode.i_nlink >= max;
}

/**
 * fs/namei.c: do_mkdirat — mode is a umode_t; vfs_mkdir: may_create, then vfs_prepare_mode keeps
 * only S_IRWXUGO | S_ISVTX of mode & ~umask (mode_strip_umask, or posix_acl_create with no default
 * ACL: the same bits); inode_init_owner adds S_ISGID and the group under a set-group-ID parent.
 * The new directory counts 2 links and its parent one more (ext4_mkdir, shmem_mkdir), except on
 * btrfs where every directory counts 1 (createChild, incDirParentNlink).
 */
function doMkdirat(w: MWorld, pid: Pid, dfd: number, path: string, mode: number): SysResult {
  const task = rTask(w, pid);
  const target = filenameCreate(w, task, dfd, path, { isDir: true });
  if (!target.ok) return fail(target.errno);
  const denied = mayCreate(w, task, target.value.dir.dentry);
  if (denied !== null) return fail(denied);
  if (fsMkdirLinkMax(w, target.value.dir.dentry)) return fail('EMLINK');
  const perm = mode & 0xffff & ~task.umask & (S_IRWXUGO | S_ISVTX);
  createChild(w, task, target.value.dir, target.value.last, 'dir', perm);
  return ok(0);
}

export function sys_mkdir(w: MWorld, pid: Pid, sc: SyscallOf<'mkdir'>): SysResult {
  return doMkdirat(w, pid, AT_FDCWD, sc.path, sc.mode);
}

export function sys_mkdirat(w: MWorld, pid: Pid, sc: SyscallOf<'mkdirat'>): SysResult {
  return doMkdirat(w, pid, sc.dirfd, sc.path, sc.mode);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const MKDIR_CALLS: Handlers<'mkdir' | 'mkdirat'> = {
  mkdir: sys_mkdir,
  mkdirat: sys_mkdirat,
};
