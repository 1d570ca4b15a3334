// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_open(_w: MWorld, _pid: Pid, _sc: SyscallOf<'open'>): SysResult {
  throw new ModelBug('sys_open not implemented yet');
}

export function sys_openat(_w: MWorld, _pid: Pid, _sc: SyscallOf<'openat'>): SysResult {
  throw new ModelBug('sys_openat not implemented yet');
}

export function sys_creat(_w: MWorld, _pid: Pid, _sc: SyscallOf<'creat'>): SysResult {
  throw new ModelBug('sys_creat not implemented yet');
}

export function sys_close(_w: MWorld, _pid: Pid, _sc: SyscallOf<'close'>): SysResult {
  throw new ModelBug('sys_close not implemented yet');
}

export function resume_open(_w: MWorld, _pid: Pid, _sc: SyscallOf<'open' | 'openat'>): SysResult {
  throw new ModelBug('resume_open not implemented yet');
}
