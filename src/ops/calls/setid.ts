/**
 * kernel/sys.c: the set*id calls — which ids a task may take, how the saved and fs ids follow,
 * and (security/commoncap.c: cap_task_fix_setuid) how the capabilities follow the uids. Every id
 * argument is a uid_t: -1 (4294967295) means "leave it" where the call allows, else EINVAL
 * (make_kuid of -1 is never valid). RLIMIT_NPROC (set_user, flag_nproc_exceeded) is not modelled.
 */
import { CAP_FS_MASK, CAP_SETGID, CAP_SETUID, capIntersect, capMinus, capUnion, type Cred } from '../../model/cred.js';
import type { Pid } from '../../model/ids.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import type { Handlers } from './handler.js';
import { capable, commitCreds, idArg } from '../vfs/cred.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import { taskOf, type MWorld } from '../vfs/world-draft.js';

type Ids = Omit<Cred, 'owner' | 'serial'>;

/**
 * security/commoncap.c: cap_emulate_setxuid — leaving every root uid drops the permitted and
 * effective sets; leaving euid 0 drops the effective set; gaining euid 0 raises it to permitted.
 */
function fixSetuid(old: Ids, next: Ids): Ids {
  let { cap_effective, cap_permitted } = next;
  const wasRoot = old.uid === 0 || old.euid === 0 || old.suid === 0;
  if (wasRoot && next.uid !== 0 && next.euid !== 0 && next.suid !== 0) {
    cap_permitted = 0;
    cap_effective = 0;
  }
  if (old.euid === 0 && next.euid !== 0) cap_effective = 0;
  if (old.euid !== 0 && next.euid === 0) cap_effective = cap_permitted;
  return { ...next, cap_effective, cap_permitted };
}

/** security/commoncap.c: cap_task_fix_setuid, LSM_SETID_FS — fsuid 0 carries CAP_FS_MASK. */
function fixSetfsuid(old: Ids, next: Ids): Ids {
  let eff = next.cap_effective;
  if (old.fsuid === 0 && next.fsuid !== 0) eff = capMinus(eff, CAP_FS_MASK);
  if (old.fsuid !== 0 && next.fsuid === 0) eff = capUnion(eff, capIntersect(CAP_FS_MASK, next.cap_permitted));
  return { ...next, cap_effective: eff };
}

function commit(w: MWorld, pid: Pid, next: Ids): SysResult {
  commitCreds(taskOf(w, pid), next);
  return ok(0);
}

/** kernel/sys.c: __sys_setuid — CAP_SETUID sets all three, else the real or saved uid only as euid. */
export function sys_setuid(w: MWorld, pid: Pid, sc: SyscallOf<'setuid'>): SysResult {
  const uid = idArg(sc.uid);
  if (uid === null) return fail('EINVAL');
  const task = taskOf(w, pid);
  const old = task.cred;
  let next: Ids = { ...old, fsuid: uid, euid: uid };
  if (capable(task, CAP_SETUID)) next = { ...next, uid, suid: uid };
  else if (uid !== old.uid && uid !== old.suid) return fail('EPERM');
  return commit(w, pid, fixSetuid(old, next));
}

/** kernel/sys.c: __sys_setgid — the same rule with CAP_SETGID; no capability follows gids. */
export function sys_setgid(w: MWorld, pid: Pid, sc: SyscallOf<'setgid'>): SysResult {
  const gid = idArg(sc.gid);
  if (gid === null) return fail('EINVAL');
  const task = taskOf(w, pid);
  const old = task.cred;
  if (capable(task, CAP_SETGID)) return commit(w, pid, { ...old, gid, egid: gid, sgid: gid, fsgid: gid });
  if (gid !== old.gid && gid !== old.sgid) return fail('EPERM');
  return commit(w, pid, { ...old, egid: gid, fsgid: gid });
}

/**
 * kernel/sys.c: __sys_setreuid — the real uid may become the real or effective one, the effective
 * any of the three (else CAP_SETUID); the saved uid follows the effective when the real one was
 * given or the effective one differs from the old real one.
 */
export function sys_setreuid(w: MWorld, pid: Pid, sc: SyscallOf<'setreuid'>): SysResult {
  const r = idArg(sc.ruid);
  const e = idArg(sc.euid);
  const task = taskOf(w, pid);
  const old = task.cred;
  const priv = capable(task, CAP_SETUID);
  if (r !== null && r !== old.uid && r !== old.euid && !priv) return fail('EPERM');
  if (e !== null && e !== old.uid && e !== old.euid && e !== old.suid && !priv) return fail('EPERM');
  const euid = e ?? old.euid;
  const suid = r !== null || (e !== null && e !== old.uid) ? euid : old.suid;
  return commit(w, pid, fixSetuid(old, { ...old, uid: r ?? old.uid, euid, suid, fsuid: euid }));
}

/** kernel/sys.c: __sys_setregid — setreuid's rule for gids, with CAP_SETGID. */
export function sys_setregid(w: MWorld, pid: Pid, sc: SyscallOf<'setregid'>): SysResult {
  const r = idArg(sc.rgid);
  const e = idArg(sc.egid);
  const task = taskOf(w, pid);
  const old = task.cred;
  const priv = capable(task, CAP_SETGID);
  if (r !== null && r !== old.gid && r !== old.egid && !priv) return fail('EPERM');
  if (e !== null && e !== old.gid && e !== old.egid && e !== old.sgid && !priv) return fail('EPERM');
  const egid = e ?? old.egid;
  const sgid = r !== null || (e !== null && e !== old.gid) ? egid : old.sgid;
  return commit(w, pid, { ...old, gid: r ?? old.gid, egid, sgid, fsgid: egid });
}

/** Is `v` none of the three ids (a new one, which needs the capability)? */
const isNew = (v: number | null, a: number, b: number, c: number): boolean =>
  v !== null && v !== a && v !== b && v !== c;

/**
 * kernel/sys.c: __sys_setresuid — each id may become any of the current three (else
 * CAP_SETUID); a call that changes nothing returns 0 without new credentials.
 */
export function sys_setresuid(w: MWorld, pid: Pid, sc: SyscallOf<'setresuid'>): SysResult {
  const [r, e, s] = [idArg(sc.ruid), idArg(sc.euid), idArg(sc.suid)];
  const task = taskOf(w, pid);
  const old = task.cred;
  const noop = (r === null || r === old.uid) && (e === null || (e === old.euid && e === old.fsuid));
  if (noop && (s === null || s === old.suid)) return ok(0);
  const anyNew = [r, e, s].some((v) => isNew(v, old.uid, old.euid, old.suid));
  if (anyNew && !capable(task, CAP_SETUID)) return fail('EPERM');
  const euid = e ?? old.euid;
  return commit(w, pid, fixSetuid(old, { ...old, uid: r ?? old.uid, euid, suid: s ?? old.suid, fsuid: euid }));
}

/** kernel/sys.c: __sys_setresgid — setresuid's rule for gids, with CAP_SETGID. */
export function sys_setresgid(w: MWorld, pid: Pid, sc: SyscallOf<'setresgid'>): SysResult {
  const [r, e, s] = [idArg(sc.rgid), idArg(sc.egid), idArg(sc.sgid)];
  const task = taskOf(w, pid);
  const old = task.cred;
  const noop = (r === null || r === old.gid) && (e === null || (e === old.egid && e === old.fsgid));
  if (noop && (s === null || s === old.sgid)) return ok(0);
  const anyNew = [r, e, s].some((v) => isNew(v, old.gid, old.egid, old.sgid));
  if (anyNew && !capable(task, CAP_SETGID)) return fail('EPERM');
  const egid = e ?? old.egid;
  return commit(w, pid, { ...old, gid: r ?? old.gid, egid, sgid: s ?? old.sgid, fsgid: egid });
}

/**
 * kernel/sys.c: __sys_setfsuid — returns the old fsuid whatever happens: the new one is taken
 * when it is one of the four ids or the task has CAP_SETUID, and differs from the old.
 */
export function sys_setfsuid(w: MWorld, pid: Pid, sc: SyscallOf<'setfsuid'>): SysResult {
  const task = taskOf(w, pid);
  const old = task.cred;
  const u = idArg(sc.fsuid);
  const allowed = u !== null && (isNew(u, old.uid, old.euid, old.suid) ? capable(task, CAP_SETUID) : true);
  if (u !== null && allowed && u !== old.fsuid) commitCreds(task, fixSetfsuid(old, { ...old, fsuid: u }));
  return ok(old.fsuid);
}

/** kernel/sys.c: __sys_setfsgid — setfsuid's rule for the fsgid, with CAP_SETGID. */
export function sys_setfsgid(w: MWorld, pid: Pid, sc: SyscallOf<'setfsgid'>): SysResult {
  const task = taskOf(w, pid);
  const old = task.cred;
  const g = idArg(sc.fsgid);
  const allowed = g !== null && (isNew(g, old.gid, old.egid, old.sgid) ? capable(task, CAP_SETGID) : true);
  if (g !== null && allowed && g !== old.fsgid) commitCreds(task, { ...old, fsgid: g });
  return ok(old.fsgid);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const SETID_CALLS: Handlers<
  'setuid' | 'setgid' | 'setreuid' | 'setregid' | 'setresuid' | 'setresgid' | 'setfsuid' | 'setfsgid'
> = {
  setuid: sys_setuid,
  setgid: sys_setgid,
  setreuid: sys_setreuid,
  setregid: sys_setregid,
  setresuid: sys_setresuid,
  setresgid: sys_setresgid,
  setfsuid: sys_setfsuid,
  setfsgid: sys_setfsgid,
};
