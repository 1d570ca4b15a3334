/**
 * fs/namei.c: generic_permission / inode_permission, with the capabilities root has
 * (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER): fs/namei.c: capable_wrt_inode_uidgid.
 */
import type { Inode } from '../../model/inode.js';
import { S_IMMUTABLE } from '../../model/inode.js';
import { SB_RDONLY, type SuperBlock } from '../../model/superblock.js';
import type { Task } from '../../model/task.js';

export const MAY_EXEC = 1;
export const MAY_WRITE = 2;
export const MAY_READ = 4;

export function isRoot(task: Task): boolean {
  return task.uid === 0;
}

/** fs/namei.c: acl_permission_check — the owner/group/other bits that apply to this task. */
function modeBitsFor(task: Task, inode: Inode): number {
  if (task.uid === inode.i_uid) return (inode.i_mode >> 6) & 7;
  if (task.gid === inode.i_gid) return (inode.i_mode >> 3) & 7;
  return inode.i_mode & 7;
}

/**
 * fs/namei.c: generic_permission — 0 when allowed. Root passes everything except executing a
 * non-directory without any x bit (CAP_DAC_OVERRIDE rule).
 */
function genericPermission(task: Task, inode: Inode, mask: number): boolean {
  if ((mask & modeBitsFor(task, inode)) === mask) return true;
  if (!isRoot(task)) return false;
  const isDir = inode.type === 'dir';
  if ((mask & MAY_EXEC) === 0 || isDir || (inode.i_mode & 0o111) !== 0) return true;
  return false;
}

/**
 * fs/namei.c: sb_permission, the first check of inode_permission: nobody writes a regular file, a
 * directory or a symlink of a read-only superblock (a fifo may be written). Kept apart from
 * inodePermission because most callers have refused a read-only mount already (mnt_want_write).
 */
export function sbPermission(sb: SuperBlock, inode: Inode, mask: number): 'ok' | 'EROFS' {
  if ((mask & MAY_WRITE) === 0 || (sb.s_flags & SB_RDONLY) === 0) return 'ok';
  return inode.type === 'reg' || inode.type === 'dir' || inode.type === 'symlink' ? 'EROFS' : 'ok';
}

/** fs/namei.c: inode_permission — adds the immutable check for writes (EACCES is the caller's). */
export function inodePermission(task: Task, inode: Inode, mask: number): 'ok' | 'EACCES' | 'EPERM' {
  if ((mask & MAY_WRITE) !== 0 && (inode.i_flags & S_IMMUTABLE) !== 0) return 'EPERM';
  return genericPermission(task, inode, mask) ? 'ok' : 'EACCES';
}
