/**
 * The relink series, patch 01 (the `.relink` file operation) and its rule in vfs_link (patches
 * 03/04 of our port): an inode whose last name is gone may be linked again only by its own
 * `.relink`, and only into its superblock's relink_dir.
 */
import { CAP_CHECKPOINT_RESTORE, CAP_SYS_ADMIN } from '../../model/cred.js';
import type { DentryId, InodeId } from '../../model/ids.js';
import type { Task } from '../../model/task.js';
import { FS_TYPES, isMountableFsType } from '../../model/fstype.js';
import { I_TMPFILE_EXCL } from '../../model/inode.js';
import { hasBug } from '../../model/kernel.js';
import { kernelOf, rDentry, rInode, rSb, type RWorld } from '../vfs/world-draft.js';
import { capable } from '../vfs/cred.js';

/**
 * Does this inode's file_operations (inode->i_fop: what an open file of it gets) have `.relink`?
 * Regular files of ext4/ext3/btrfs (patches 02, 06) and fifos (patch 05: pipefifo_fops, shared by
 * every file system, but only FS_RELINK file systems can have a relink_dir).
 */
export function inodeHasRelinkOp(w: RWorld, ino: InodeId): boolean {
  if (!kernelOf(w).relinkSeries) return false;
  const inode = rInode(w, ino);
  const type = rSb(w, inode.i_sb).s_type;
  if (!isMountableFsType(type) || !FS_TYPES[type].relink) return false;
  return inode.type === 'reg' || inode.type === 'fifo';
}

/**
 * Is relink_dir closed to everybody but root (owned by uid 0, no group or other bits)? Only then
 * can no unprivileged task see, create, rename or remove its names (docs/security.md): a relinked
 * file keeps its mode, so a searchable relink_dir would give a file deleted to revoke access back
 * to everyone its mode lets in. Checked at each relink, under relink_dir's inode lock (held by
 * filename_create), so no chmod or chown of it can come between the check and the link.
 */
export function relinkDirPrivate(w: RWorld, dir: DentryId): boolean {
  const ino = rDentry(w, dir).d_inode;
  if (ino === null) return false;
  const inode = rInode(w, ino);
  return inode.i_uid === 0 && (inode.i_mode & 0o077) === 0;
}

/**
 * Where a relink may put an inode: `.relink` exists, the new name's parent is its superblock's
 * relink_dir, and the inode was not made by O_TMPFILE|O_EXCL, whose opener asked that it never get
 * a name (open(2)): such a relink stays ENOENT, as on mainline (docs/relink-series.md, "O_TMPFILE").
 */
function relinkTarget(w: RWorld, ino: InodeId, newParent: DentryId): boolean {
  if (!inodeHasRelinkOp(w, ino)) return false;
  if ((rInode(w, ino).i_state & I_TMPFILE_EXCL) !== 0) return false;
  return rSb(w, rInode(w, ino).i_sb).s_relink_dir === newParent;
}

/**
 * vfs_link's may_relink (our port), its part on the inode and the directory: the relink target,
 * and relink_dir private to root. What the law deletedStaysDeleted allows, whatever the kernel.
 */
export function relinkAllowed(w: RWorld, ino: InodeId, newParent: DentryId): boolean {
  return relinkTarget(w, ino, newParent) && relinkDirPrivate(w, newParent);
}

/**
 * include/linux/capability.h: checkpoint_restore_ns_capable — CAP_CHECKPOINT_RESTORE or
 * CAP_SYS_ADMIN, what the kernel asks of a checkpointer (set_tid, map_files, PR_SET_MM). May this
 * task relink? Without it a relink is refused like any link of an unlinked inode (ENOENT).
 */
export function checkpointRestoreCapable(task: Task): boolean {
  return capable(task, CAP_CHECKPOINT_RESTORE) || capable(task, CAP_SYS_ADMIN);
}

/**
 * may_relink whole, as this kernel variant makes it: the inode, relink_dir, and the task's
 * capability. The seeded bugs `relink-dir-not-private` and `relink-without-capability` each leave
 * one test out (src/model/kernel.ts).
 */
export function mayRelink(w: RWorld, task: Task, ino: InodeId, newParent: DentryId): boolean {
  const k = kernelOf(w);
  if (!hasBug(k, 'relink-without-capability') && !checkpointRestoreCapable(task)) return false;
  if (!relinkTarget(w, ino, newParent)) return false;
  return hasBug(k, 'relink-dir-not-private') || relinkDirPrivate(w, newParent);
}
