/**
 * Descriptor bookkeeping of the strace replay: which fd a call names, which fds a skipped call
 * returned (they occupy their numbers in the model), and the evidence that the program inherited
 * fds besides 0-2 (a job runner's, a shell's).
 */
import type { SysResult } from './model-answers.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { F_DUPFD, F_DUPFD_CLOEXEC } from '../model/flags.js';
import { changesFdTable, namedFd, pathArgs, returnsNewFd } from '../model/syscall/queries.js';
import { SYSCALLS } from '../model/syscall/table.js';
import { NR_OPEN } from './model-answers.js';
import { num } from './args-values.js';
import { procFdOf } from './replay-paths.js';
import type { StraceReturn, StraceValue } from './strace-ast.js';

/**
 * Calls the model does not decode that return new descriptors the program will use (occupying fd
 * numbers). The modelled ones are known from their descriptors (returnsNewFd).
 */
const UNMODELLED_FD_RETURNING = new Set([
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
]);

/** fcntl(F_DUPFD) and fcntl(F_DUPFD_CLOEXEC) return a new descriptor too. */
const isDupfdText = (name: string, args: readonly StraceValue[]): boolean =>
  name === 'fcntl' && /F_DUPFD/.test(JSON.stringify(args[1] ?? ''));

/** The most descriptors one difference may show inherited (fds the model never had, all open). */
const MAX_INFERRED_GAP = 1024;

/** Skipped calls that return two descriptors in their array argument. */
const FD_PAIR = new Set(['pipe', 'pipe2', 'socketpair']);

/** Whether a call's return value is a descriptor the kernel handed out. */
export function returnsFd(name: string, args: readonly StraceValue[]): boolean {
  return UNMODELLED_FD_RETURNING.has(name) || returnsNewFd(name) || isDupfdText(name, args);
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
  const allocates = returnsNewFd(sc.call);
  return (allocates || (sc.call === 'fcntl' && isDupfd(sc.cmd))) && fd >= limit ? fd : null;
}

const isDupfd = (cmd: number): boolean => cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC;

/** The fds a skipped call returned (they are the program's now, occupying their numbers). */
export function fdsReturned(name: string, args: readonly StraceValue[], ret: StraceReturn): number[] {
  if (ret.kind !== 'value') return [];
  const fds: number[] = [];
  if (returnsFd(name, args) && ret.value >= 0) fds.push(ret.value);
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
    changesFdTable(sc.call) ||
    (r.ok === false && r.errno === 'EBADF') ||
    pathArgs(sc).some((p) => procFdOf(p.path, pid) !== null)
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
  // The lowest free descriptor: a gap below it the model never filled was open in the program.
  const allocates = SYSCALLS[sc.call].ret === 'fd' || (sc.call === 'fcntl' && isDupfd(sc.cmd));
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
    for (const { path } of pathArgs(sc)) {
      const named = procFdOf(path, pid);
      if (named !== null && named.pid === pid && !everOpen.has(named.fd)) out.push(named.fd);
    }
  }
  // No process holds a descriptor at or past NR_OPEN: the difference stays a mismatch.
  return out.filter((fd) => Number.isSafeInteger(fd) && fd < NR_OPEN);
}
