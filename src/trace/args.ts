/**
 * From strace's printed arguments to the model's Syscall records: symbols (O_RDWR|O_CREAT,
 * AT_FDCWD, S_IFIFO|0600, CLONE_FILES|SIGCHLD) to numbers, strings to latin1 bytes. What cannot
 * be decoded (an unknown symbol, an elided argument) makes the call undecodable, which the
 * replayer counts as skipped; it is never guessed.
 */
import * as FLAGS from '../model/flags.js';
import * as MODES from '../model/modes.js';
import { PATH_MAX } from '../ops/vfs/namei.js';
import type { Syscall, SyscallName } from '../ops/run/syscalls.js';
import { copyCall } from './args-copy.js';
import type { StraceValue } from './strace-ast.js';

/** Extra symbols strace prints inside flag arguments that the model's constant tables lack. */
const EXTRA_SYMBOLS: Readonly<Record<string, number>> = {
  NULL: 0,
  SIGCHLD: 17,
  CLONE_SIGHAND: 0x800,
  CLONE_PTRACE: 0x2000,
  CLONE_PARENT: 0x8000,
  CLONE_THREAD: 0x10000,
  CLONE_SYSVSEM: 0x40000,
  CLONE_SETTLS: 0x80000,
  CLONE_PARENT_SETTID: 0x100000,
  CLONE_CHILD_CLEARTID: 0x200000,
  CLONE_CHILD_SETTID: 0x1000000,
  CLONE_PIDFD: 0x1000,
  SPLICE_F_MOVE: 0x01, // include/linux/splice.h
  SPLICE_F_NONBLOCK: 0x02,
  SPLICE_F_MORE: 0x04,
  SPLICE_F_GIFT: 0x08,
  AT_RECURSIVE: 0x8000, // include/uapi/linux/fcntl.h: only open_tree takes it
  AT_STATX_SYNC_AS_STAT: 0,
  AT_STATX_FORCE_SYNC: 0x2000,
  AT_STATX_DONT_SYNC: 0x4000,
  STATX_TYPE: 0x1,
  STATX_MODE: 0x2,
  STATX_NLINK: 0x4,
  STATX_UID: 0x8,
  STATX_GID: 0x10,
  STATX_ATIME: 0x20,
  STATX_MTIME: 0x40,
  STATX_CTIME: 0x80,
  STATX_INO: 0x100,
  STATX_SIZE: 0x200,
  STATX_BLOCKS: 0x400,
  STATX_BASIC_STATS: 0x7ff,
  STATX_BTIME: 0x800,
  STATX_MNT_ID: 0x1000,
  STATX_DIOALIGN: 0x2000,
  STATX_ALL: 0xfff,
};

function symbolValue(name: string): number | null {
  const fromFlags = (FLAGS as Readonly<Record<string, unknown>>)[name];
  if (typeof fromFlags === 'number') return fromFlags;
  const fromModes = (MODES as Readonly<Record<string, unknown>>)[name];
  if (typeof fromModes === 'number') return fromModes;
  return Object.hasOwn(EXTRA_SYMBOLS, name) ? (EXTRA_SYMBOLS[name] ?? null) : null;
}

/** "O_RDWR|O_CREAT", "AT_FDCWD", "0644", "0x10", "-100": a number, or null when unreadable. */
export function decodeSymbolic(text: string): number | null {
  const parts = text.split('|').map((p) => p.trim());
  let out = 0;
  for (const part of parts) {
    let n: number | null;
    if (/^-?0x[0-9a-fA-F]+$/.test(part)) n = part.startsWith('-') ? -parseInt(part.slice(3), 16) : parseInt(part, 16);
    else if (/^0[0-7]+$/.test(part)) n = parseInt(part, 8);
    else if (/^-?[0-9]+$/.test(part)) n = Number(part);
    else n = symbolValue(part);
    if (n === null) return null;
    if (parts.length === 1) return n; // a plain number keeps all 53 bits (offsets, sizes)
    out |= n;
  }
  return out;
}

/** A number from a printed value: 3, 0644, O_RDWR|O_CREAT, 3</path>; null when it is not one. */
export function num(v: StraceValue | undefined): number | null {
  if (v === undefined) return null;
  switch (v.kind) {
    case 'num':
      return v.value;
    case 'fd':
      return v.fd;
    case 'named':
      return num(v.value);
    case 'flags': {
      let out = 0;
      for (const p of v.parts) {
        const n = typeof p === 'number' ? p : symbolValue(p);
        if (n === null) return null;
        out |= n;
      }
      // "8192*1024" and "1<<20" print sizes, not flags; the model never needs them.
      if (v.text.includes('*') || v.text.includes('<<')) return null;
      return out;
    }
    default:
      return null;
  }
}

/** A byte string from a printed "..." (null when truncated by -s: the rest is unknown). */
export function str(v: StraceValue | undefined): string | null {
  if (v === undefined || v.kind !== 'str' || v.truncated) return null;
  return v.value;
}

/**
 * A path argument. strace reads a path PATH_MAX bytes at a time: when it finds no NUL there it
 * prints PATH_MAX - 1 bytes and "...", so the path is PATH_MAX bytes or longer, which getname
 * refuses (ENAMETOOLONG, fs/namei.c: getname_flags) before it looks at a byte of it. Such a path
 * is decided: the printed bytes and one more stand for it (the model's getname checks the length).
 */
function path(v: StraceValue | undefined): string | null {
  if (v !== undefined && v.kind === 'str' && v.truncated && v.value.length >= PATH_MAX - 1) return `${v.value}?`;
  return str(v);
}

const named = (args: readonly StraceValue[], name: string): StraceValue | undefined =>
  args.find((a) => a.kind === 'named' && a.name === name);

/** Signed 32-bit view (dirfds and fds print as unsigned in some strace versions). */
const int = (n: number | null): number | null => (n === null ? null : n | 0);

/**
 * The longest buffer of a write whose tail strace cut (-s) that the replay spells out: its
 * printed prefix, then NULs for the bytes it did not print (the replayer taints what they reach).
 * Past this the write is not decoded, and the replay reports it as not compared.
 */
export const MAX_WRITE_SPELLED = 64 << 20;

/** The bytes a write or pwrite64 wrote, as far as the log shows them; null when it cannot say. */
function writtenBytes(data: StraceValue | undefined, count: number | null): string | null {
  if (data === undefined || data.kind !== 'str' || count === null) return null;
  if (!data.truncated) return data.value;
  if (count < 0 || count > MAX_WRITE_SPELLED) return null;
  return data.value.padEnd(count, '\0').slice(0, count);
}

/**
 * The Syscall record for strace call `name` with the input arguments `a`, or null when this call
 * cannot be decoded (unknown to the model, or an argument is missing or elided).
 * `ret` is the returned value, for calls whose child pid the model must reuse.
 */
export function toSyscall(name: string, a: readonly StraceValue[], ret: number | null): Syscall | null {
  const n = (i: number): number | null => num(a[i]);
  const s = (i: number): string | null => path(a[i]);
  const all = <T extends Syscall>(o: T, ...need: unknown[]): T | null => (need.some((x) => x === null) ? null : o);
  switch (name) {
    case 'open':
      return all({ call: 'open', path: s(0) ?? '', flags: n(1) ?? 0, mode: n(2) ?? 0 }, s(0), n(1));
    case 'openat':
      return all(
        { call: 'openat', dirfd: int(n(0)) ?? 0, path: s(1) ?? '', flags: n(2) ?? 0, mode: n(3) ?? 0 },
        n(0),
        s(1),
        n(2),
      );
    case 'creat':
      return all({ call: 'creat', path: s(0) ?? '', mode: n(1) ?? 0 }, s(0), n(1));
    case 'close':
      return all({ call: 'close', fd: n(0) ?? 0 }, n(0));
    case 'read':
      return all({ call: 'read', fd: n(0) ?? 0, count: n(2) ?? 0 }, n(0), n(2));
    case 'write': {
      const bytes = writtenBytes(a[1], n(2));
      if (bytes === null) return null;
      return all({ call: 'write', fd: n(0) ?? 0, data: bytes }, n(0));
    }
    case 'pread64':
      return all({ call: 'pread64', fd: n(0) ?? 0, count: n(2) ?? 0, offset: n(3) ?? 0 }, n(0), n(2), n(3));
    case 'pwrite64': {
      const bytes = writtenBytes(a[1], n(2));
      if (bytes === null) return null;
      return all({ call: 'pwrite64', fd: n(0) ?? 0, data: bytes, offset: n(3) ?? 0 }, n(0), n(3));
    }
    case 'lseek':
      return all({ call: 'lseek', fd: n(0) ?? 0, offset: n(1) ?? 0, whence: n(2) ?? 0 }, n(0), n(1), n(2));
    case 'truncate':
      return all({ call: 'truncate', path: s(0) ?? '', length: n(1) ?? 0 }, s(0), n(1));
    case 'ftruncate':
      return all({ call: 'ftruncate', fd: n(0) ?? 0, length: n(1) ?? 0 }, n(0), n(1));
    case 'stat':
      return all({ call: 'stat', path: s(0) ?? '' }, s(0));
    case 'lstat':
      return all({ call: 'lstat', path: s(0) ?? '' }, s(0));
    case 'fstat':
      return all({ call: 'fstat', fd: n(0) ?? 0 }, n(0));
    case 'newfstatat':
      return all({ call: 'newfstatat', dirfd: int(n(0)) ?? 0, path: s(1) ?? '', flags: n(3) ?? 0 }, n(0), s(1), n(3));
    case 'statx':
      return all(
        { call: 'statx', dirfd: int(n(0)) ?? 0, path: s(1) ?? '', flags: n(2) ?? 0, mask: n(3) ?? 0 },
        n(0),
        s(1),
        n(2),
        n(3),
      );
    case 'link':
      return all({ call: 'link', oldpath: s(0) ?? '', newpath: s(1) ?? '' }, s(0), s(1));
    case 'linkat':
      return all(
        {
          call: 'linkat',
          olddirfd: int(n(0)) ?? 0,
          oldpath: s(1) ?? '',
          newdirfd: int(n(2)) ?? 0,
          newpath: s(3) ?? '',
          flags: n(4) ?? 0,
        },
        n(0),
        s(1),
        n(2),
        s(3),
        n(4),
      );
    case 'unlink':
      return all({ call: 'unlink', path: s(0) ?? '' }, s(0));
    case 'unlinkat':
      return all({ call: 'unlinkat', dirfd: int(n(0)) ?? 0, path: s(1) ?? '', flags: n(2) ?? 0 }, n(0), s(1), n(2));
    case 'mkdir':
      return all({ call: 'mkdir', path: s(0) ?? '', mode: n(1) ?? 0 }, s(0), n(1));
    case 'mkdirat':
      return all({ call: 'mkdirat', dirfd: int(n(0)) ?? 0, path: s(1) ?? '', mode: n(2) ?? 0 }, n(0), s(1), n(2));
    case 'rmdir':
      return all({ call: 'rmdir', path: s(0) ?? '' }, s(0));
    case 'rename':
      return all({ call: 'rename', oldpath: s(0) ?? '', newpath: s(1) ?? '' }, s(0), s(1));
    case 'renameat':
      return all(
        {
          call: 'renameat',
          olddirfd: int(n(0)) ?? 0,
          oldpath: s(1) ?? '',
          newdirfd: int(n(2)) ?? 0,
          newpath: s(3) ?? '',
        },
        n(0),
        s(1),
        n(2),
        s(3),
      );
    case 'renameat2':
      return all(
        {
          call: 'renameat2',
          olddirfd: int(n(0)) ?? 0,
          oldpath: s(1) ?? '',
          newdirfd: int(n(2)) ?? 0,
          newpath: s(3) ?? '',
          flags: n(4) ?? 0,
        },
        n(0),
        s(1),
        n(2),
        s(3),
        n(4),
      );
    case 'symlink':
      return all({ call: 'symlink', target: s(0) ?? '', linkpath: s(1) ?? '' }, s(0), s(1));
    case 'symlinkat':
      return all(
        { call: 'symlinkat', target: s(0) ?? '', newdirfd: int(n(1)) ?? 0, linkpath: s(2) ?? '' },
        s(0),
        n(1),
        s(2),
      );
    case 'readlink':
      return all({ call: 'readlink', path: s(0) ?? '', bufsiz: n(2) ?? 0 }, s(0), n(2));
    case 'readlinkat':
      return all({ call: 'readlinkat', dirfd: int(n(0)) ?? 0, path: s(1) ?? '', bufsiz: n(3) ?? 0 }, n(0), s(1), n(3));
    case 'mknod':
      return all({ call: 'mknod', path: s(0) ?? '', mode: n(1) ?? 0, dev: n(2) ?? 0 }, s(0), n(1));
    case 'mknodat':
      return all(
        { call: 'mknodat', dirfd: int(n(0)) ?? 0, path: s(1) ?? '', mode: n(2) ?? 0, dev: n(3) ?? 0 },
        n(0),
        s(1),
        n(2),
      );
    case 'chdir':
      return all({ call: 'chdir', path: s(0) ?? '' }, s(0));
    case 'fchdir':
      return all({ call: 'fchdir', fd: n(0) ?? 0 }, n(0));
    case 'dup':
      return all({ call: 'dup', fd: n(0) ?? 0 }, n(0));
    case 'dup2':
      return all({ call: 'dup2', oldfd: n(0) ?? 0, newfd: n(1) ?? 0 }, n(0), n(1));
    case 'dup3':
      return all({ call: 'dup3', oldfd: n(0) ?? 0, newfd: n(1) ?? 0, flags: n(2) ?? 0 }, n(0), n(1), n(2));
    case 'close_range':
      return all({ call: 'close_range', fd: n(0) ?? 0, max_fd: n(1) ?? 0, flags: n(2) ?? 0 }, n(0), n(1), n(2));
    case 'copy_file_range':
    case 'splice':
    case 'sendfile':
      return copyCall(name, a, num);
    case 'fcntl': {
      const cmd = n(1);
      if (cmd === null) return null;
      return all({ call: 'fcntl', fd: n(0) ?? 0, cmd, arg: a.length > 2 ? (n(2) ?? 0) : 0 }, n(0));
    }
    case 'fork':
    case 'vfork':
      return { call: name, ...(ret !== null && ret > 0 ? { child: ret } : {}) };
    case 'clone': {
      const flags = num(named(a, 'flags'));
      if (flags === null) return null;
      return { call: 'clone', flags, ...(ret !== null && ret > 0 ? { child: ret } : {}) };
    }
    case 'clone3': {
      const args = a[0];
      if (args === undefined || args.kind !== 'struct') return null;
      const flags = num(args.fields['flags']) ?? 0;
      const sig = num(args.fields['exit_signal']) ?? 0;
      return { call: 'clone', flags: flags | sig, ...(ret !== null && ret > 0 ? { child: ret } : {}) };
    }
    case 'execve':
      return all({ call: 'execve', filename: s(0) ?? '' }, s(0));
    case 'exit':
      return all({ call: 'exit', status: n(0) ?? 0 }, n(0));
    case 'exit_group':
      return all({ call: 'exit_group', status: n(0) ?? 0 }, n(0));
    case 'getdents64':
      return all({ call: 'getdents64', fd: n(0) ?? 0, count: n(2) ?? 0 }, n(0), n(2));
    case 'umask':
      return all({ call: 'umask', mask: n(0) ?? 0 }, n(0));
    case 'setuid':
      return all({ call: 'setuid', uid: n(0) ?? 0 }, n(0));
    case 'setgid':
      return all({ call: 'setgid', gid: n(0) ?? 0 }, n(0));
    case 'mount':
      return all(
        {
          call: 'mount',
          source: str(a[0]) ?? '',
          target: s(1) ?? '',
          fstype: str(a[2]) ?? '',
          flags: n(3) ?? 0,
          data: str(a[4]) ?? '',
        },
        s(1),
        n(3),
      );
    case 'umount2':
      return all({ call: 'umount2', target: s(0) ?? '', flags: n(1) ?? 0 }, s(0), n(1));
    default:
      return null;
  }
}

/** The Syscall names strace can print for each modelled call (clone3 is decoded as clone). */
export const STRACE_NAMES: ReadonlySet<string> = new Set<SyscallName | 'clone3'>([
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
  'clone3',
  'execve',
  'exit',
  'exit_group',
  'getdents64',
  'umask',
  'setuid',
  'setgid',
  'mount',
  'umount2',
]);
