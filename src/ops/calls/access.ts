/**
 * access, faccessat and faccessat2: fs/open.c do_faccessat — may the caller read, write or execute
 * what a path names? The answer is inode_permission's, asked (lookup included) with the real ids
 * unless AT_EACCESS: access_override_creds sets fsuid and fsgid to the real uid and gid, and
 * clears the effective capabilities for a real uid other than 0 (root's become its permitted set).
 * A user namespace's or an idmapped mount's ids are not modelled.
 */
import type { Errno } from '../../model/errno.js';
import { ModelBug, Unmodelled } from '../../model/errors.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW } from '../../model/flags.js';
import type { MountId, Pid } from '../../model/ids.js';
import { MNT_NOEXEC, type Path } from '../../model/mount.js';
import { AT_EACCESS, F_OK } from '../../model/syscall/flag-sets.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import type { Task } from '../../model/task.js';
import { filenameLookup, LOOKUP_EMPTY, LOOKUP_FOLLOW } from '../vfs/namei.js';
import { mntIsReadonly } from '../vfs/namespace.js';
import { MAY_EXEC, MAY_WRITE, inodePermission, sbPermission } from '../vfs/permission.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import { rDentry, rInode, rMount, rSb, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

/** include/uapi/linux/stat.h: S_IRWXO, the only mode bits access takes (R_OK, W_OK, X_OK). */
const S_IRWXO = 0o7;
const FACCESSAT_FLAGS = AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH;

/**
 * fs/exec.c: path_noexec — a noexec mount (MNT_NOEXEC); SB_I_NOEXEC, the other half, is set by no
 * file system the model has (procfs and sysfs set it).
 */
function pathNoexec(w: RWorld, mnt: MountId): boolean {
  return (rMount(w, mnt).mnt_flags & MNT_NOEXEC) !== 0;
}

/**
 * The checks after the lookup: noexec for X_OK on a regular file (EACCES, before any permission),
 * inode_permission (sb_permission's EROFS for a read-only superblock, the immutable flag's EPERM,
 * then the mode bits and root's capabilities: generic_permission), and last, for W_OK, a read-only
 * mount or superblock (__mnt_is_readonly) — EROFS for anything but a special file, which a write
 * does not reach the file system through.
 */
function mayAccess(w: RWorld, task: Task, path: Path, mode: number): Errno | null {
  const ino = rDentry(w, path.dentry).d_inode;
  if (ino === null) throw new ModelBug(`access: the walk ended on negative dentry ${path.dentry}`);
  const inode = rInode(w, ino);
  if ((mode & MAY_EXEC) !== 0 && inode.type === 'reg' && pathNoexec(w, path.mnt)) return 'EACCES';
  const sb = sbPermission(rSb(w, inode.i_sb), inode, mode);
  if (sb !== 'ok') return sb;
  const perm = inodePermission(task, inode, mode);
  if (perm !== 'ok') return perm;
  if ((mode & MAY_WRITE) === 0 || inode.type === 'fifo') return null;
  return mntIsReadonly(w, path.mnt) ? 'EROFS' : null;
}

/**
 * fs/open.c: do_faccessat — EINVAL for mode bits beyond S_IRWXO, then for flags beyond AT_EACCESS,
 * AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH (both before the name is looked at); the lookup follows a
 * trailing symlink unless AT_SYMLINK_NOFOLLOW, takes an empty name as the dirfd's own file with
 * AT_EMPTY_PATH (ENOENT without it); then mayAccess.
 */
function doFaccessat(w: MWorld, pid: Pid, dfd: number, name: string, mode: number, flags: number): SysResult {
  if ((mode & ~S_IRWXO) !== 0) return fail('EINVAL');
  if ((flags & ~FACCESSAT_FLAGS) !== 0) return fail('EINVAL');
  let how = (flags & AT_SYMLINK_NOFOLLOW) !== 0 ? 0 : LOOKUP_FOLLOW;
  if ((flags & AT_EMPTY_PATH) !== 0) how |= LOOKUP_EMPTY;
  const task = (flags & AT_EACCESS) !== 0 ? rTask(w, pid) : accessOverrideCreds(rTask(w, pid));
  const r = filenameLookup(w, task, dfd, name, how);
  if (!r.ok) return fail(r.errno);
  if (r.value.kind !== 'path') {
    // A /proc object itself (a magic link not followed, a /proc directory): it exists, which is
    // all F_OK asks; its own mode and owner (fs/proc: task_dump_owner) are not modelled.
    if (mode === F_OK) return ok(0);
    throw new Unmodelled(`access with a mode to a /proc ${r.value.kind} itself (its inode's mode and owner)`);
  }
  const denied = mayAccess(w, task, r.value.path, mode);
  return denied === null ? ok(0) : fail(denied);
}

/** fs/open.c: access_override_creds — the task as do_faccessat asks for it without AT_EACCESS. */
function accessOverrideCreds(task: Task): Task {
  const c = task.cred;
  const cap_effective = c.uid === 0 ? c.cap_permitted : 0;
  return { ...task, cred: { ...c, fsuid: c.uid, fsgid: c.gid, cap_effective } };
}

export function sys_access(w: MWorld, pid: Pid, sc: SyscallOf<'access'>): SysResult {
  return doFaccessat(w, pid, AT_FDCWD, sc.path, sc.mode, 0);
}

/** The 6.1 syscall has no flags argument (glibc's faccessat with flags calls faccessat2). */
export function sys_faccessat(w: MWorld, pid: Pid, sc: SyscallOf<'faccessat'>): SysResult {
  return doFaccessat(w, pid, sc.dirfd, sc.path, sc.mode, 0);
}

export function sys_faccessat2(w: MWorld, pid: Pid, sc: SyscallOf<'faccessat2'>): SysResult {
  return doFaccessat(w, pid, sc.dirfd, sc.path, sc.mode, sc.flags);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const ACCESS_CALLS: Handlers<'access' | 'faccessat' | 'faccessat2'> = {
  access: sys_access,
  faccessat: sys_faccessat,
  faccessat2: sys_faccessat2,
};
