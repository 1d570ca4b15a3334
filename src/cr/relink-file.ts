/**
 * Relinking an open file (the relink series, patches 01-06 and 09), as checkpoint does it: a new
 * name for the file's inode in its superblock's relink_dir, through do_linkat's checks with the
 * open file's own path as the old path (our port's user interface is
 * linkat(fd, "", dirfd, name, AT_EMPTY_PATH); docs/relink-series.md).
 *
 * - 02 (ext3/ext4) and 06 (btrfs): ->link raises i_nlink 0 → 1 and takes the inode off the orphan
 *   list in the same step, as for an O_TMPFILE inode linked for the first time.
 * - 05: a fifo's pipe (readers, writers, buffer) is untouched.
 * - 09: relink_dir is reached through the file's own mount; a mount that does not reach it (a bind
 *   mount of a subtree without it) leaves only other mounts, and do_linkat refuses those (EXDEV).
 * - An O_TMPFILE|O_EXCL inode is never relinked (I_TMPFILE_EXCL, relink-op.ts): ENOENT as on
 *   mainline, so checkpoint of a task holding one fails with it.
 */
import type { Errno } from '../model/errno.js';
import type { DentryId, FileId } from '../model/ids.js';
import { S_DEAD } from '../model/inode.js';
import type { Path } from '../model/mount.js';
import type { Task } from '../model/task.js';
import { doLink, linkCheck } from '../ops/calls/link.js';
import { NAME_MAX } from '../ops/vfs/namei.js';
import { isSubdir, mntIsReadonly } from '../ops/vfs/namespace.js';
import { rDentry, rFile, rInode, rSb, type MWorld, type RWorld } from '../ops/vfs/world-draft.js';
import { dChild } from '../ops/vfs/d-children.js';

/** Patch 09: relink_dir as seen through the file's own mount, or null when that mount does not reach it. */
export function relinkDirThroughFileMount(w: RWorld, file: FileId): Path | null {
  const f = rFile(w, file);
  const sb = rSb(w, rInode(w, f.f_inode).i_sb);
  if (sb.s_relink_dir === null) return null;
  const mntRoot = w.mounts[f.f_path.mnt]?.mnt_root;
  if (mntRoot === undefined || !isSubdir(w, sb.s_relink_dir, mntRoot)) return null;
  return { mnt: f.f_path.mnt, dentry: sb.s_relink_dir };
}

/**
 * Everything that can refuse relinking `file` as `dir/name`: filename_create's checks on a known
 * directory (the name's length, a dead directory, ENOTDIR, EEXIST, then EROFS), then linkat's.
 */
export function relinkCheck(w: RWorld, task: Task, file: FileId, dir: Path, name: string): Errno | null {
  const dirDentry = rDentry(w, dir.dentry);
  const dirIno = dirDentry.d_inode;
  if (dirIno === null || (rInode(w, dirIno).i_flags & S_DEAD) !== 0) return 'ENOENT';
  if (rInode(w, dirIno).type !== 'dir') return 'ENOTDIR';
  const existing = dChild(dirDentry, name);
  if (existing !== undefined && rDentry(w, existing).d_inode !== null) return 'EEXIST';
  if (name.length > NAME_MAX) return 'ENAMETOOLONG';
  if (mntIsReadonly(w, dir.mnt)) return 'EROFS';
  return linkCheck(w, task, rFile(w, file).f_path, { dir, last: name });
}

/** The relink itself (relinkCheck passed): the new dentry. */
export function doRelink(w: MWorld, file: FileId, dir: Path, name: string): DentryId {
  return doLink(w, rFile(w, file).f_path, { dir, last: name });
}
