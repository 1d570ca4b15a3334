/**
 * Tasks: kernel/fork.c (fork, vfork, clone → kernel_clone → copy_process), kernel/exit.c (exit,
 * exit_group → do_exit), fs/open.c (chdir, fchdir) and kernel/sys.c (umask). The model keeps what
 * files and paths need: the fd table, root and pwd, umask, credentials and the mount namespace.
 *
 * The child's "return 0" is implicit: the new task simply starts running. vfork's parent really
 * sleeps until the child execs or exits; the model leaves it running, since a trace already orders
 * the calls the way they happened (the child's come first).
 */
import { AT_FDCWD } from '../../model/flags.js';
import { CLONE_VFORK, CLONE_VM } from '../../model/flags.js';
import type { Pid } from '../../model/ids.js';
import type { Path } from '../../model/mount.js';
import { filenameLookup, LOOKUP_DIRECTORY, LOOKUP_FOLLOW } from '../vfs/namei.js';
import { MAY_EXEC, inodePermission } from '../vfs/permission.js';
import { pathGet, pathPut } from '../vfs/refs.js';
import { Unmodelled } from '../../model/errors.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { copyProcess } from './fork.js';
import { doExit } from './exit.js';
import { fdLookup } from '../vfs/fdtable.js';
import { fileOf, rDentry, rInode, taskOf, type MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

export function sys_fork(w: MWorld, pid: Pid, sc: SyscallOf<'fork'>): SysResult {
  return copyProcess(w, pid, 0, sc.child);
}

/** kernel/fork.c: SYSCALL_DEFINE0(vfork) — CLONE_VFORK | CLONE_VM. */
export function sys_vfork(w: MWorld, pid: Pid, sc: SyscallOf<'vfork'>): SysResult {
  return copyProcess(w, pid, CLONE_VFORK | CLONE_VM, sc.child);
}

/** kernel/fork.c: SYSCALL_DEFINE5(clone) — the low byte (CSIGNAL) is the exit signal, not a flag. */
export function sys_clone(w: MWorld, pid: Pid, sc: SyscallOf<'clone'>): SysResult {
  const CSIGNAL = 0xff;
  return copyProcess(w, pid, sc.flags & ~CSIGNAL, sc.child);
}

/** kernel/exit.c: SYSCALL_DEFINE1(exit) — do_exit((error_code & 0xff) << 8). */
export function sys_exit(w: MWorld, pid: Pid, sc: SyscallOf<'exit'>): SysResult {
  doExit(w, pid, (sc.status & 0xff) << 8);
  return ok(0);
}

/**
 * kernel/exit.c: SYSCALL_DEFINE1(exit_group) — do_group_exit. The model has no thread groups (a
 * CLONE_THREAD child is a task of its own), so it is do_exit of the caller.
 */
export function sys_exit_group(w: MWorld, pid: Pid, sc: SyscallOf<'exit_group'>): SysResult {
  doExit(w, pid, (sc.status & 0xff) << 8);
  return ok(0);
}

/**
 * fs/open.c: SYSCALL_DEFINE1(chdir) — walk with LOOKUP_FOLLOW | LOOKUP_DIRECTORY, then
 * path_permission(MAY_EXEC | MAY_CHDIR), then set_fs_pwd.
 */
export function sys_chdir(w: MWorld, pid: Pid, sc: SyscallOf<'chdir'>): SysResult {
  const task = taskOf(w, pid);
  const r = filenameLookup(w, task, AT_FDCWD, sc.path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
  if (!r.ok) return fail(r.errno);
  if (r.value.kind !== 'path') throw new Unmodelled('chdir into /proc is not modelled');
  const path = r.value.path;
  const denied = mayChdir(w, pid, path);
  if (denied !== null) return fail(denied);
  setFsPwd(w, pid, path);
  return ok(0);
}

/**
 * fs/open.c: SYSCALL_DEFINE1(fchdir) — fdget_raw (O_PATH descriptors work), EBADF; a directory
 * (d_can_lookup) or ENOTDIR; file_permission(MAY_EXEC | MAY_CHDIR); set_fs_pwd.
 */
export function sys_fchdir(w: MWorld, pid: Pid, sc: SyscallOf<'fchdir'>): SysResult {
  const fileId = fdLookup(w, pid, sc.fd);
  if (fileId === null) return fail('EBADF');
  const f = fileOf(w, fileId);
  const ino = rDentry(w, f.f_path.dentry).d_inode;
  if (ino === null || rInode(w, ino).type !== 'dir') return fail('ENOTDIR');
  const path = { mnt: f.f_path.mnt, dentry: f.f_path.dentry };
  const denied = mayChdir(w, pid, path);
  if (denied !== null) return fail(denied);
  setFsPwd(w, pid, path);
  return ok(0);
}

/** MAY_EXEC | MAY_CHDIR: search permission on the new working directory. */
function mayChdir(w: MWorld, pid: Pid, path: Path): 'EACCES' | 'EPERM' | null {
  const ino = rDentry(w, path.dentry).d_inode;
  if (ino === null) return 'EACCES';
  const r = inodePermission(taskOf(w, pid), rInode(w, ino), MAY_EXEC);
  return r === 'ok' ? null : r;
}

/**
 * A cwd or umask change is answered only while the task's fs_struct is its own: shared by
 * clone(CLONE_FS) with a task still alive (exit_fs drops a dying task's share), the other task
 * would see the change, which the model's per-task copy cannot show.
 */
function fsChangeable(w: MWorld, pid: Pid, what: string): void {
  const id = taskOf(w, pid).fs_shared;
  if (id === undefined) return;
  for (const t of Object.values(w.tasks)) {
    if (t.pid !== pid && t.fs_shared === id && t.state !== 'zombie')
      throw new Unmodelled(
        `${what}: the fs_struct is shared with pid ${t.pid} by clone(CLONE_FS), which the model does not keep`,
      );
  }
}

/** fs/fs_struct.c: set_fs_pwd — take the new path before dropping the old one. */
function setFsPwd(w: MWorld, pid: Pid, path: Path): void {
  fsChangeable(w, pid, 'chdir');
  const task = taskOf(w, pid);
  const old = { mnt: task.pwd.mnt, dentry: task.pwd.dentry };
  pathGet(w, path);
  task.pwd = { mnt: path.mnt, dentry: path.dentry };
  pathPut(w, old);
}

/** kernel/sys.c: SYSCALL_DEFINE1(umask) — keeps only the 0777 bits, returns the old mask. */
export function sys_umask(w: MWorld, pid: Pid, sc: SyscallOf<'umask'>): SysResult {
  fsChangeable(w, pid, 'umask');
  const task = taskOf(w, pid);
  const old = task.umask;
  task.umask = sc.mask & 0o777;
  return ok(old);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const TASK_CALLS: Handlers<'chdir' | 'fchdir' | 'fork' | 'vfork' | 'clone' | 'exit' | 'exit_group' | 'umask'> = {
  chdir: sys_chdir,
  fchdir: sys_fchdir,
  fork: sys_fork,
  vfork: sys_vfork,
  clone: sys_clone,
  exit: sys_exit,
  exit_group: sys_exit_group,
  umask: sys_umask,
};
