/**
 * Descriptors of the calls that change an inode's mode, owner, group and times (fs/open.c and
 * fs/utimes.c on fs/attr.c: notify_change). Owner and group are uid_t/gid_t; strace prints -1 for
 * "unchanged". The C executor runs them; random traces do not draw them yet
 * (src/crosscheck/gen-calls.ts: NOT_DRAWN), scenarios/creds/ does.
 */
import { dirfd, fd, flags, int, mode, optpath, path, timespecs } from './args.js';
import type { SyscallDescriptor } from './spec.js';

const strace = {} as const;
const base = { fdTable: false, ret: 'zero', strace, executable: true } as const;
const CHMOD = 'fs/open.c: do_fchmodat → chmod_common → notify_change';
const CHOWN = 'fs/open.c: do_fchownat → chown_common → notify_change';

export const ATTR_CALLS = {
  chmod: { ...base, arity: 2, args: [path('path', 0), mode('mode', 1)], kernel: CHMOD },
  fchmod: { ...base, arity: 2, args: [fd('fd', 0), mode('mode', 1)], kernel: 'fs/open.c: fchmod → chmod_common' },
  fchmodat: { ...base, arity: 3, args: [dirfd('dirfd', 0), path('path', 1), mode('mode', 2)], kernel: CHMOD },
  chown: { ...base, arity: 3, args: [path('path', 0), int('owner', 1), int('group', 2)], kernel: CHOWN },
  fchown: {
    ...base,
    arity: 3,
    args: [fd('fd', 0), int('owner', 1), int('group', 2)],
    kernel: 'fs/open.c: ksys_fchown → chown_common',
  },
  lchown: { ...base, arity: 3, args: [path('path', 0), int('owner', 1), int('group', 2)], kernel: CHOWN },
  fchownat: {
    ...base,
    arity: 5,
    args: [dirfd('dirfd', 0), path('path', 1), int('owner', 2), int('group', 3), flags('flags', 4, 'at')],
    kernel: CHOWN,
  },
  /**
   * The model keeps no timestamps: utimensat answers only its errno or 0 (who may set the times),
   * and changes nothing. A NULL pathname with a descriptor is futimens; 6.1 has no flags for it.
   */
  utimensat: {
    ...base,
    arity: 4,
    args: [dirfd('dirfd', 0), optpath('pathname', 1), timespecs('times', 2), flags('flags', 3, 'at')],
    kernel: 'fs/utimes.c: do_utimes → do_utimes_path (or do_utimes_fd) → vfs_utimes → notify_change',
  },
} as const satisfies Readonly<Record<string, SyscallDescriptor>>;
