/**
 * chmod, fchmod, fchmodat, chown, fchown, lchown and fchownat: fs/open.c (do_fchmodat,
 * chmod_common, do_fchownat, ksys_fchown, chown_common) on fs/attr.c's notify_change. 6.1's
 * fchmodat has no flags argument (fchmodat2 came in 6.6): a mode change always follows symlinks.
 */
import type { Errno } from '../../model/errno.js';
import { Unmodelled } from '../../model/errors.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW } from '../../model/flags.js';
import type { InodeId, Pid } from '../../model/ids.js';
import type { Path } from '../../model/mount.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import type { Task } from '../../model/task.js';
import { chmodMode, notifyChange, shouldDropSgid } from '../vfs/attr.js';
import { idArg } from '../vfs/cred.js';
import { fdget } from '../vfs/copy-checks.js';
import { filenameLookup, LOOKUP_EMPTY, LOOKUP_FOLLOW } from '../vfs/namei.js';
import { mntIsReadonly } from '../vfs/namespace.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import { rDentry, rFile, rInode, rTask, type MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

/** user_path_at: the path a name leads to, or why not (a /proc object itself is not modelled). */
export function userPathAt(w: MWorld, task: Task, dfd: number, name: string, how: number): Path | Errno {
  const r = filenameLookup(w, task, dfd, name, how);
  if (!r.ok) return r.errno;
  if (r.value.kind !== 'path') throw new Unmodelled(`a change of attributes of a /proc ${r.value.kind}`);
  return r.value.path;
}

export function inodeAt(w: MWorld, p: Path): InodeId {
  const ino = rDentry(w, p.dentry).d_inode;
  if (ino === null) throw new Unmodelled('a change of attributes on a negative dentry');
  return ino;
}

/** fs/open.c: chmod_common — mnt_want_write (EROFS), then notify_change with ATTR_MODE. */
function chmodCommon(w: MWorld, task: Task, p: Path, mode: number): SysResult {
  if (mntIsReadonly(w, p.mnt)) return fail('EROFS');
  const ino = inodeAt(w, p);
  const err = notifyChange(w, task, ino, { mode: chmodMode(rInode(w, ino), mode & 0xffff) });
  return err === null ? ok(0) : fail(err);
}

/**
 * fs/open.c: chown_common — the new owner and group; for anything but a directory also
 * ATTR_KILL_SUID and, when setattr_should_drop_sgid says so, ATTR_KILL_SGID (before the change).
 */
function chownCommon(w: MWorld, task: Task, p: Path, owner: number, group: number): SysResult {
  const ino = inodeAt(w, p);
  const inode = rInode(w, ino);
  const uid = idArg(owner) ?? undefined;
  const gid = idArg(group) ?? undefined;
  const notDir = inode.type !== 'dir';
  const err = notifyChange(w, task, ino, {
    ...(uid === undefined ? {} : { uid }),
    ...(gid === undefined ? {} : { gid }),
    killSuid: notDir,
    killSgid: notDir && shouldDropSgid(task, inode),
  });
  return err === null ? ok(0) : fail(err);
}

function doFchmodat(w: MWorld, pid: Pid, dfd: number, name: string, mode: number): SysResult {
  const task = rTask(w, pid);
  const p = userPathAt(w, task, dfd, name, LOOKUP_FOLLOW);
  return typeof p === 'string' ? fail(p) : chmodCommon(w, task, p, mode);
}

/** fs/open.c: do_fchownat — EINVAL for flags beyond AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH. */
function doFchownat(w: MWorld, pid: Pid, dfd: number, name: string, owner: number, group: number, flags: number) {
  if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) !== 0) return fail('EINVAL');
  let how = (flags & AT_SYMLINK_NOFOLLOW) !== 0 ? 0 : LOOKUP_FOLLOW;
  if ((flags & AT_EMPTY_PATH) !== 0) how |= LOOKUP_EMPTY;
  const task = rTask(w, pid);
  const p = userPathAt(w, task, dfd, name, how);
  if (typeof p === 'string') return fail(p);
  if (mntIsReadonly(w, p.mnt)) return fail('EROFS');
  return chownCommon(w, task, p, owner, group);
}

export const sys_chmod = (w: MWorld, pid: Pid, sc: SyscallOf<'chmod'>): SysResult =>
  doFchmodat(w, pid, AT_FDCWD, sc.path, sc.mode);

export const sys_fchmodat = (w: MWorld, pid: Pid, sc: SyscallOf<'fchmodat'>): SysResult =>
  doFchmodat(w, pid, sc.dirfd, sc.path, sc.mode);

/** fs/open.c: fchmod — fdget (EBADF, O_PATH included), then vfs_fchmod → chmod_common. */
export function sys_fchmod(w: MWorld, pid: Pid, sc: SyscallOf<'fchmod'>): SysResult {
  const file = fdget(w, pid, sc.fd);
  if (file === null) return fail('EBADF');
  return chmodCommon(w, rTask(w, pid), rFile(w, file).f_path, sc.mode);
}

export const sys_chown = (w: MWorld, pid: Pid, sc: SyscallOf<'chown'>): SysResult =>
  doFchownat(w, pid, AT_FDCWD, sc.path, sc.owner, sc.group, 0);

export const sys_lchown = (w: MWorld, pid: Pid, sc: SyscallOf<'lchown'>): SysResult =>
  doFchownat(w, pid, AT_FDCWD, sc.path, sc.owner, sc.group, AT_SYMLINK_NOFOLLOW);

export const sys_fchownat = (w: MWorld, pid: Pid, sc: SyscallOf<'fchownat'>): SysResult =>
  doFchownat(w, pid, sc.dirfd, sc.path, sc.owner, sc.group, sc.flags);

/** fs/open.c: ksys_fchown — fdget (EBADF), mnt_want_write_file (EROFS), chown_common. */
export function sys_fchown(w: MWorld, pid: Pid, sc: SyscallOf<'fchown'>): SysResult {
  const file = fdget(w, pid, sc.fd);
  if (file === null) return fail('EBADF');
  const p = rFile(w, file).f_path;
  if (mntIsReadonly(w, p.mnt)) return fail('EROFS');
  return chownCommon(w, rTask(w, pid), p, sc.owner, sc.group);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const ATTR_CALLS: Handlers<'chmod' | 'fchmod' | 'fchmodat' | 'chown' | 'fchown' | 'lchown' | 'fchownat'> = {
  chmod: sys_chmod,
  fchmod: sys_fchmod,
  fchmodat: sys_fchmodat,
  chown: sys_chown,
  fchown: sys_fchown,
  lchown: sys_lchown,
  fchownat: sys_fchownat,
};
