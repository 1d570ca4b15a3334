/** The syscall table: one handler per call, grouped by family module (arch/x86/entry/syscalls). */
import type { Pid } from '../../model/ids.js';
import type { SysResult } from '../vfs/result.js';
import type { SyscallName, SyscallOf } from '../../model/syscall/syscall.js';
import type { MWorld } from '../vfs/world-draft.js';
import { sys_close, sys_creat, sys_open, sys_openat, resume_open } from '../calls/open.js';
import {
  resume_write,
  sys_ftruncate,
  sys_lseek,
  sys_pread64,
  sys_pwrite64,
  sys_read,
  sys_truncate,
  sys_write,
} from '../calls/rw.js';
import { sys_fstat, sys_lstat, sys_newfstatat, sys_stat, sys_statx } from '../calls/stat.js';
import { sys_readlink, sys_readlinkat } from '../calls/readlink.js';
import { sys_getdents64 } from '../calls/readdir.js';
import { sys_link, sys_linkat } from '../calls/link.js';
import { sys_rmdir, sys_unlink, sys_unlinkat } from '../calls/unlink.js';
import { sys_mkdir, sys_mkdirat } from '../calls/mkdir.js';
import { sys_mknod, sys_mknodat } from '../calls/mknod.js';
import { sys_symlink, sys_symlinkat } from '../calls/symlink.js';
import { sys_rename, sys_renameat, sys_renameat2 } from '../calls/rename.js';
import {
  sys_chdir,
  sys_clone,
  sys_exit,
  sys_exit_group,
  sys_fchdir,
  sys_fork,
  sys_setgid,
  sys_setuid,
  sys_umask,
  sys_vfork,
} from '../calls/task.js';
import { sys_close_range, sys_dup, sys_dup2, sys_dup3, sys_fcntl } from '../calls/fd.js';
import { sys_mount, sys_umount2 } from '../calls/mount.js';
import { sys_fsconfig, sys_fsmount, sys_fsopen, sys_fspick } from '../calls/fsopen.js';
import { sys_execve } from '../calls/exec.js';
import { sys_copy_file_range } from '../calls/copy-file-range.js';
import { sys_sendfile } from '../calls/sendfile.js';
import { sys_splice } from '../calls/splice.js';

export type Handler<N extends SyscallName> = (w: MWorld, pid: Pid, sc: SyscallOf<N>) => SysResult;

export const HANDLERS: { readonly [N in SyscallName]: Handler<N> } = {
  open: sys_open,
  openat: sys_openat,
  creat: sys_creat,
  close: sys_close,
  read: sys_read,
  write: sys_write,
  pread64: sys_pread64,
  pwrite64: sys_pwrite64,
  lseek: sys_lseek,
  truncate: sys_truncate,
  ftruncate: sys_ftruncate,
  stat: sys_stat,
  lstat: sys_lstat,
  fstat: sys_fstat,
  newfstatat: sys_newfstatat,
  statx: sys_statx,
  link: sys_link,
  linkat: sys_linkat,
  unlink: sys_unlink,
  unlinkat: sys_unlinkat,
  mkdir: sys_mkdir,
  mkdirat: sys_mkdirat,
  rmdir: sys_rmdir,
  rename: sys_rename,
  renameat: sys_renameat,
  renameat2: sys_renameat2,
  symlink: sys_symlink,
  symlinkat: sys_symlinkat,
  readlink: sys_readlink,
  readlinkat: sys_readlinkat,
  mknod: sys_mknod,
  mknodat: sys_mknodat,
  chdir: sys_chdir,
  fchdir: sys_fchdir,
  dup: sys_dup,
  dup2: sys_dup2,
  dup3: sys_dup3,
  close_range: sys_close_range,
  fcntl: sys_fcntl,
  copy_file_range: sys_copy_file_range,
  sendfile: sys_sendfile,
  splice: sys_splice,
  fork: sys_fork,
  vfork: sys_vfork,
  clone: sys_clone,
  execve: sys_execve,
  exit: sys_exit,
  exit_group: sys_exit_group,
  getdents64: sys_getdents64,
  umask: sys_umask,
  setuid: sys_setuid,
  setgid: sys_setgid,
  mount: sys_mount,
  umount2: sys_umount2,
  fsopen: sys_fsopen,
  fspick: sys_fspick,
  fsconfig: sys_fsconfig,
  fsmount: sys_fsmount,
};

/**
 * How a sleeping call is retried. Most calls simply run again (a blocked read or write changed
 * nothing); a fifo open already holds its half-open file and only waits for a partner.
 */
export const RESUMERS: { readonly [N in SyscallName]: Handler<N> } = {
  ...HANDLERS,
  open: resume_open,
  openat: resume_open,
  creat: resume_open,
  write: resume_write,
};
