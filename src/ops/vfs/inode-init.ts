/**
 * A new inode under a directory, as the file systems' create/mkdir/mknod/symlink leave it
 * (ext4_new_inode, shmem_get_inode, btrfs_new_inode): owner and mode from fs/inode.c
 * inode_init_owner, one name, and the parent's link count for a new directory.
 */
import { CAP_FSETID } from '../../model/cred.js';
import type { DentryId, InodeId } from '../../model/ids.js';
import type { InodeType } from '../../model/modes.js';
import { S_ISGID } from '../../model/modes.js';
import type { Path } from '../../model/mount.js';
import type { Inode } from '../../model/inode.js';
import type { Task } from '../../model/task.js';
import { FS_TYPES } from '../../model/fstype.js';
import { dAddName, newInode } from './dcache.js';
import { capableWrtInode, inGroupP } from './cred.js';
import { dropNlink, incNlink, setNlink } from './refs.js';
import { inodeOf, rDentry, rInode, rSb, type MWorld } from './world-draft.js';
import { ModelBug } from '../../model/errors.js';

/** ext4_inc_count: past EXT4_LINK_MAX an indexed directory's count sticks at 1 (dir_nlink). */
const EXT4_LINK_MAX = 65000;

/**
 * fs/inode.c: inode_init_owner — the owner is the task; in a set-group-ID directory the group is
 * the directory's and a new directory inherits S_ISGID. fs/inode.c: mode_strip_sgid (called by
 * vfs_prepare_mode) — there, a group-executable S_ISGID file made by a task outside the
 * directory's group and without CAP_FSETID loses S_ISGID.
 */
function initOwner(task: Task, dir: Inode, type: InodeType, perm: number): { gid: number; perm: number } {
  if ((dir.i_mode & S_ISGID) === 0) return { gid: task.cred.fsgid, perm };
  if (type === 'dir') return { gid: dir.i_gid, perm: perm | S_ISGID };
  const sgidExec = (perm & (S_ISGID | 0o010)) === (S_ISGID | 0o010);
  if (sgidExec && !inGroupP(task.cred, dir.i_gid) && !capableWrtInode(task, dir, CAP_FSETID)) {
    return { gid: dir.i_gid, perm: perm & ~S_ISGID };
  }
  return { gid: dir.i_gid, perm };
}

/** ext4_inc_count / inc_nlink on the parent of a new directory (not on btrfs: always 1). */
export function incDirParentNlink(w: MWorld, dir: InodeId): void {
  const inode = inodeOf(w, dir);
  const fs = FS_TYPES[rSb(w, inode.i_sb).s_type];
  if (!fs.dirNlinkCountsSubdirs) return;
  if (fs.dirNlinkSticksAtOne && (inode.i_nlink >= EXT4_LINK_MAX || inode.i_nlink === 1)) {
    setNlink(w, dir, 1);
    return;
  }
  incNlink(w, dir); // fs/inode.c: inc_nlink
}

/** ext4_dec_count / drop_nlink on the parent of a removed directory. */
export function decDirParentNlink(w: MWorld, dir: InodeId): void {
  const inode = inodeOf(w, dir);
  const fs = FS_TYPES[rSb(w, inode.i_sb).s_type];
  if (!fs.dirNlinkCountsSubdirs) return;
  if (fs.dirNlinkSticksAtOne && inode.i_nlink <= 2) return;
  dropNlink(w, dir); // fs/inode.c: drop_nlink
}

/** Create `name` in `dir` as a new inode of `type` with permission bits `perm` (umask applied). */
export function createChild(w: MWorld, task: Task, dir: Path, name: string, type: InodeType, perm: number): DentryId {
  const dirIno = rDentry(w, dir.dentry).d_inode;
  if (dirIno === null) throw new ModelBug('createChild: negative directory');
  const dirInode = rInode(w, dirIno);
  const owner = initOwner(task, dirInode, type, perm);
  const ino = newInode(w, dirInode.i_sb, {
    type,
    perm: owner.perm,
    uid: task.cred.fsuid,
    gid: owner.gid,
    subvol: dirInode.i_subvol,
  });
  const d = dAddName(w, dir.dentry, name, ino);
  if (type === 'dir') incDirParentNlink(w, dirIno);
  return d;
}
