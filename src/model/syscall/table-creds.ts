/**
 * Descriptors of the credential calls (kernel/sys.c, kernel/groups.c, kernel/capability.c). Each
 * id is a uid_t or gid_t; strace prints -1 for "unchanged". The C executor runs them all, so a
 * QEMU trace's task can become another user; random traces do not draw them yet
 * (src/crosscheck/gen-calls.ts: NOT_DRAWN), scenarios/creds/ does.
 */
import { flags, gids, int, member, outptr } from './args.js';
import type { SyscallDescriptor } from './spec.js';

const strace = {} as const;

/** getuid, geteuid, getgid, getegid: no argument; the id is the return value. */
const getId = <const N extends string>(name: N) =>
  ({ arity: 0, args: [], kernel: `kernel/sys.c: ${name}`, fdTable: false, ret: 'value', strace }) as const;

export const CRED_CALLS = {
  setuid: {
    arity: 1,
    args: [int('uid', 0)],
    kernel: 'kernel/sys.c: __sys_setuid → commit_creds',
    fdTable: false,
    ret: 'zero',
    strace,
    executable: true,
  },
  setgid: {
    arity: 1,
    args: [int('gid', 0)],
    kernel: 'kernel/sys.c: __sys_setgid → commit_creds',
    fdTable: false,
    ret: 'zero',
    strace,
    executable: true,
  },
  setreuid: {
    arity: 2,
    args: [int('ruid', 0), int('euid', 1)],
    kernel: 'kernel/sys.c: __sys_setreuid → commit_creds',
    fdTable: false,
    ret: 'zero',
    strace,
    executable: true,
  },
  setregid: {
    arity: 2,
    args: [int('rgid', 0), int('egid', 1)],
    kernel: 'kernel/sys.c: __sys_setregid → commit_creds',
    fdTable: false,
    ret: 'zero',
    strace,
    executable: true,
  },
  setresuid: {
    arity: 3,
    args: [int('ruid', 0), int('euid', 1), int('suid', 2)],
    kernel: 'kernel/sys.c: __sys_setresuid → commit_creds',
    fdTable: false,
    ret: 'zero',
    strace,
    executable: true,
  },
  setresgid: {
    arity: 3,
    args: [int('rgid', 0), int('egid', 1), int('sgid', 2)],
    kernel: 'kernel/sys.c: __sys_setresgid → commit_creds',
    fdTable: false,
    ret: 'zero',
    strace,
    executable: true,
  },
  setfsuid: {
    arity: 1,
    args: [int('fsuid', 0)],
    kernel: 'kernel/sys.c: __sys_setfsuid → commit_creds',
    fdTable: false,
    ret: 'value',
    strace,
    executable: true,
  },
  setfsgid: {
    arity: 1,
    args: [int('fsgid', 0)],
    kernel: 'kernel/sys.c: __sys_setfsgid → commit_creds',
    fdTable: false,
    ret: 'value',
    strace,
    executable: true,
  },
  setgroups: {
    arity: 2,
    args: [int('gidsetsize', 0), gids('grouplist', 1, 0)],
    kernel: 'kernel/groups.c: setgroups → groups_from_user → groups_sort → set_current_groups → commit_creds',
    fdTable: false,
    ret: 'zero',
    strace,
    executable: true,
  },
  getgroups: {
    arity: 2,
    args: [int('gidsetsize', 0), outptr('grouplist', 1)],
    kernel: 'kernel/groups.c: getgroups → groups_to_user',
    fdTable: false,
    ret: 'value',
    out: { kind: 'groups', at: 1 },
    strace,
    executable: true,
  },
  getuid: { ...getId('getuid'), executable: true },
  geteuid: { ...getId('geteuid'), executable: true },
  getgid: { ...getId('getgid'), executable: true },
  getegid: { ...getId('getegid'), executable: true },
  getresuid: {
    arity: 3,
    args: [],
    kernel: 'kernel/sys.c: getresuid',
    fdTable: false,
    ret: 'zero',
    out: { kind: 'ids' },
    strace,
    executable: true,
  },
  getresgid: {
    arity: 3,
    args: [],
    kernel: 'kernel/sys.c: getresgid',
    fdTable: false,
    ret: 'zero',
    out: { kind: 'ids' },
    strace,
    executable: true,
  },
  capget: {
    arity: 2,
    args: [member(flags('version', 0, 'cap_version')), member(int('pid', 0)), outptr('dataptr', 1)],
    kernel: 'kernel/capability.c: capget → cap_validate_magic → cap_get_target_pid → security_capget',
    fdTable: false,
    ret: 'zero',
    out: { kind: 'caps', at: 1 },
    strace,
    executable: true,
  },
} as const satisfies Readonly<Record<string, SyscallDescriptor>>;
