/** Descriptors of the mount calls, old API and new. */
import { ctxfd, dirfd, flags, int, path, str } from './args.js';
import type { SyscallDescriptor } from './spec.js';

/**
 * The new mount API is not decoded from strace logs: fsconfig's value is a string, a blob, a
 * path or an fd as its command says, and strace prints each differently; traces and scenarios
 * reach these calls, strace replay skips and counts them.
 */
const notFromStrace = false;

export const MOUNT_CALLS = {
  mount: {
    arity: 5,
    args: [
      str('source', 0, ''),
      path('target', 1),
      str('fstype', 2, ''),
      flags('flags', 3, 'mount'),
      str('data', 4, ''),
    ],
    kernel: 'fs/namespace.c: path_mount',
    fdTable: false,
    ret: 'zero',
    strace: {},
    executable: true,
  },
  umount2: {
    arity: 2,
    args: [path('target', 0), flags('flags', 1, 'umount')],
    kernel: 'fs/namespace.c: path_umount',
    fdTable: false,
    ret: 'zero',
    strace: {},
    executable: true,
  },
  fsopen: {
    arity: 2,
    args: [str('fs_name', 0), flags('flags', 1, 'fsopen')],
    kernel: 'fs/fsopen.c: fsopen → fs_context_for_mount → fscontext_create_fd',
    fdTable: true,
    ret: 'fd',
    strace: notFromStrace,
    executable: true,
  },
  fspick: {
    arity: 3,
    args: [dirfd('dirfd', 0), path('path', 1), flags('flags', 2, 'fspick')],
    kernel: 'fs/fsopen.c: fspick → fs_context_for_reconfigure → fscontext_create_fd',
    fdTable: true,
    ret: 'fd',
    strace: notFromStrace,
    executable: true,
  },
  /** key and value as the command takes them: no value for FSCONFIG_SET_FLAG, neither for the commands. */
  fsconfig: {
    arity: 5,
    args: [ctxfd('fd', 0), flags('cmd', 1, 'fsconfig'), str('key', 2), str('value', 3), int('aux', 4)],
    kernel: 'fs/fsopen.c: fsconfig → vfs_fsconfig_locked → vfs_parse_fs_param',
    fdTable: false,
    ret: 'zero',
    strace: notFromStrace,
    executable: true,
  },
  fsmount: {
    arity: 3,
    args: [ctxfd('fs_fd', 0), flags('flags', 1, 'fsmount'), flags('attr_flags', 2, 'mount_attr')],
    kernel: 'fs/namespace.c: fsmount',
    fdTable: true,
    ret: 'fd',
    strace: notFromStrace,
    executable: true,
  },
} as const satisfies Readonly<Record<string, SyscallDescriptor>>;
