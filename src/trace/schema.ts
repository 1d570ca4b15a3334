/** The fields of each Syscall record (src/ops/syscalls.ts), for readers of native traces and scenarios. */
import type { SyscallName } from '../ops/syscalls.js';

export type FieldType = 'int' | 'bytes' | 'optint';

const I = 'int' as const;
const B = 'bytes' as const;
const O = 'optint' as const;

export const SYSCALL_FIELDS: Readonly<Record<SyscallName, Readonly<Record<string, FieldType>>>> = {
  open: { path: B, flags: I, mode: I },
  openat: { dirfd: I, path: B, flags: I, mode: I },
  creat: { path: B, mode: I },
  close: { fd: I },
  read: { fd: I, count: I },
  write: { fd: I, data: B },
  pread64: { fd: I, count: I, offset: I },
  pwrite64: { fd: I, data: B, offset: I },
  lseek: { fd: I, offset: I, whence: I },
  truncate: { path: B, length: I },
  ftruncate: { fd: I, length: I },
  stat: { path: B },
  lstat: { path: B },
  fstat: { fd: I },
  newfstatat: { dirfd: I, path: B, flags: I },
  statx: { dirfd: I, path: B, flags: I, mask: I },
  link: { oldpath: B, newpath: B },
  linkat: { olddirfd: I, oldpath: B, newdirfd: I, newpath: B, flags: I },
  unlink: { path: B },
  unlinkat: { dirfd: I, path: B, flags: I },
  mkdir: { path: B, mode: I },
  mkdirat: { dirfd: I, path: B, mode: I },
  rmdir: { path: B },
  rename: { oldpath: B, newpath: B },
  renameat: { olddirfd: I, oldpath: B, newdirfd: I, newpath: B },
  renameat2: { olddirfd: I, oldpath: B, newdirfd: I, newpath: B, flags: I },
  symlink: { target: B, linkpath: B },
  symlinkat: { target: B, newdirfd: I, linkpath: B },
  readlink: { path: B, bufsiz: I },
  readlinkat: { dirfd: I, path: B, bufsiz: I },
  mknod: { path: B, mode: I, dev: I },
  mknodat: { dirfd: I, path: B, mode: I, dev: I },
  chdir: { path: B },
  fchdir: { fd: I },
  dup: { fd: I },
  dup2: { oldfd: I, newfd: I },
  dup3: { oldfd: I, newfd: I, flags: I },
  fcntl: { fd: I, cmd: I, arg: I },
  fork: { child: O },
  vfork: { child: O },
  clone: { flags: I, child: O },
  execve: { filename: B },
  exit: { status: I },
  exit_group: { status: I },
  getdents64: { fd: I, count: I },
  umask: { mask: I },
  mount: { source: B, target: B, fstype: B, flags: I, data: B },
  umount2: { target: B, flags: I },
};
