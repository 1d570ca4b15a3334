/**
 * fs/namei.c: where a new name goes (filename_create) and whether it may go there (may_create),
 * shared by mkdir, mknod, symlink and link.
 */
import type { Errno } from '../../model/errno.js';
import type { DentryId } from '../../model/ids.js';
import { S_DEAD } from '../../model/inode.js';
import type { Path } from '../../model/mount.js';
import type { Task } from '../../model/task.js';
import { filenameParentat, NAME_MAX, lookupLast, mayLookupParent, type Parent } from './namei.js';
import { mntIsReadonly } from './namespace.js';
import { MAY_EXEC, MAY_WRITE, inodePermission } from './permission.js';
import { Unmodelled } from '../../model/errors.js';
import { err, val, type Res } from './result.js';
import { rDentry, rInode, type RWorld } from './world-draft.js';
import { dChild } from './d-children.js';

/** A real directory and a name that does not exist in it yet. */
export interface CreateTarget {
  readonly dir: Path;
  readonly last: string;
}

/**
 * fs/namei.c: filename_create — filename_parentat's errors, including link_path_walk's may_lookup
 * on the parent itself (EACCES even for "dir/." or a name that exists); a last component that is
 * ".", ".." or none at all ("/") is EEXIST; the final lookup (lookup_one_qstr_excl) fails in a
 * dead directory (ENOENT) before the file system's ->lookup refuses a name longer than NAME_MAX
 * (ext4_lookup, simple_lookup, btrfs_lookup: ENAMETOOLONG); a positive name is EEXIST, even a
 * dangling symlink; a trailing slash on a name that is not to be a directory is ENOENT; only then
 * does the read-only mount (mnt_want_write, taken earlier but reported last) give EROFS.
 */
export function filenameCreate(
  w: RWorld,
  task: Task,
  dfd: number,
  name: string,
  opts: { readonly isDir: boolean },
): Res<CreateTarget> {
  const p = filenameCreateParent(w, task, dfd, name);
  return p.ok ? filenameCreateLocked(w, p.value, opts) : p;
}

/** Where filename_create takes the parent's lock (inode_lock_nested): the parent and the new name. */
export interface PendingCreate {
  readonly dir: Path;
  readonly last: string;
  readonly trailingSlash: boolean;
}

/** filename_create before inode_lock_nested: the walk to the parent and the last component's type. */
export function filenameCreateParent(w: RWorld, task: Task, dfd: number, name: string): Res<PendingCreate> {
  const parent = filenameParentat(w, task, dfd, name);
  if (!parent.ok) return parent;
  const p = parent.value;
  // link_path_walk: a name with no components at all ("/") never calls may_lookup.
  if (p.lastType !== 'root' && p.dir.kind === 'path') {
    const denied = mayLookupParent(w, task, p.dir.path);
    if (denied !== null) return err(denied);
  }
  if (p.lastType !== 'norm') return err('EEXIST');
  if (p.dir.kind !== 'path') return procCreate(w, task, p);
  return val({ dir: p.dir.path, last: p.last, trailingSlash: p.trailingSlash });
}

/** filename_create under the parent's lock: lookup_one_qstr_excl and the checks after it. */
export function filenameCreateLocked(
  w: RWorld,
  p: PendingCreate,
  opts: { readonly isDir: boolean },
): Res<CreateTarget> {
  const dir = p.dir;
  const dirIno = rDentry(w, dir.dentry).d_inode;
  // lookup_one_qstr_excl: IS_DEADDIR before ->lookup.
  if (dirIno === null || (rInode(w, dirIno).i_flags & S_DEAD) !== 0) return err('ENOENT');
  const child = dChild(rDentry(w, dir.dentry), p.last);
  const positive = child !== undefined && rDentry(w, child).d_inode !== null;
  if (!positive && p.last.length > NAME_MAX) return err('ENAMETOOLONG');
  if (positive) return err('EEXIST');
  if (p.trailingSlash && !opts.isDir) return err('ENOENT');
  if (mntIsReadonly(w, dir.mnt)) return err('EROFS');
  return val({ dir, last: p.last });
}

/**
 * A new name in the modelled procfs: its ->lookup answers (fs/proc/fd.c proc_lookupfd_common: an
 * open fd is positive, EEXIST; any other name ENOENT from ->lookup itself), so nothing is ever
 * created. Above the fd directories the model does not know every entry (/proc/mounts,
 * /proc/self/status), so a name it cannot find there is not modelled.
 */
function procCreate(w: RWorld, task: Task, p: Parent): Res<PendingCreate> {
  const looked = lookupLast(w, task, p);
  if (looked.ok) return err(looked.value !== null ? 'EEXIST' : 'ENOENT');
  if (p.dir.kind === 'proc-dir' && p.dir.level !== 'fd' && looked.errno === 'ENOENT') {
    throw new Unmodelled(`a new name ${p.last} in /proc: the model knows only pids and fd directories`);
  }
  return looked;
}

/**
 * fs/namei.c: may_create — a dead directory takes no new names (ENOENT); otherwise write and
 * search permission on it (EACCES, or EPERM for an immutable directory).
 */
export function mayCreate(w: RWorld, task: Task, dir: DentryId): Errno | null {
  const ino = rDentry(w, dir).d_inode;
  if (ino === null) return 'ENOENT';
  const inode = rInode(w, ino);
  if ((inode.i_flags & S_DEAD) !== 0) return 'ENOENT';
  const r = inodePermission(task, inode, MAY_WRITE | MAY_EXEC);
  return r === 'ok' ? null : r;
}
