// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_unlink(_w: MWorld, _pid: Pid, _sc: SyscallOf<'unlink'>): SysResult {
  throw new ModelBug('sys_unlink not implemented yet');
}

export function sys_unlinkat(_w: MWorld, _pid: Pid, _sc: SyscallOf<'unlinkat'>): SysResult {
  throw new ModelBug('sys_unlinkat not implemented yet');
}

export function sys_rmdir(_w: MWorld, _pid: Pid, _sc: SyscallOf<'rmdir'>): SysResult {
  throw new ModelBug('sys_rmdir not implemented yet');
}
