/**
 * fs/namei.c: generic_permission / inode_permission on the task's fsuid, fsgid, groups and
 * capabilities (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH through capable_wrt_inode_uidgid). POSIX
 * ACLs are not modelled: acl_permission_check's mode bits are the whole answer.
 */
import { CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH } from '../../model/cred.js';
import type { Inode } from '../../model/inode.js';
import { S_IMMUTABLE } from '../../model/inode.js';
import { SB_RDONLY, type SuperBlock } from '../../model/superblock.js';
import type { Task } from '../../model/task.js';
import { capableWrtInode, inGroupP } from './cred.js';

export const MAY_EXEC = 1;
export const MAY_WRITE = 2;
export const MAY_READ = 4;

/**
 * fs/namei.c: acl_permission_check — the owner's bits when the fsuid owns the inode (and only
 * those), else the group's when in_group_p, else the others'.
 */
function modeBitsFor(task: Task, inode: Inode): number {
  if (task.cred.fsuid === inode.i_uid) return (inode.i_mode >> 6) & 7;
  if (inGroupP(task.cred, inode.i_gid)) return (inode.i_mode >> 3) & 7;
  return inode.i_mode & 7;
}

/**
 * fs/namei.c: generic_permission — the mode bits, then the overrides: a directory is readable and
 * searchable with CAP_DAC_READ_SEARCH and anything with CAP_DAC_OVERRIDE; a file is readable with
 * CAP_DAC_READ_SEARCH, and readable, writable or (with at least one x bit) executable with
 * CAP_DAC_OVERRIDE.
 */
function genericPermission(task: Task, inode: Inode, mask: number): boolean {
  const m = mask & (MAY_READ | MAY_WRITE | MAY_EXEC);
  if ((m & modeBitsFor(task, inode)) === m) return true;
  if (inode.type === 'dir') {
    if ((m & MAY_WRITE) === 0 && capableWrtInode(task, inode, CAP_DAC_READ_SEARCH)) return true;
    return capableWrtInode(task, inode, CAP_DAC_OVERRIDE);
  }
  if (m === MAY_READ && capableWrtInode(task, inode, CAP_DAC_READ_SEARCH)) return true;
  if ((m & MAY_EXEC) === 0 || (inode.i_mode & 0o111) !== 0) return capableWrtInode(task, inode, CAP_DAC_OVERRIDE);
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
