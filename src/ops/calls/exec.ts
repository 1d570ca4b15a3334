/**
 * fs/exec.c: execve, reduced to what it does to files. The program image is not modelled; the
 * caller (a trace) says whether the real execve succeeded, and only a successful one is applied:
 * begin_new_exec → unshare_files (a table shared by CLONE_FILES is copied first) →
 * do_close_on_exec (every close-on-exec descriptor is closed).
 */
import type { Pid } from '../../model/ids.js';
import { closeFd } from '../vfs/fdtable.js';
import { unshareFiles } from './fork.js';
import { ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { fdtableOf, taskOf, type MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

export function sys_execve(w: MWorld, pid: Pid, _sc: SyscallOf<'execve'>): SysResult {
  unshareFiles(w, pid);
  doCloseOnExec(w, pid);
  return ok(0);
}

/** fs/file.c: do_close_on_exec. */
function doCloseOnExec(w: MWorld, pid: Pid): void {
  const task = taskOf(w, pid);
  const table = fdtableOf(w, task.files);
  for (const [fd, entry] of Object.entries(table.fds)) {
    if (entry.cloexec) closeFd(w, task.files, Number(fd));
  }
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const EXEC_CALLS: Handlers<'execve'> = {
  execve: sys_execve,
};
