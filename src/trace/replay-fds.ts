/**
 * Descriptor bookkeeping of the strace replay: which fd a call names, which fds a skipped call
 * returned (they occupy their numbers in the model), and the evidence that the program inherited
 * fds besides 0-2 (a job runner's, a shell's).
 */
import type { SysResult } from '../ops/vfs/result.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { AT_FDCWD, F_DUPFD, F_DUPFD_CLOEXEC } from '../model/flags.js';
import { NR_OPEN } from '../ops/vfs/fdtable.js';
import { num } from './args-values.js';
import { pathsOf, procFdOf } from './replay-paths.js';
import type { StraceReturn, StraceValue } from './strace-ast.js';

/** Skipped calls that return new descriptors the program will use (occupying fd numbers). */
const FD_RETURNING = new Set([
  'socket',
  'accept',
  'accept4',
  'eventfd',
  'eventfd2',
  'memfd_create',
  'epoll_create',
  'epoll_create1',
  'signalfd',
  'signalfd4',
  'timerfd_create',
  'inotify_init',
  'inotify_init1',
  'open_by_handle_at',
  'pidfd_open',
  'fanotify_init',
  'userfaultfd',
  'perf_event_open',
  'openat2',
  'open',
  'openat',
  'creat',
  'dup',
]);

/** Calls that change or read the fd table itself (a difference there shifts later fd numbers). */
export const FD_TABLE_CALLS = new Set([
  'open',
  'openat',
  'creat',
  'close',
  'dup',
  'dup2',
  'dup3',
  'close_range',
  'fcntl',
  'fork',
  'vfork',
  'clone',
  'execve',
]);

/** The most descriptors one difference may show inherited (fds the model never had, all open). */
const MAX_INFERRED_GAP = 1024;

/** Skipped calls that return two descriptors in their array argument. */
const FD_PAIR = new Set(['pipe', 'pipe2', 'socketpair']);

/** The fd a call works on, when it names one (for outside-file and taint checks). */
export function fdOf(sc: Syscall): number | null {
  switch (sc.call) {
    case 'read':
    case 'write':
    case 'pread64':
    case 'pwrite64':
    case 'lseek':
    case 'ftruncate':
    case 'fstat':
    case 'getdents64':
    case 'fchdir':
      return sc.fd;
    case 'newfstatat':
    case 'statx':
    case 'openat':
    case 'unlinkat':
    case 'mkdirat':
    case 'readlinkat':
    case 'mknodat':
      return sc.dirfd === AT_FDCWD ? null : sc.dirfd;
    case 'linkat':
    case 'renameat':
    case 'renameat2':
      return sc.olddirfd === AT_FDCWD ? null : sc.olddirfd;
    default:
      return null;
  }
}

/** Every fd a call names as an input (the copy calls name two). */
export function fdsOf(sc: Syscall): number[] {
  switch (sc.call) {
    case 'copy_file_range':
    case 'splice':
      return [sc.fd_in, sc.fd_out];
    case 'sendfile':
      return [sc.in_fd, sc.out_fd];
    case 'linkat':
    case 'renameat':
    case 'renameat2': {
      const out: number[] = [];
      if (sc.olddirfd !== AT_FDCWD) out.push(sc.olddirfd);
      if (sc.newdirfd !== AT_FDCWD) out.push(sc.newdirfd);
      return out;
    }
    case 'symlinkat':
      return sc.newdirfd === AT_FDCWD ? [] : [sc.newdirfd];
    default: {
      const fd = fdOf(sc);
      return fd === null ? [] : [fd];
    }
  }
}

/** The fd a call operates on, including the fd-table calls fdOf leaves out. */
export function namedFd(sc: Syscall): number | null {
  switch (sc.call) {
    case 'close':
    case 'dup':
    case 'fcntl':
      return sc.fd;
    case 'dup2':
    case 'dup3':
      return sc.oldfd;
    default:
      return fdOf(sc);
  }
}

/** Whether a call's return value is a descriptor the kernel handed out. */
export function returnsFd(name: string, args: readonly StraceValue[]): boolean {
  if (FD_RETURNING.has(name) || name === 'dup2' || name === 'dup3') return true;
  return name === 'fcntl' && /F_DUPFD/.test(JSON.stringify(args[1] ?? ''));
}

/**
 * The descriptor that shows the program's RLIMIT_NOFILE was above the model's `limit`, from a
 * difference: the kernel handed out or accepted an fd at or past it, or succeeded where the model
 * ran out (EMFILE). Null when the difference says nothing of the limit.
 */
export function nofileEvidence(sc: Syscall, ret: StraceReturn, r: SysResult, limit: number): number | null {
  if (ret.kind !== 'value' || ret.value < 0) return null;
  if (r.ok === false && r.errno === 'EMFILE') return Math.max(ret.value, limit);
  const named = sc.call === 'dup2' || sc.call === 'dup3' ? sc.newfd : sc.call === 'fcntl' ? sc.arg : null;
  const fd = Math.max(ret.value, named !== null && (sc.call !== 'fcntl' || isDupfd(sc.cmd)) ? named : -1);
  const allocates = ['open', 'openat', 'creat', 'dup', 'dup2', 'dup3'].includes(sc.call);
  return (allocates || (sc.call === 'fcntl' && isDupfd(sc.cmd))) && fd >= limit ? fd : null;
}

const isDupfd = (cmd: number): boolean => cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC;

/** The fds a skipped call returned (they are the program's now, occupying their numbers). */
export function fdsReturned(name: string, args: readonly StraceValue[], ret: StraceReturn): number[] {
  if (ret.kind !== 'value') return [];
  const fds: number[] = [];
  const dupfd = name === 'fcntl' && /F_DUPFD/.test(JSON.stringify(args[1] ?? ''));
  if ((FD_RETURNING.has(name) || dupfd) && ret.value >= 0) fds.push(ret.value);
  if (FD_PAIR.has(name)) {
    const arr = args[name === 'socketpair' ? 3 : 0];
    if (arr !== undefined && arr.kind === 'array')
      for (const v of arr.items) {
        const fd = num(v);
        if (fd !== null) fds.push(fd);
      }
  }
  return fds;
}

/** O_CLOEXEC, SOCK_CLOEXEC, EFD_CLOEXEC, F_DUPFD_CLOEXEC...: strace prints each flag by name. */
export function asksCloexec(args: readonly StraceValue[]): boolean {
  return args.some((a) => a.kind === 'flags' && a.parts.some((p) => typeof p === 'string' && p.endsWith('CLOEXEC')));
}

/** Whether a difference touches the fd table (later fd numbers may follow from it). */
export function touchesFdTable(sc: Syscall, r: SysResult, pid: number): boolean {
  return (
    FD_TABLE_CALLS.has(sc.call) ||
    (r.ok === false && r.errno === 'EBADF') ||
    pathsOf(sc).some((path) => procFdOf(path, pid) !== null)
  );
}

/**
 * The fds that only an fd inherited open explains, from a difference (the model starts with the
 * stated fds): the kernel gave a higher fd than the model's lowest free one, and the numbers
 * between were never open in the model; or the kernel accepted an fd, or showed a /proc fd link,
 * the model never had.
 */
export function inheritedEvidence(
  pid: number,
  sc: Syscall,
  ret: StraceReturn,
  r: SysResult,
  everOpen: ReadonlySet<number>,
): number[] {
  if (ret.kind !== 'value' || ret.value < 0) return [];
  const out: number[] = [];
  const allocates =
    sc.call === 'open' ||
    sc.call === 'openat' ||
    sc.call === 'creat' ||
    sc.call === 'dup' ||
    (sc.call === 'fcntl' && (sc.cmd === F_DUPFD || sc.cmd === F_DUPFD_CLOEXEC));
  if (allocates && r.ok === true && r.ret < ret.value) {
    // Thousands of descriptors no call opened are not inferred: state them with --fds.
    if (ret.value - r.ret > MAX_INFERRED_GAP) return [];
    for (let fd = r.ret; fd < ret.value; fd++) if (!everOpen.has(fd)) out.push(fd);
    return out;
  }
  if (r.ok === false && r.errno === 'EBADF') {
    const fd = namedFd(sc);
    if (fd !== null && fd >= 0 && !everOpen.has(fd)) out.push(fd);
  }
  if (r.ok === false && r.errno === 'ENOENT') {
    for (const path of pathsOf(sc)) {
      const named = procFdOf(path, pid);
      if (named !== null && named.pid === pid && !everOpen.has(named.fd)) out.push(named.fd);
    }
  }
  // No process holds a descriptor at or past NR_OPEN: the difference stays a mismatch.
  return out.filter((fd) => Number.isSafeInteger(fd) && fd < NR_OPEN);
}
