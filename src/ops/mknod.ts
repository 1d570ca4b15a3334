// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_mknod(_w: MWorld, _pid: Pid, _sc: SyscallOf<'mknod'>): SysResult {
  throw new ModelBug('sys_mknod not implemented yet');
}

export function sys_mknodat(_w: MWorld, _pid: Pid, _sc: SyscallOf<'mknodat'>): SysResult {
  throw new ModelBug('sys_mknodat not implemented yet');
}
