// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_rename(_w: MWorld, _pid: Pid, _sc: SyscallOf<'rename'>): SysResult {
  throw new ModelBug('sys_rename not implemented yet');
}

export function sys_renameat(_w: MWorld, _pid: Pid, _sc: SyscallOf<'renameat'>): SysResult {
  throw new ModelBug('sys_renameat not implemented yet');
}

export function sys_renameat2(_w: MWorld, _pid: Pid, _sc: SyscallOf<'renameat2'>): SysResult {
  throw new ModelBug('sys_renameat2 not implemented yet');
}
