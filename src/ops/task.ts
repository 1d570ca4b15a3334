// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_fork(_w: MWorld, _pid: Pid, _sc: SyscallOf<'fork'>): SysResult {
  throw new ModelBug('sys_fork not implemented yet');
}

export function sys_vfork(_w: MWorld, _pid: Pid, _sc: SyscallOf<'vfork'>): SysResult {
  throw new ModelBug('sys_vfork not implemented yet');
}

export function sys_clone(_w: MWorld, _pid: Pid, _sc: SyscallOf<'clone'>): SysResult {
  throw new ModelBug('sys_clone not implemented yet');
}

export function sys_exit(_w: MWorld, _pid: Pid, _sc: SyscallOf<'exit'>): SysResult {
  throw new ModelBug('sys_exit not implemented yet');
}

export function sys_exit_group(_w: MWorld, _pid: Pid, _sc: SyscallOf<'exit_group'>): SysResult {
  throw new ModelBug('sys_exit_group not implemented yet');
}

export function sys_chdir(_w: MWorld, _pid: Pid, _sc: SyscallOf<'chdir'>): SysResult {
  throw new ModelBug('sys_chdir not implemented yet');
}

export function sys_fchdir(_w: MWorld, _pid: Pid, _sc: SyscallOf<'fchdir'>): SysResult {
  throw new ModelBug('sys_fchdir not implemented yet');
}

export function sys_umask(_w: MWorld, _pid: Pid, _sc: SyscallOf<'umask'>): SysResult {
  throw new ModelBug('sys_umask not implemented yet');
}
