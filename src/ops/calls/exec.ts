/**
 * fs/exec.c: execve, reduced to what it does to files and credentials. The program image is not
 * modelled; the caller (a trace) says whether the real execve succeeded, and only a successful one
 * is applied: the new credentials (bprm_execve → security/commoncap.c: cap_bprm_creds_from_file),
 * then begin_new_exec → unshare_files (a table shared by CLONE_FILES is copied first) →
 * do_close_on_exec (every close-on-exec descriptor is closed). The program is taken to be neither
 * set-user-ID nor set-group-ID and to carry no file capabilities: its mode lies outside the model.
 */
import type { Pid } from '../../model/ids.js';
import { closeFd } from '../vfs/fdtable.js';
import { commitCreds } from '../vfs/cred.js';
import { unshareFiles } from './fork.js';
import { ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { fdtableOf, taskOf, type MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

export function sys_execve(w: MWorld, pid: Pid, _sc: SyscallOf<'execve'>): SysResult {
  execCreds(w, pid);
  unshareFiles(w, pid);
  doCloseOnExec(w, pid);
  return ok(0);
}

/**
 * security/commoncap.c: cap_bprm_creds_from_file for a program without file capabilities or
 * set-id bits: get_file_caps clears the permitted set, handle_privileged_root gives a task whose
 * real or effective uid is 0 the bounding set (effective too only for euid 0), and the saved and
 * fs ids become the effective ones. A new cred object (prepare_exec_creds, commit_creds).
 */
function execCreds(w: MWorld, pid: Pid): void {
  const task = taskOf(w, pid);
  const old = task.cred;
  const root = old.euid === 0 || old.uid === 0;
  const cap_permitted = root ? old.cap_bset : 0;
  const cap_effective = old.euid === 0 ? cap_permitted : 0;
  commitCreds(task, {
    ...old,
    suid: old.euid,
    fsuid: old.euid,
    sgid: old.egid,
    fsgid: old.egid,
    cap_permitted,
    cap_effective,
  });
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
