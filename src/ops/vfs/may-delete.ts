/** fs/namei.c: may_delete and check_sticky — may `task` remove the name `victim` from `dir`? */
import { CAP_FOWNER } from '../../model/cred.js';
import type { Errno } from '../../model/errno.js';
import type { DentryId } from '../../model/ids.js';
import { S_APPEND, S_DEAD, S_IMMUTABLE, type Inode } from '../../model/inode.js';
import { S_ISVTX } from '../../model/modes.js';
import type { Task } from '../../model/task.js';
import { MAY_EXEC, MAY_WRITE, inodePermission } from './permission.js';
import { capableWrtInode } from './cred.js';
import { rDentry, rInode, type RWorld } from './world-draft.js';

/**
 * fs/namei.c: __check_sticky — in a sticky directory only the file's owner, the directory's owner
 * or CAP_FOWNER may remove or rename a name.
 */
function checkSticky(task: Task, dir: Inode, inode: Inode): boolean {
  if ((dir.i_mode & S_ISVTX) === 0) return false;
  if (task.cred.fsuid === inode.i_uid || task.cred.fsuid === dir.i_uid) return false;
  return !capableWrtInode(task, inode, CAP_FOWNER);
}

/**
 * fs/namei.c: may_delete — a negative victim is ENOENT; write and search permission on the
 * directory; append-only directory, sticky bit, append-only or immutable victim are EPERM; then the
 * type: rmdir of a non-directory ENOTDIR, of a root EBUSY; unlink of a directory EISDIR; last a dead
 * directory ENOENT.
 */
export function mayDelete(w: RWorld, task: Task, dir: DentryId, victim: DentryId, isdir: boolean): Errno | null {
  const vIno = rDentry(w, victim).d_inode;
  if (vIno === null) return 'ENOENT';
  const dirIno = rDentry(w, dir).d_inode;
  if (dirIno === null) return 'ENOENT';
  const dirInode = rInode(w, dirIno);
  const inode = rInode(w, vIno);
  const perm = inodePermission(task, dirInode, MAY_WRITE | MAY_EXEC);
  if (perm !== 'ok') return perm;
  if ((dirInode.i_flags & S_APPEND) !== 0) return 'EPERM';
  if (checkSticky(task, dirInode, inode)) return 'EPERM';
  if ((inode.i_flags & (S_APPEND | S_IMMUTABLE)) !== 0) return 'EPERM';
  if (isdir) {
    if (inode.type !== 'dir') return 'ENOTDIR';
    if (rDentry(w, victim).d_parent === victim) return 'EBUSY';
  } else if (inode.type === 'dir') return 'EISDIR';
  if ((dirInode.i_flags & S_DEAD) !== 0) return 'ENOENT';
  return null;
}
