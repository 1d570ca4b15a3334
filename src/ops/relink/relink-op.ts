/**
 * The relink series, patch 01 (the `.relink` file operation) and its rule in vfs_link (patches
 * 03/04 of our port): an inode whose last name is gone may be linked again only by its own
 * `.relink`, and only into its superblock's relink_dir.
 */
import type { DentryId, InodeId } from '../../model/ids.js';
import { FS_TYPES, isMountableFsType } from '../../model/fstype.js';
import { I_TMPFILE_EXCL } from '../../model/inode.js';
import { kernelOf, rInode, rSb, type RWorld } from '../vfs/world-draft.js';

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
 * vfs_link's may_relink (our port): `.relink` exists, the new name's parent is relink_dir, and the
 * inode was not made by O_TMPFILE|O_EXCL, whose opener asked that it never get a name (open(2)):
 * such a relink stays ENOENT, as on mainline (docs/relink-series.md, "O_TMPFILE").
 */
export function relinkAllowed(w: RWorld, ino: InodeId, newParent: DentryId): boolean {
  if (!inodeHasRelinkOp(w, ino)) return false;
  if ((rInode(w, ino).i_state & I_TMPFILE_EXCL) !== 0) return false;
  return rSb(w, rInode(w, ino).i_sb).s_relink_dir === newParent;
}
