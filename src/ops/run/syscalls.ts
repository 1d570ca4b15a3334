/**
 * Syscalls as data: one record per call, named and shaped like the kernel's entry points (strace
 * names, x86_64). Every front end — native traces, strace replay, scenarios, the explorers, the
 * QEMU executor — produces and consumes these records. Byte buffers are latin1 strings.
 */
export type Syscall =
  | { readonly call: 'open'; readonly path: string; readonly flags: number; readonly mode: number }
  | {
      readonly call: 'openat';
      readonly dirfd: number;
      readonly path: string;
      readonly flags: number;
      readonly mode: number;
    }
  | { readonly call: 'creat'; readonly path: string; readonly mode: number }
  | { readonly call: 'close'; readonly fd: number }
  | { readonly call: 'read'; readonly fd: number; readonly count: number }
  | { readonly call: 'write'; readonly fd: number; readonly data: string }
  | { readonly call: 'pread64'; readonly fd: number; readonly count: number; readonly offset: number }
  | { readonly call: 'pwrite64'; readonly fd: number; readonly data: string; readonly offset: number }
  | { readonly call: 'lseek'; readonly fd: number; readonly offset: number; readonly whence: number }
  | { readonly call: 'truncate'; readonly path: string; readonly length: number }
  | { readonly call: 'ftruncate'; readonly fd: number; readonly length: number }
  | { readonly call: 'stat'; readonly path: string }
  | { readonly call: 'lstat'; readonly path: string }
  | { readonly call: 'fstat'; readonly fd: number }
  | { readonly call: 'newfstatat'; readonly dirfd: number; readonly path: string; readonly flags: number }
  | {
      readonly call: 'statx';
      readonly dirfd: number;
      readonly path: string;
      readonly flags: number;
      readonly mask: number;
    }
  | { readonly call: 'link'; readonly oldpath: string; readonly newpath: string }
  | {
      readonly call: 'linkat';
      readonly olddirfd: number;
      readonly oldpath: string;
      readonly newdirfd: number;
      readonly newpath: string;
      readonly flags: number;
    }
  | { readonly call: 'unlink'; readonly path: string }
  | { readonly call: 'unlinkat'; readonly dirfd: number; readonly path: string; readonly flags: number }
  | { readonly call: 'mkdir'; readonly path: string; readonly mode: number }
  | { readonly call: 'mkdirat'; readonly dirfd: number; readonly path: string; readonly mode: number }
  | { readonly call: 'rmdir'; readonly path: string }
  | { readonly call: 'rename'; readonly oldpath: string; readonly newpath: string }
  | {
      readonly call: 'renameat';
      readonly olddirfd: number;
      readonly oldpath: string;
      readonly newdirfd: number;
      readonly newpath: string;
    }
  | {
      readonly call: 'renameat2';
      readonly olddirfd: number;
      readonly oldpath: string;
      readonly newdirfd: number;
      readonly newpath: string;
      readonly flags: number;
    }
  | { readonly call: 'symlink'; readonly target: string; readonly linkpath: string }
  | { readonly call: 'symlinkat'; readonly target: string; readonly newdirfd: number; readonly linkpath: string }
  | { readonly call: 'readlink'; readonly path: string; readonly bufsiz: number }
  | { readonly call: 'readlinkat'; readonly dirfd: number; readonly path: string; readonly bufsiz: number }
  | { readonly call: 'mknod'; readonly path: string; readonly mode: number; readonly dev: number }
  | {
      readonly call: 'mknodat';
      readonly dirfd: number;
      readonly path: string;
      readonly mode: number;
      readonly dev: number;
    }
  | { readonly call: 'chdir'; readonly path: string }
  | { readonly call: 'fchdir'; readonly fd: number }
  | { readonly call: 'dup'; readonly fd: number }
  | { readonly call: 'dup2'; readonly oldfd: number; readonly newfd: number }
  | { readonly call: 'dup3'; readonly oldfd: number; readonly newfd: number; readonly flags: number }
  | { readonly call: 'close_range'; readonly fd: number; readonly max_fd: number; readonly flags: number }
  | { readonly call: 'fcntl'; readonly fd: number; readonly cmd: number; readonly arg: number }
  /** In-kernel copies. An absent offset is a NULL pointer: the file's position is used and moved. */
  | {
      readonly call: 'copy_file_range';
      readonly fd_in: number;
      readonly off_in?: number;
      readonly fd_out: number;
      readonly off_out?: number;
      readonly len: number;
      readonly flags: number;
    }
  | {
      readonly call: 'splice';
      readonly fd_in: number;
      readonly off_in?: number;
      readonly fd_out: number;
      readonly off_out?: number;
      readonly len: number;
      readonly flags: number;
    }
  | {
      readonly call: 'sendfile';
      readonly out_fd: number;
      readonly in_fd: number;
      readonly offset?: number;
      readonly count: number;
    }
  /** `child`: the pid the new task gets (strace replay keeps real pids); else the next free pid. */
  | { readonly call: 'fork'; readonly child?: number }
  | { readonly call: 'vfork'; readonly child?: number }
  | { readonly call: 'clone'; readonly flags: number; readonly child?: number }
  /** Only execve's effect on files is modelled: close-on-exec fds close, a shared fd table is unshared. */
  | { readonly call: 'execve'; readonly filename: string }
  | { readonly call: 'exit'; readonly status: number }
  | { readonly call: 'exit_group'; readonly status: number }
  | { readonly call: 'getdents64'; readonly fd: number; readonly count: number }
  | { readonly call: 'umask'; readonly mask: number }
  /** Credentials, so permission rules can be exercised: the model keeps one uid and one gid per task. */
  | { readonly call: 'setuid'; readonly uid: number }
  | { readonly call: 'setgid'; readonly gid: number }
  | {
      readonly call: 'mount';
      readonly source: string;
      readonly target: string;
      readonly fstype: string;
      readonly flags: number;
      readonly data: string;
    }
  | { readonly call: 'umount2'; readonly target: string; readonly flags: number }
  /**
   * The new mount API (src/ops/calls/fsopen.ts). fsconfig's key and value are passed as its command
   * takes them: no value for FSCONFIG_SET_FLAG, neither for FSCONFIG_CMD_CREATE/RECONFIGURE.
   */
  | { readonly call: 'fsopen'; readonly fs_name: string; readonly flags: number }
  | { readonly call: 'fspick'; readonly dirfd: number; readonly path: string; readonly flags: number }
  | {
      readonly call: 'fsconfig';
      readonly fd: number;
      readonly cmd: number;
      readonly key: string;
      readonly value: string;
      readonly aux: number;
    }
  | { readonly call: 'fsmount'; readonly fs_fd: number; readonly flags: number; readonly attr_flags: number };

export type SyscallName = Syscall['call'];
export type SyscallOf<N extends SyscallName> = Extract<Syscall, { call: N }>;

export const SYSCALL_NAMES: readonly SyscallName[] = [
  'open',
  'openat',
  'creat',
  'close',
  'read',
  'write',
  'pread64',
  'pwrite64',
  'lseek',
  'truncate',
  'ftruncate',
  'stat',
  'lstat',
  'fstat',
  'newfstatat',
  'statx',
  'link',
  'linkat',
  'unlink',
  'unlinkat',
  'mkdir',
  'mkdirat',
  'rmdir',
  'rename',
  'renameat',
  'renameat2',
  'symlink',
  'symlinkat',
  'readlink',
  'readlinkat',
  'mknod',
  'mknodat',
  'chdir',
  'fchdir',
  'dup',
  'dup2',
  'dup3',
  'close_range',
  'fcntl',
  'copy_file_range',
  'sendfile',
  'splice',
  'fork',
  'vfork',
  'clone',
  'execve',
  'exit',
  'exit_group',
  'getdents64',
  'umask',
  'setuid',
  'setgid',
  'mount',
  'umount2',
  'fsopen',
  'fspick',
  'fsconfig',
  'fsmount',
];
