/**
 * rename, renameat and renameat2: fs/namei.c do_renameat2 → lock_rename → vfs_rename, with the
 * file systems' ->rename (ext4_rename, ext4_rename_exchange, shmem_rename2, btrfs_rename).
 */
import { CAP_DAC_OVERRIDE } from '../../model/cred.js';
import type { Errno } from '../../model/errno.js';
import { AT_FDCWD, RENAME_EXCHANGE, RENAME_NOREPLACE, RENAME_WHITEOUT } from '../../model/flags.js';
import type { DentryId, InodeId, Pid } from '../../model/ids.js';
import { S_DEAD } from '../../model/inode.js';
import type { Path } from '../../model/mount.js';
import type { Task } from '../../model/task.js';
import { dMove, dDrop, dRehash } from '../vfs/dcache.js';
import { decDirParentNlink, incDirParentNlink } from '../vfs/inode-init.js';
import { mayDelete } from '../vfs/may-delete.js';
import { mayCreate } from '../vfs/namei-create.js';
import { filenameParentat, lookupLast, NAME_MAX } from '../vfs/namei.js';
import { isLocalMountpoint, mntIsReadonly } from '../vfs/namespace.js';
import { MAY_WRITE, inodePermission } from '../vfs/permission.js';
import { capable } from '../vfs/cred.js';
import { Unmodelled } from '../../model/errors.js';
import { err, fail, ok, val, type Res, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { dirIsEmpty, rmdirName, unlinkName } from './unlink.js';
import { dentryOf, rDentry, rInode, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';
import { dChild } from '../vfs/d-children.js';
import type { Handlers } from './handler.js';

const isDirDentry = (w: RWorld, d: DentryId): boolean => {
  const ino = rDentry(w, d).d_inode;
  return ino !== null && rInode(w, ino).type === 'dir';
};

/** fs/dcache.c: d_ancestor — the child of `p1` on the way down to `p2`, if `p1` is above `p2`. */
function dAncestor(w: RWorld, p1: DentryId, p2: DentryId): DentryId | null {
  for (let p = p2; ;) {
    const parent = rDentry(w, p).d_parent;
    if (parent === p) return null;
    if (parent === p1) return p;
    p = parent;
  }
}

/** fs/namei.c: lock_rename(new_dir, old_dir) — the "trap" dentry, when one parent is above the other. */
function lockRenameTrap(w: RWorld, newDir: DentryId, oldDir: DentryId): DentryId | null {
  if (newDir === oldDir) return null;
  return dAncestor(w, oldDir, newDir) ?? dAncestor(w, newDir, oldDir);
}

/** __lookup_hash of a rename's last name: a dead directory ENOENT, an over-long name ENAMETOOLONG. */
function lookupHash(w: RWorld, dir: DentryId, last: string): { errno: Errno } | { d: DentryId | null } {
  const child = dChild(rDentry(w, dir), last);
  if (child !== undefined && rDentry(w, child).d_inode !== null) return { d: child };
  const ino = rDentry(w, dir).d_inode;
  if (ino === null || (rInode(w, ino).i_flags & S_DEAD) !== 0) return { errno: 'ENOENT' };
  if (last.length > NAME_MAX) return { errno: 'ENAMETOOLONG' };
  return { d: null };
}

interface RenameData {
  readonly oldDir: DentryId;
  readonly oldDentry: DentryId;
  readonly newDir: DentryId;
  readonly newLast: string;
  readonly newDentry: DentryId | null;
  readonly flags: number;
}

/** fs/namei.c: vfs_rename — the checks, in order; null when the rename may go ahead. */
function vfsRenameCheck(w: RWorld, task: Task, rd: RenameData): Errno | null {
  const isDir = isDirDentry(w, rd.oldDentry);
  const exchange = (rd.flags & RENAME_EXCHANGE) !== 0;
  const denied = mayDelete(w, task, rd.oldDir, rd.oldDentry, isDir);
  if (denied !== null) return denied;
  const newIsDir = rd.newDentry !== null && isDirDentry(w, rd.newDentry);
  if (rd.newDentry === null) {
    const c = mayCreate(w, task, rd.newDir);
    if (c !== null) return c;
  } else {
    const d = mayDelete(w, task, rd.newDir, rd.newDentry, exchange ? newIsDir : isDir);
    if (d !== null) return d;
  }
  // Changing parent flips "..": write permission on the moved directories.
  if (rd.newDir !== rd.oldDir) {
    const src = rDentry(w, rd.oldDentry).d_inode;
    if (isDir && src !== null) {
      const p = inodePermission(task, rInode(w, src), MAY_WRITE);
      if (p !== 'ok') return p;
    }
    if (exchange && newIsDir && rd.newDentry !== null) {
      const t = rDentry(w, rd.newDentry).d_inode;
      const p = t === null ? 'ok' : inodePermission(task, rInode(w, t), MAY_WRITE);
      if (p !== 'ok') return p;
    }
  }
  if (isLocalMountpoint(w, task, rd.oldDentry)) return 'EBUSY';
  if (rd.newDentry !== null && isLocalMountpoint(w, task, rd.newDentry)) return 'EBUSY';
  // ->rename: a directory may only replace an empty one (ext4_rename, shmem_rename2, btrfs).
  if (!exchange && isDir && rd.newDentry !== null && !dirIsEmpty(w, rd.newDentry)) return 'ENOTEMPTY';
  return null;
}

/** The rename's effect: the target's name goes as unlink/rmdir would take it, then d_move. */
function vfsRename(w: MWorld, rd: RenameData): void {
  const isDir = isDirDentry(w, rd.oldDentry);
  const oldDirIno = rDentry(w, rd.oldDir).d_inode;
  const newDirIno = rDentry(w, rd.newDir).d_inode;
  if (oldDirIno === null || newDirIno === null) return;
  if ((rd.flags & RENAME_EXCHANGE) !== 0 && rd.newDentry !== null) {
    const newIsDir = isDirDentry(w, rd.newDentry);
    // ext4_rename_exchange: a directory that changes parent moves a ".." link with it.
    if (rd.oldDir !== rd.newDir && isDir !== newIsDir) {
      if (isDir) {
        decDirParentNlink(w, oldDirIno);
        incDirParentNlink(w, newDirIno);
      } else {
        decDirParentNlink(w, newDirIno);
        incDirParentNlink(w, oldDirIno);
      }
    }
    dExchange(w, rd.oldDentry, rd.newDentry);
    return;
  }
  if (rd.newDentry !== null) {
    if (isDir) rmdirName(w, rd.newDir, rd.newDentry);
    else unlinkName(w, rd.newDentry);
  }
  if (isDir && rd.oldDir !== rd.newDir) {
    decDirParentNlink(w, oldDirIno);
    incDirParentNlink(w, newDirIno);
  }
  dMove(w, rd.oldDentry, rd.newDir, rd.newLast);
}

/** fs/dcache.c: d_exchange — two hashed dentries swap parents and names. */
function dExchange(w: MWorld, a: DentryId, b: DentryId): void {
  const da = dentryOf(w, a);
  const db = dentryOf(w, b);
  const [pa, na, pb, nb] = [da.d_parent, da.d_name, db.d_parent, db.d_name];
  dDrop(w, a);
  dDrop(w, b);
  if (pa !== pb) {
    da.d_parent = pb;
    db.d_parent = pa;
  }
  da.d_name = nb;
  db.d_name = na;
  dRehash(w, a);
  dRehash(w, b);
}

/** fs/namei.c: do_renameat2. */
function doRenameat2(
  w: MWorld,
  pid: Pid,
  olddfd: number,
  oldname: string,
  newdfd: number,
  newname: string,
  flags: number,
): SysResult {
  const task = rTask(w, pid);
  const p = renameParents(w, task, olddfd, oldname, newdfd, newname, flags);
  if (!p.ok) return fail(p.errno);
  return renameLocked(w, task, p.value, flags);
}

/** Where do_renameat2 calls lock_rename: both parents (on one mount) and both last names. */
export interface PendingRename {
  readonly oldDir: Path;
  readonly oldLast: string;
  readonly oldSlash: boolean;
  readonly newDir: Path;
  readonly newLast: string;
  readonly newSlash: boolean;
}

/** do_renameat2 before lock_rename: the flags, both walks, EXDEV, the names' types, mnt_want_write. */
export function renameParents(
  w: RWorld,
  task: Task,
  olddfd: number,
  oldname: string,
  newdfd: number,
  newname: string,
  flags: number,
): Res<PendingRename> {
  if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) !== 0) return err('EINVAL');
  if ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) !== 0 && (flags & RENAME_EXCHANGE) !== 0) return err('EINVAL');
  const op = filenameParentat(w, task, olddfd, oldname);
  if (!op.ok) return op;
  const np = filenameParentat(w, task, newdfd, newname);
  if (!np.ok) return np;
  const o = op.value;
  const n = np.value;
  if (o.dir.kind !== 'path' || n.dir.kind !== 'path') {
    if (o.dir.kind === 'path' || n.dir.kind === 'path') return err('EXDEV'); // one side is on procfs
    // Both on procfs: the lookups (a missing fd is ENOENT from ->lookup), then vfs_rename's
    // may_delete on the 0500 fd directory (EACCES without CAP_DAC_OVERRIDE) and no ->rename (EPERM).
    const ol = lookupLast(w, task, o);
    if (!ol.ok) return ol;
    if (ol.value === null) return err('ENOENT');
    const nl = lookupLast(w, task, n);
    if (!nl.ok) return nl;
    return err(capable(task, CAP_DAC_OVERRIDE) ? 'EPERM' : 'EACCES');
  }
  if (o.dir.path.mnt !== n.dir.path.mnt) return err('EXDEV');
  if (o.lastType !== 'norm') return err('EBUSY');
  if (n.lastType !== 'norm') return err((flags & RENAME_NOREPLACE) !== 0 ? 'EEXIST' : 'EBUSY');
  if (mntIsReadonly(w, o.dir.path.mnt)) return err('EROFS');
  return val({
    oldDir: o.dir.path,
    oldLast: o.last,
    oldSlash: o.trailingSlash,
    newDir: n.dir.path,
    newLast: n.last,
    newSlash: n.trailingSlash,
  });
}

/** The inodes vfs_rename locks besides the parents: both for non-directories, else the target. */
export function renameVictimInodes(w: RWorld, p: PendingRename): InodeId[] {
  const src = dChild(rDentry(w, p.oldDir.dentry), p.oldLast);
  const dst = dChild(rDentry(w, p.newDir.dentry), p.newLast);
  const srcIno = src === undefined ? null : rDentry(w, src).d_inode;
  const dstIno = dst === undefined ? null : rDentry(w, dst).d_inode;
  const out: InodeId[] = [];
  if (srcIno !== null && rInode(w, srcIno).type !== 'dir') out.push(srcIno);
  if (dstIno !== null) out.push(dstIno);
  return out;
}

/** do_renameat2 under lock_rename, and vfs_rename: the lookups, the checks, the rename. */
export function renameLocked(w: MWorld, task: Task, p: PendingRename, flags: number): SysResult {
  const oldDir = p.oldDir.dentry;
  const newDir = p.newDir.dentry;
  const trap = lockRenameTrap(w, newDir, oldDir);
  const ol = lookupHash(w, oldDir, p.oldLast);
  if ('errno' in ol) return fail(ol.errno);
  if (ol.d === null) return fail('ENOENT');
  const oldDentry = ol.d;
  const nl = lookupHash(w, newDir, p.newLast);
  if ('errno' in nl) return fail(nl.errno);
  const newDentry = nl.d;
  const exchange = (flags & RENAME_EXCHANGE) !== 0;
  if ((flags & RENAME_NOREPLACE) !== 0 && newDentry !== null) return fail('EEXIST');
  if (exchange) {
    if (newDentry === null) return fail('ENOENT');
    if (!isDirDentry(w, newDentry) && p.newSlash) return fail('ENOTDIR');
  }
  // Unless the source is a directory, trailing slashes give ENOTDIR.
  if (!isDirDentry(w, oldDentry)) {
    if (p.oldSlash) return fail('ENOTDIR');
    if (!exchange && p.newSlash) return fail('ENOTDIR');
  }
  // The source must not be an ancestor of the target, nor the target of the source.
  if (oldDentry === trap) return fail('EINVAL');
  if (newDentry !== null && newDentry === trap) return fail(exchange ? 'EINVAL' : 'ENOTEMPTY');
  if ((flags & RENAME_WHITEOUT) !== 0) throw new Unmodelled('RENAME_WHITEOUT (overlayfs whiteouts)');
  // vfs_rename: the same inode under both names is a successful no-op.
  const srcIno = rDentry(w, oldDentry).d_inode;
  if (newDentry !== null && rDentry(w, newDentry).d_inode === srcIno) return ok(0);
  const rd: RenameData = { oldDir, oldDentry, newDir, newLast: p.newLast, newDentry, flags };
  const refused = vfsRenameCheck(w, task, rd);
  if (refused !== null) return fail(refused);
  vfsRename(w, rd);
  return ok(0);
}

export function sys_rename(w: MWorld, pid: Pid, sc: SyscallOf<'rename'>): SysResult {
  return doRenameat2(w, pid, AT_FDCWD, sc.oldpath, AT_FDCWD, sc.newpath, 0);
}

export function sys_renameat(w: MWorld, pid: Pid, sc: SyscallOf<'renameat'>): SysResult {
  return doRenameat2(w, pid, sc.olddirfd, sc.oldpath, sc.newdirfd, sc.newpath, 0);
}

export function sys_renameat2(w: MWorld, pid: Pid, sc: SyscallOf<'renameat2'>): SysResult {
  return doRenameat2(w, pid, sc.olddirfd, sc.oldpath, sc.newdirfd, sc.newpath, sc.flags);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const RENAME_CALLS: Handlers<'rename' | 'renameat' | 'renameat2'> = {
  rename: sys_rename,
  renameat: sys_renameat,
  renameat2: sys_renameat2,
};
