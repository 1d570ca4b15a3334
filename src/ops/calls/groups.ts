/**
 * kernel/groups.c: a task's supplementary groups. setgroups replaces them (CAP_SETGID, sorted,
 * duplicates kept) and getgroups copies them out. setgroups reads its list as the bytes of a
 * gid_t array (src/model/syscall/gid-list.ts): a list shorter than the count faults as get_user
 * past the caller's buffer does. One user namespace: every gid maps (make_kgid) but
 * (gid_t)-1, and userns_may_setgroups always allows.
 */
import { CAP_SETGID } from '../../model/cred.js';
import type { Pid } from '../../model/ids.js';
import { gidsOf, NGROUPS_MAX } from '../../model/syscall/gid-list.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { capable, commitCreds } from '../vfs/cred.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import { taskOf, type MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

const GID_INVALID = 0xffffffff;

/**
 * kernel/groups.c: setgroups — may_setgroups (CAP_SETGID) before the size (NGROUPS_MAX, the int
 * taken unsigned, so a negative one too), then groups_from_user gid by gid, groups_sort, and
 * set_current_groups, which commits new credentials whatever the list.
 */
export function sys_setgroups(w: MWorld, pid: Pid, sc: SyscallOf<'setgroups'>): SysResult {
  const task = taskOf(w, pid);
  if (!capable(task, CAP_SETGID)) return fail('EPERM');
  const size = sc.gidsetsize >>> 0;
  if (size > NGROUPS_MAX) return fail('EINVAL');
  const list = gidsOf(sc.grouplist);
  const groups: number[] = [];
  for (let i = 0; i < size; i++) {
    const gid = list[i];
    if (gid === undefined) return fail('EFAULT');
    if (gid === GID_INVALID) return fail('EINVAL');
    groups.push(gid);
  }
  groups.sort((a, b) => a - b);
  commitCreds(task, { ...task.cred, groups });
  return ok(0);
}

/**
 * kernel/groups.c: getgroups — the count; with a size, EINVAL when the groups do not fit, else
 * they are copied out (EFAULT only when there is one to copy to a NULL list).
 */
export function sys_getgroups(w: MWorld, pid: Pid, sc: SyscallOf<'getgroups'>): SysResult {
  const groups = taskOf(w, pid).cred.groups;
  const size = sc.gidsetsize | 0;
  if (size < 0) return fail('EINVAL');
  if (size === 0) return ok(groups.length);
  if (groups.length > size) return fail('EINVAL');
  if (groups.length > 0 && sc.grouplist === 0) return fail('EFAULT');
  return ok(groups.length, { groups: [...groups] });
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const GROUPS_CALLS: Handlers<'setgroups' | 'getgroups'> = {
  setgroups: sys_setgroups,
  getgroups: sys_getgroups,
};
