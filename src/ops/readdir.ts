// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_getdents64(_w: MWorld, _pid: Pid, _sc: SyscallOf<'getdents64'>): SysResult {
  throw new ModelBug('sys_getdents64 not implemented yet');
}
