/** Descriptors of the calls that make, remove and change names in the tree. */
import { dirfd, flags, int, mode, path, target } from './args.js';
import type { SyscallDescriptor } from './spec.js';

const LINK = 'fs/namei.c: do_linkat → vfs_link';
const UNLINK = 'fs/namei.c: do_unlinkat → vfs_unlink';
const RENAME = 'fs/namei.c: do_renameat2 → vfs_rename';
const MKDIR = 'fs/namei.c: do_mkdirat → vfs_mkdir';
const SYMLINK = 'fs/namei.c: do_symlinkat → vfs_symlink';
const MKNOD = 'fs/namei.c: do_mknodat → vfs_mknod';
const base = { fdTable: false, ret: 'zero', strace: {}, executable: true } as const;

export const NAME_CALLS = {
  link: { arity: 2, ...base, args: [path('oldpath', 0), path('newpath', 1)], kernel: LINK },
  linkat: {
    arity: 5,
    ...base,
    args: [dirfd('olddirfd', 0), path('oldpath', 1), dirfd('newdirfd', 2), path('newpath', 3), flags('flags', 4, 'at')],
    kernel: LINK,
  },
  unlink: { arity: 1, ...base, args: [path('path', 0)], kernel: UNLINK },
  unlinkat: { arity: 3, ...base, args: [dirfd('dirfd', 0), path('path', 1), flags('flags', 2, 'at')], kernel: UNLINK },
  mkdir: { arity: 2, ...base, args: [path('path', 0), mode('mode', 1)], kernel: MKDIR },
  mkdirat: { arity: 3, ...base, args: [dirfd('dirfd', 0), path('path', 1), mode('mode', 2)], kernel: MKDIR },
  rmdir: { arity: 1, ...base, args: [path('path', 0)], kernel: 'fs/namei.c: do_rmdir → vfs_rmdir' },
  rename: { arity: 2, ...base, args: [path('oldpath', 0), path('newpath', 1)], kernel: RENAME },
  renameat: {
    arity: 4,
    ...base,
    args: [dirfd('olddirfd', 0), path('oldpath', 1), dirfd('newdirfd', 2), path('newpath', 3)],
    kernel: RENAME,
    executable: false,
  },
  renameat2: {
    arity: 5,
    ...base,
    args: [
      dirfd('olddirfd', 0),
      path('oldpath', 1),
      dirfd('newdirfd', 2),
      path('newpath', 3),
      flags('flags', 4, 'rename'),
    ],
    kernel: RENAME,
  },
  symlink: { arity: 2, ...base, args: [target('target', 0), path('linkpath', 1)], kernel: SYMLINK },
  symlinkat: {
    arity: 3,
    ...base,
    args: [target('target', 0), dirfd('newdirfd', 1), path('linkpath', 2)],
    kernel: SYMLINK,
    executable: false,
  },
  mknod: { arity: 3, ...base, args: [path('path', 0), mode('mode', 1), int('dev', 2, 0)], kernel: MKNOD },
  mknodat: {
    arity: 4,
    ...base,
    args: [dirfd('dirfd', 0), path('path', 1), mode('mode', 2), int('dev', 3, 0)],
    kernel: MKNOD,
  },
} as const satisfies Readonly<Record<string, SyscallDescriptor>>;
