/**
 * fs/namei.c: where a new name goes (filename_create) and whether it may go there (may_create),
 * shared by mkdir, mknod, symlink and link.
 */
import type { Errno } from '../model/errno.js';
import type { DentryId } from '../model/ids.js';
import { S_DEAD } from '../model/inode.js';
import type { Path } from '../model/mount.js';
import type { Task } from '../model/task.js';
import { filenameParentat, NAME_MAX, lookupLast } from './namei.js';
import { mntIsReadonly } from './namespace.js';
import { MAY_EXEC, MAY_WRITE, inodePermission } from './permission.js';
import { err, val, type Res } from './result.js';
import { rDentry, rInode, type RWorld } from './world-draft.js';

/** A real directory and a name that does not exist in it yet. */
export interface CreateTarget {
  readonly dir: Path;
  readonly last: string;
}

/**
 * fs/namei.c: filename_create — filename_parentat's errors; a last component that is ".", ".." or
 * none at all is EEXIST; the final lookup (__lookup_hash) fails in a dead directory (ENOENT) and
 * on a name longer than NAME_MAX (the file system's ->lookup); a positive name is EEXIST; a
 * trailing slash on a name that is not to be a directory is ENOENT; only then does the read-only
 * mount (mnt_want_write, taken earlier but reported last) give EROFS.
 */
export function filenameCreate(
  w: RWorld,
  task: Task,
  dfd: number,
  name: string,
  opts: { readonly isDir: boolean },
): Res<CreateTarget> {
  const parent = filenameParentat(w, task, dfd, name);
  if (!parent.ok) return parent;
  const p = parent.value;
  if (p.lastType !== 'norm') return err('EEXIST');
  if (p.dir.kind !== 'path') {
    // The modelled procfs has no ->create: an existing entry is EEXIST, anything else ENOENT.
    const looked = lookupLast(w, task, p);
    return looked.ok && looked.value !== null ? err('EEXIST') : err(looked.ok ? 'ENOENT' : looked.errno);
  }
  const dir = p.dir.path;
  const dirIno = rDentry(w, dir.dentry).d_inode;
  if (dirIno === null || (rInode(w, dirIno).i_flags & S_DEAD) !== 0) return err('ENOENT');
  const child = rDentry(w, dir.dentry).d_children[p.last];
  const positive = child !== undefined && rDentry(w, child).d_inode !== null;
  if (!positive && p.last.length > NAME_MAX) return err('ENAMETOOLONG');
  if (positive) return err('EEXIST');
  if (p.trailingSlash && !opts.isDir) return err('ENOENT');
  if (mntIsReadonly(w, dir.mnt)) return err('EROFS');
  return val({ dir, last: p.last });
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
