/**
 * unlink, unlinkat and rmdir: fs/namei.c do_unlinkat / vfs_unlink and do_rmdir / vfs_rmdir, with
 * the file systems' unlink and rmdir (ext4_unlink, ext4_rmdir, btrfs_unlink, simple_rmdir).
 */
import { CAP_DAC_OVERRIDE } from '../../model/cred.js';
import type { Errno } from '../../model/errno.js';
import { AT_FDCWD, AT_REMOVEDIR } from '../../model/flags.js';
import type { DentryId, Pid } from '../../model/ids.js';
import { S_DEAD } from '../../model/inode.js';
import { hasBug } from '../../model/kernel.js';
import type { Path } from '../../model/mount.js';
import type { Task } from '../../model/task.js';
import { dDelete } from '../vfs/dcache.js';
import { decDirParentNlink } from '../vfs/inode-init.js';
import { mayDelete } from '../vfs/may-delete.js';
import { filenameParentat, lookupLast, NAME_MAX, type Parent } from '../vfs/namei.js';
import { detachMounts, isLocalMountpoint, mntIsReadonly } from '../vfs/namespace.js';
import { capable } from '../vfs/cred.js';
import { clearNlink, dropNlink, orphanAdd } from '../vfs/refs.js';
import { err, fail, ok, val, type Res, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { inodeOf, kernelOf, rDentry, rInode, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';
import { dChild } from '../vfs/d-children.js';
import type { Handlers } from './handler.js';

/** What the last component of a remove names: an errno, or the dentry (possibly negative). */
type Victim = { readonly ok: false; readonly errno: Errno } | { readonly ok: true; readonly d: DentryId | null };

/**
 * The modelled procfs: /proc/PID/fd/N can be looked up but its directory has no ->unlink or
 * ->rmdir (vfs_unlink: EPERM once may_delete passed, which needs CAP_DAC_OVERRIDE on the 0500
 * directory; EACCES without it).
 */
function procRemove(w: RWorld, task: Task, p: Parent): Errno {
  const looked = lookupLast(w, task, p);
  if (!looked.ok) return looked.errno;
  if (looked.value === null) return 'ENOENT';
  return capable(task, CAP_DAC_OVERRIDE) ? 'EPERM' : 'EACCES';
}

/** __lookup_hash on the parent: a dead directory is ENOENT, an over-long name ENAMETOOLONG. */
function lookupVictim(w: RWorld, dir: DentryId, last: string): Victim {
  const dirIno = rDentry(w, dir).d_inode;
  const child = dChild(rDentry(w, dir), last);
  if (child !== undefined && rDentry(w, child).d_inode !== null) return { ok: true, d: child };
  if (dirIno === null || (rInode(w, dirIno).i_flags & S_DEAD) !== 0) return { ok: false, errno: 'ENOENT' };
  if (last.length > NAME_MAX) return { ok: false, errno: 'ENAMETOOLONG' };
  return { ok: true, d: null };
}

/**
 * The effect of removing a non-directory's name (ext4_unlink, btrfs_unlink, shmem_unlink): one link
 * fewer; at 0 a file system with orphan lists records the inode (ext4_orphan_add), and d_delete
 * unhashes the dentry, freeing the inode now if nobody holds it.
 */
export function unlinkName(w: MWorld, victim: DentryId): void {
  const ino = rDentry(w, victim).d_inode;
  if (ino === null) return;
  // Seeded bug 'unlink-orphan-before-drop' asks before drop_nlink, when i_nlink is still 1.
  const early = hasBug(kernelOf(w), 'unlink-orphan-before-drop');
  const lastBeforeDrop = inodeOf(w, ino).i_nlink === 0;
  dropNlink(w, ino);
  if (early ? lastBeforeDrop : inodeOf(w, ino).i_nlink === 0) orphanAdd(w, ino);
  detachMounts(w, victim);
  dDelete(w, victim);
}

/**
 * The effect of removing an empty directory (vfs_rmdir after ->rmdir): S_DEAD, i_nlink 0 (ext4 and
 * btrfs put it on the orphan list while in use), the parent loses the ".." link, mounts of other
 * namespaces on it are detached, the dentry goes.
 */
export function rmdirName(w: MWorld, parentDir: DentryId, victim: DentryId): void {
  const ino = rDentry(w, victim).d_inode;
  const parentIno = rDentry(w, parentDir).d_inode;
  if (ino === null || parentIno === null) return;
  clearNlink(w, ino);
  inodeOf(w, ino).i_flags |= S_DEAD;
  orphanAdd(w, ino);
  decDirParentNlink(w, parentIno);
  detachMounts(w, victim);
  dDelete(w, victim);
}

/** simple_empty / ext4_empty_dir: a directory with no names in it. */
export function dirIsEmpty(w: RWorld, d: DentryId): boolean {
  return Object.values(rDentry(w, d).d_children).every((c) => rDentry(w, c).d_inode === null);
}

/** Where do_unlinkat and do_rmdir take the parent's lock: the parent and the name to remove. */
export interface PendingRemove {
  readonly dir: Path;
  readonly last: string;
  readonly trailingSlash: boolean;
}

/** fs/namei.c: do_unlinkat. */
function doUnlinkat(w: MWorld, pid: Pid, dfd: number, name: string): SysResult {
  const task = rTask(w, pid);
  const p = unlinkParent(w, task, dfd, name);
  if (!p.ok) return fail(p.errno);
  const v = unlinkVictim(w, task, p.value);
  if (!v.ok) return fail(v.errno);
  unlinkName(w, v.value);
  return ok(0);
}

/** do_unlinkat before inode_lock_nested(parent): the walk, the last name's type, mnt_want_write. */
export function unlinkParent(w: RWorld, task: Task, dfd: number, name: string): Res<PendingRemove> {
  const parent = filenameParentat(w, task, dfd, name);
  if (!parent.ok) return parent;
  const p = parent.value;
  if (p.lastType !== 'norm') return err('EISDIR');
  if (p.dir.kind !== 'path') return err(procRemove(w, task, p));
  if (mntIsReadonly(w, p.dir.path.mnt)) return err('EROFS');
  return val({ dir: p.dir.path, last: p.last, trailingSlash: p.trailingSlash });
}

/** do_unlinkat under the parent's lock: the lookup and vfs_unlink's checks; the victim dentry. */
export function unlinkVictim(w: RWorld, task: Task, p: PendingRemove): Res<DentryId> {
  const v = lookupVictim(w, p.dir.dentry, p.last);
  if (!v.ok) return err(v.errno);
  // "Why not before? Because we want correct error value": trailing slashes and negatives.
  if (v.d === null) return err('ENOENT');
  if (p.trailingSlash) {
    const ino = rDentry(w, v.d).d_inode;
    return err(ino !== null && rInode(w, ino).type === 'dir' ? 'EISDIR' : 'ENOTDIR');
  }
  const denied = mayDelete(w, task, p.dir.dentry, v.d, false);
  if (denied !== null) return err(denied);
  // vfs_unlink: a mountpoint of the caller's namespace is busy.
  if (isLocalMountpoint(w, task, v.d)) return err('EBUSY');
  return val(v.d);
}

/** fs/namei.c: do_rmdir. */
function doRmdir(w: MWorld, pid: Pid, dfd: number, name: string): SysResult {
  const task = rTask(w, pid);
  const p = rmdirParent(w, task, dfd, name);
  if (!p.ok) return fail(p.errno);
  const v = rmdirVictim(w, task, p.value);
  if (!v.ok) return fail(v.errno);
  rmdirName(w, p.value.dir.dentry, v.value);
  return ok(0);
}

/** do_rmdir before inode_lock_nested(parent): the walk, ".", ".." and "/", mnt_want_write. */
export function rmdirParent(w: RWorld, task: Task, dfd: number, name: string): Res<PendingRemove> {
  const parent = filenameParentat(w, task, dfd, name);
  if (!parent.ok) return parent;
  const p = parent.value;
  if (p.lastType === 'dotdot') return err('ENOTEMPTY');
  if (p.lastType === 'dot') return err('EINVAL');
  if (p.lastType === 'root') return err('EBUSY');
  if (p.dir.kind !== 'path') return err(procRemove(w, task, p));
  if (mntIsReadonly(w, p.dir.path.mnt)) return err('EROFS');
  return val({ dir: p.dir.path, last: p.last, trailingSlash: p.trailingSlash });
}

/** do_rmdir under the parent's lock, and vfs_rmdir under the victim's: the directory to remove. */
export function rmdirVictim(w: RWorld, task: Task, p: PendingRemove): Res<DentryId> {
  const v = lookupVictim(w, p.dir.dentry, p.last);
  if (!v.ok) return err(v.errno);
  if (v.d === null) return err('ENOENT');
  const denied = mayDelete(w, task, p.dir.dentry, v.d, true);
  if (denied !== null) return err(denied);
  // vfs_rmdir: a mountpoint of the caller's namespace is busy; then ->rmdir wants it empty.
  if (isLocalMountpoint(w, task, v.d)) return err('EBUSY');
  if (!dirIsEmpty(w, v.d)) return err('ENOTEMPTY');
  return val(v.d);
}

export function sys_unlink(w: MWorld, pid: Pid, sc: SyscallOf<'unlink'>): SysResult {
  return doUnlinkat(w, pid, AT_FDCWD, sc.path);
}

/** fs/namei.c: SYSCALL_DEFINE3(unlinkat) — only AT_REMOVEDIR is a valid flag. */
export function sys_unlinkat(w: MWorld, pid: Pid, sc: SyscallOf<'unlinkat'>): SysResult {
  if ((sc.flags & ~AT_REMOVEDIR) !== 0) return fail('EINVAL');
  if ((sc.flags & AT_REMOVEDIR) !== 0) return doRmdir(w, pid, sc.dirfd, sc.path);
  return doUnlinkat(w, pid, sc.dirfd, sc.path);
}

export function sys_rmdir(w: MWorld, pid: Pid, sc: SyscallOf<'rmdir'>): SysResult {
  return doRmdir(w, pid, AT_FDCWD, sc.path);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const UNLINK_CALLS: Handlers<'unlink' | 'unlinkat' | 'rmdir'> = {
  unlink: sys_unlink,
  unlinkat: sys_unlinkat,
  rmdir: sys_rmdir,
};
