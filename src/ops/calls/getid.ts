/**
 * kernel/sys.c: the calls that read a task's ids. Each answers from the current (subjective)
 * credentials; with one user namespace, from_kuid_munged gives the id itself.
 */
import type { Pid } from '../../model/ids.js';
import { ok, type SysResult } from '../vfs/result.js';
import { taskOf, type MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

/** kernel/sys.c: getresuid — the real, effective and saved uid, through the three pointers. */
export function sys_getresuid(w: MWorld, pid: Pid): SysResult {
  const c = taskOf(w, pid).cred;
  return ok(0, { ids: [c.uid, c.euid, c.suid] });
}

/** kernel/sys.c: getresgid — the real, effective and saved gid. */
export function sys_getresgid(w: MWorld, pid: Pid): SysResult {
  const c = taskOf(w, pid).cred;
  return ok(0, { ids: [c.gid, c.egid, c.sgid] });
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const GETID_CALLS: Handlers<'getuid' | 'geteuid' | 'getgid' | 'getegid' | 'getresuid' | 'getresgid'> = {
  // kernel/sys.c: getuid, geteuid, getgid, getegid — the id is the return value.
  getuid: (w, pid) => ok(taskOf(w, pid).cred.uid),
  geteuid: (w, pid) => ok(taskOf(w, pid).cred.euid),
  getgid: (w, pid) => ok(taskOf(w, pid).cred.gid),
  getegid: (w, pid) => ok(taskOf(w, pid).cred.egid),
  getresuid: sys_getresuid,
  getresgid: sys_getresgid,
};
