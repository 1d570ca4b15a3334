/**
 * Descriptors of the calls that change an inode's mode, owner and group (fs/open.c on
 * fs/attr.c: notify_change). Owner and group are uid_t/gid_t; strace prints -1 for "unchanged".
 * Not yet run by the C executor: they are checked against strace logs of this machine.
 */
import { dirfd, fd, flags, int, mode, path } from './args.js';
import type { SyscallDescriptor } from './spec.js';

const strace = {} as const;
const base = { fdTable: false, ret: 'zero', strace, executable: false } as const;
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
} as const satisfies Readonly<Record<string, SyscallDescriptor>>;
