// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_read(_w: MWorld, _pid: Pid, _sc: SyscallOf<'read'>): SysResult {
  throw new ModelBug('sys_read not implemented yet');
}

export function sys_write(_w: MWorld, _pid: Pid, _sc: SyscallOf<'write'>): SysResult {
  throw new ModelBug('sys_write not implemented yet');
}

export function sys_pread64(_w: MWorld, _pid: Pid, _sc: SyscallOf<'pread64'>): SysResult {
  throw new ModelBug('sys_pread64 not implemented yet');
}

export function sys_pwrite64(_w: MWorld, _pid: Pid, _sc: SyscallOf<'pwrite64'>): SysResult {
  throw new ModelBug('sys_pwrite64 not implemented yet');
}

export function sys_lseek(_w: MWorld, _pid: Pid, _sc: SyscallOf<'lseek'>): SysResult {
  throw new ModelBug('sys_lseek not implemented yet');
}

export function sys_truncate(_w: MWorld, _pid: Pid, _sc: SyscallOf<'truncate'>): SysResult {
  throw new ModelBug('sys_truncate not implemented yet');
}

export function sys_ftruncate(_w: MWorld, _pid: Pid, _sc: SyscallOf<'ftruncate'>): SysResult {
  throw new ModelBug('sys_ftruncate not implemented yet');
}
