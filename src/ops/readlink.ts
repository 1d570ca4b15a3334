// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_readlink(_w: MWorld, _pid: Pid, _sc: SyscallOf<'readlink'>): SysResult {
  throw new ModelBug('sys_readlink not implemented yet');
}

export function sys_readlinkat(_w: MWorld, _pid: Pid, _sc: SyscallOf<'readlinkat'>): SysResult {
  throw new ModelBug('sys_readlinkat not implemented yet');
}
