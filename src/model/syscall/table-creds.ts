/**
 * Descriptors of the credential calls (kernel/sys.c). Each id is a uid_t or gid_t; strace prints
 * -1 for "unchanged". Not yet run by the C executor: they are checked against strace logs.
 */
import { int } from './args.js';
import type { SyscallDescriptor } from './spec.js';

const strace = {} as const;

export const CRED_CALLS = {
  setuid: {
    arity: 1,
    args: [int('uid', 0)],
    kernel: 'kernel/sys.c: __sys_setuid → commit_creds',
    fdTable: false,
    ret: 'zero',
    strace,
    executable: false,
  },
  setgid: {
    arity: 1,
    args: [int('gid', 0)],
    kernel: 'kernel/sys.c: __sys_setgid → commit_creds',
    fdTable: false,
    ret: 'zero',
    strace,
    executable: false,
  },
  setreuid: {
    arity: 2,
    args: [int('ruid', 0), int('euid', 1)],
    kernel: 'kernel/sys.c: __sys_setreuid → commit_creds',
    fdTable: false,
    ret: 'zero',
    strace,
    executable: false,
  },
  setregid: {
    arity: 2,
    args: [int('rgid', 0), int('egid', 1)],
    kernel: 'kernel/sys.c: __sys_setregid → commit_creds',
    fdTable: false,
    ret: 'zero',
    strace,
    executable: false,
  },
  setresuid: {
    arity: 3,
    args: [int('ruid', 0), int('euid', 1), int('suid', 2)],
    kernel: 'kernel/sys.c: __sys_setresuid → commit_creds',
    fdTable: false,
    ret: 'zero',
    strace,
    executable: false,
  },
  setresgid: {
    arity: 3,
    args: [int('rgid', 0), int('egid', 1), int('sgid', 2)],
    kernel: 'kernel/sys.c: __sys_setresgid → commit_creds',
    fdTable: false,
    ret: 'zero',
    strace,
    executable: false,
  },
  setfsuid: {
    arity: 1,
    args: [int('fsuid', 0)],
    kernel: 'kernel/sys.c: __sys_setfsuid → commit_creds',
    fdTable: false,
    ret: 'value',
    strace,
    executable: false,
  },
  setfsgid: {
    arity: 1,
    args: [int('fsgid', 0)],
    kernel: 'kernel/sys.c: __sys_setfsgid → commit_creds',
    fdTable: false,
    ret: 'value',
    strace,
    executable: false,
  },
} as const satisfies Readonly<Record<string, SyscallDescriptor>>;
