// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_mkdir(_w: MWorld, _pid: Pid, _sc: SyscallOf<'mkdir'>): SysResult {
  throw new ModelBug('sys_mkdir not implemented yet');
}

export function sys_mkdirat(_w: MWorld, _pid: Pid, _sc: SyscallOf<'mkdirat'>): SysResult {
  throw new ModelBug('sys_mkdirat not implemented yet');
}
