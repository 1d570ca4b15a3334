// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_symlink(_w: MWorld, _pid: Pid, _sc: SyscallOf<'symlink'>): SysResult {
  throw new ModelBug('sys_symlink not implemented yet');
}

export function sys_symlinkat(_w: MWorld, _pid: Pid, _sc: SyscallOf<'symlinkat'>): SysResult {
  throw new ModelBug('sys_symlinkat not implemented yet');
}
