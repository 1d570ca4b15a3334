// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_dup(_w: MWorld, _pid: Pid, _sc: SyscallOf<'dup'>): SysResult {
  throw new ModelBug('sys_dup not implemented yet');
}

export function sys_dup2(_w: MWorld, _pid: Pid, _sc: SyscallOf<'dup2'>): SysResult {
  throw new ModelBug('sys_dup2 not implemented yet');
}

export function sys_dup3(_w: MWorld, _pid: Pid, _sc: SyscallOf<'dup3'>): SysResult {
  throw new ModelBug('sys_dup3 not implemented yet');
}

export function sys_fcntl(_w: MWorld, _pid: Pid, _sc: SyscallOf<'fcntl'>): SysResult {
  throw new ModelBug('sys_fcntl not implemented yet');
}
