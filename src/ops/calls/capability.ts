/**
 * kernel/capability.c: capget — a task's effective and permitted sets (security/commoncap.c:
 * cap_capget reads them from its credentials). The inheritable set is not modelled
 * (src/model/cred.ts) and not answered. On an unknown version the kernel also writes the one it
 * knows into the header; that output is not modelled.
 */
import { capIntersect } from '../../model/cred.js';
import type { Pid } from '../../model/ids.js';
import {
  _LINUX_CAPABILITY_VERSION_1,
  _LINUX_CAPABILITY_VERSION_2,
  _LINUX_CAPABILITY_VERSION_3,
} from '../../model/syscall/flag-sets.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

/** The low 32 capabilities: all a version 1 header carries (_LINUX_CAPABILITY_U32S_1). */
const LOW_WORD = 0xffffffff;

/**
 * kernel/capability.c: cap_validate_magic — how many 32-bit words of each set the version carries
 * (version 2 is 3's deprecated twin), or 0 for a version the kernel does not know.
 */
function wordsOf(version: number): number {
  if (version === _LINUX_CAPABILITY_VERSION_1) return 1;
  if (version === _LINUX_CAPABILITY_VERSION_2 || version === _LINUX_CAPABILITY_VERSION_3) return 2;
  return 0;
}

/**
 * kernel/capability.c: capget — a NULL data pointer answers 0 (a probe of the version, even a
 * wrong one); then an unknown version is EINVAL, a negative pid EINVAL, and cap_get_target_pid
 * reads the caller's sets for pid 0 or its own, another task's by pid (ESRCH when there is none).
 */
export function sys_capget(w: MWorld, pid: Pid, sc: SyscallOf<'capget'>): SysResult {
  const words = wordsOf(sc.version >>> 0);
  if (sc.dataptr === 0) return ok(0);
  if (words === 0) return fail('EINVAL');
  const target = sc.pid | 0;
  if (target < 0) return fail('EINVAL');
  const task = w.tasks[target === 0 ? pid : target];
  if (task === undefined) return fail('ESRCH');
  const shown = (set: number): number => (words === 1 ? capIntersect(set, LOW_WORD) : set);
  return ok(0, { caps: { effective: shown(task.cred.cap_effective), permitted: shown(task.cred.cap_permitted) } });
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const CAPABILITY_CALLS: Handlers<'capget'> = {
  capget: sys_capget,
};
