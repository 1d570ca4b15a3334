/** mkdir and mkdirat: fs/namei.c do_mkdirat → filename_create(LOOKUP_DIRECTORY) → vfs_mkdir. */
import { AT_FDCWD } from '../../model/flags.js';
import type { DentryId, Pid } from '../../model/ids.js';
import { S_IRWXUGO, S_ISVTX } from '../../model/modes.js';
import { createChild } from '../vfs/inode-init.js';
import { filenameCreate, mayCreate } from '../vfs/namei-create.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../run/syscalls.js';
import { rDentry, rInode, rSb, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';

/** fs/ext4/ext4.h: EXT4_LINK_MAX. */
const EXT4_LINK_MAX = 65000;

/**
 * The file system's own link limit on the parent (vfs_mkdir's s_max_links check never fires: ext4,
 * btrfs and tmpfs leave s_max_links 0 in 6.1). fs/ext4/namei.c: ext4_mkdir — EXT4_DIR_LINK_MAX is
 * EMLINK at EXT4_LINK_MAX unless the file system has dir_nlink and the directory is indexed
 * (is_dx). mkfs.ext4 sets dir_nlink and a directory that large is always indexed, so ext4 goes on
 * (ext4_inc_count sticks the count at 1); mkfs.ext3 has no dir_nlink, so ext3 stops at 65000.
 * btrfs directories always count 1 and tmpfs has no limit.
 */
function fsMkdirLinkMax(w: RWorld, dir: DentryId): boolean {
  const ino = rDentry(w, dir).d_inode;
  if (ino === null) return false;
  const inode = rInode(w, ino);
  return rSb(w, inode.i_sb).s_type === 'ext3' && inode.i_nlink >= EXT4_LINK_MAX;
}

/**
 * fs/namei.c: do_mkdirat — mode is a umode_t; vfs_mkdir: may_create, then vfs_prepare_mode keeps
 * only S_IRWXUGO | S_ISVTX of mode & ~umask (mode_strip_umask, or posix_acl_create with no default
 * ACL: the same bits); inode_init_owner adds S_ISGID and the group under a set-group-ID parent.
 * The new directory counts 2 links and its parent one more (ext4_mkdir, shmem_mkdir), except on
 * btrfs where every directory counts 1 (createChild, incDirParentNlink).
 */
export function doMkdirat(w: MWorld, pid: Pid, dfd: number, path: string, mode: number): SysResult {
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
