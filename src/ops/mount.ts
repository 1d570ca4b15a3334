// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_mount(_w: MWorld, _pid: Pid, _sc: SyscallOf<'mount'>): SysResult {
  throw new ModelBug('sys_mount not implemented yet');
}

export function sys_umount2(_w: MWorld, _pid: Pid, _sc: SyscallOf<'umount2'>): SysResult {
  throw new ModelBug('sys_umount2 not implemented yet');
}
