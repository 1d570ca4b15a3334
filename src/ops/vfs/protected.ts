/**
 * fs/namei.c's link and creation hardening, each governed by one of the world's fs.protected_*
 * sysctls (src/model/sysctl.ts): may_follow_link (protected_symlinks), may_linkat with
 * safe_hardlink_source (protected_hardlinks) and may_create_in_sticky (protected_fifos and
 * protected_regular). No capability overrides the first and the last: root is refused too.
 */
import type { Errno } from '../../model/errno.js';
import type { Inode } from '../../model/inode.js';
import { S_ISGID, S_ISUID, S_ISVTX } from '../../model/modes.js';
import type { Path } from '../../model/mount.js';
import type { Task } from '../../model/task.js';
import { inodeOwnerOrCapable } from './cred.js';
import { MAY_READ, MAY_WRITE, inodePermission } from './permission.js';
import { rDentry, rInode, type RWorld } from './world-draft.js';

/** The directory a walk's last component was found in: nd->dir_mode and nd->dir_uid. */
function dirOf(w: RWorld, dir: Path): Inode | null {
  const ino = rDentry(w, dir.dentry).d_inode;
  return ino === null ? null : rInode(w, ino);
}

/**
 * fs/namei.c: may_follow_link — with protected_symlinks, a trailing symlink (pick_link with
 * WALK_TRAILING: the last component of the path, or of a trailing link's body; not one met on the
 * way) in a sticky, world-writable directory is followed only by its owner, or when it belongs to
 * the directory's owner; else EACCES, CAP_DAC_OVERRIDE or not.
 */
export function mayFollowLink(w: RWorld, task: Task, dir: Path, link: Inode): Errno | null {
  if (w.sysctl.protected_symlinks === 0) return null;
  if (task.cred.fsuid === link.i_uid) return null;
  const parent = dirOf(w, dir);
  if (parent === null || (parent.i_mode & (S_ISVTX | 0o002)) !== (S_ISVTX | 0o002)) return null;
  if (parent.i_uid === link.i_uid) return null;
  return 'EACCES';
}

/** fs/namei.c: safe_hardlink_source — a regular file, not set-uid, not set-gid and group-executable, readable and writable. */
function safeHardlinkSource(task: Task, inode: Inode): boolean {
  if (inode.type !== 'reg') return false;
  if ((inode.i_mode & S_ISUID) !== 0) return false;
  if ((inode.i_mode & (S_ISGID | 0o010)) === (S_ISGID | 0o010)) return false;
  return inodePermission(task, inode, MAY_READ | MAY_WRITE) === 'ok';
}

/**
 * fs/namei.c: may_linkat — with protected_hardlinks, only the owner (or CAP_FOWNER) may link a
 * file that is not a safe hard-link source (EPERM).
 */
export function mayLinkat(w: RWorld, task: Task, old: Path): Errno | null {
  if (w.sysctl.protected_hardlinks === 0) return null;
  const ino = rDentry(w, old.dentry).d_inode;
  if (ino === null) return null;
  const inode = rInode(w, ino);
  return safeHardlinkSource(task, inode) || inodeOwnerOrCapable(task, inode) ? null : 'EPERM';
}

/**
 * fs/namei.c: may_create_in_sticky, do_open's check of an O_CREAT open that found an existing
 * file in `dir`: in a sticky directory, a file owned neither by the opener's fsuid nor by the
 * directory's owner is refused (EACCES) when the directory is world-writable, or group-writable
 * with the sysctl at 2. A fifo is let through while protected_fifos is 0 and a regular file while
 * protected_regular is 0; anything else (a symlink opened with O_NOFOLLOW, a device) has no sysctl
 * to let it through, and is refused in a world-writable sticky directory whatever they are (6.1's
 * test, and 6.18's: measured, test/corpus/programs/creds/symlinks.c).
 */
export function mayCreateInSticky(w: RWorld, task: Task, dir: Path, inode: Inode): Errno | null {
  const { protected_fifos: fifos, protected_regular: regular } = w.sysctl;
  const parent = dirOf(w, dir);
  if ((fifos === 0 && inode.type === 'fifo') || (regular === 0 && inode.type === 'reg')) return null;
  if (parent === null || (parent.i_mode & S_ISVTX) === 0) return null;
  if (inode.i_uid === parent.i_uid || task.cred.fsuid === inode.i_uid) return null;
  const worldWritable = (parent.i_mode & 0o002) !== 0;
  const groupWritableAt2 =
    (parent.i_mode & 0o020) !== 0 && ((fifos >= 2 && inode.type === 'fifo') || (regular >= 2 && inode.type === 'reg'));
  return worldWritable || groupWritableAt2 ? 'EACCES' : null;
}
