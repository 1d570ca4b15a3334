// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_link(_w: MWorld, _pid: Pid, _sc: SyscallOf<'link'>): SysResult {
  throw new ModelBug('sys_link not implemented yet');
}

export function sys_linkat(_w: MWorld, _pid: Pid, _sc: SyscallOf<'linkat'>): SysResult {
  throw new ModelBug('sys_linkat not implemented yet');
}
