// PLACEHOLDER: replaced by the real implementation of this syscall family.
import type { Pid } from '../model/ids.js';
import { ModelBug, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import type { MWorld } from './world-draft.js';

export function sys_stat(_w: MWorld, _pid: Pid, _sc: SyscallOf<'stat'>): SysResult {
  throw new ModelBug('sys_stat not implemented yet');
}

export function sys_lstat(_w: MWorld, _pid: Pid, _sc: SyscallOf<'lstat'>): SysResult {
  throw new ModelBug('sys_lstat not implemented yet');
}

export function sys_fstat(_w: MWorld, _pid: Pid, _sc: SyscallOf<'fstat'>): SysResult {
  throw new ModelBug('sys_fstat not implemented yet');
}

export function sys_newfstatat(_w: MWorld, _pid: Pid, _sc: SyscallOf<'newfstatat'>): SysResult {
  throw new ModelBug('sys_newfstatat not implemented yet');
}

export function sys_statx(_w: MWorld, _pid: Pid, _sc: SyscallOf<'statx'>): SysResult {
  throw new ModelBug('sys_statx not implemented yet');
}
