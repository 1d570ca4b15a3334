/**
 * A small syscall alphabet for the random property tests (only tests use it). An Intent holds
 * positions, not names (fast-check's advice: positions stay valid when a sequence is shrunk);
 * resolveIntent turns it into a concrete call against the current world, or null when no task can
 * run.
 */
import fc from 'fast-check';
import type { World } from '../../src/model/world.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import {
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_REMOVEDIR,
  AT_SYMLINK_FOLLOW,
  AT_SYMLINK_NOFOLLOW,
  CLONE_FILES,
  F_DUPFD,
  F_GETFL,
  F_SETFL,
  O_APPEND,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_NOFOLLOW,
  O_NONBLOCK,
  O_PATH,
  O_RDONLY,
  O_RDWR,
  O_TMPFILE,
  O_TRUNC,
  O_WRONLY,
  RENAME_EXCHANGE,
  RENAME_NOREPLACE,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from '../../src/model/flags.js';
import { S_IFIFO, S_IFREG } from '../../src/model/modes.js';

/** Names the explorers use: files, directories, a fifo, a symlink and /proc magic links. */
export const PATHS = [
  'a',
  'b',
  'c',
  'd',
  'd/a',
  'd/b',
  'd/e',
  'd/e/a',
  'p',
  's',
  'd/',
  'a/',
  '.',
  '..',
  '/d',
  '/proc/self/fd/3',
  '/proc/self/fd/4',
  '',
] as const;

export const OPEN_FLAGS = [
  O_RDONLY,
  O_WRONLY,
  O_RDWR,
  O_RDWR | O_CREAT,
  O_WRONLY | O_CREAT | O_TRUNC,
  O_RDWR | O_CREAT | O_EXCL,
  O_WRONLY | O_APPEND | O_CREAT,
  O_RDONLY | O_NONBLOCK,
  O_WRONLY | O_NONBLOCK,
  O_RDONLY | O_DIRECTORY,
  O_RDWR | O_NOFOLLOW,
  O_PATH,
  O_TMPFILE | O_RDWR,
  O_TMPFILE | O_RDWR | O_EXCL,
] as const;

export const DATA = ['x', 'hello', 'ab\ncd', '\0\xff'] as const;

/** A call shape with positions: `p`, `q` pick paths, `fd` and `fd2` small fds, `n` a small number. */
export interface Intent {
  readonly kind: IntentKind;
  readonly task: number;
  readonly p: number;
  readonly q: number;
  readonly fd: number;
  readonly fd2: number;
  readonly n: number;
}

export const INTENT_KINDS = [
  'open',
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
  'fstatat-empty',
  'link',
  'linkat-empty',
  'linkat-follow',
  'unlink',
  'unlinkat-dir',
  'mkdir',
  'rmdir',
  'rename',
  'renameat2',
  'symlink',
  'readlink',
  'mkfifo',
  'mknod-reg',
  'chdir',
  'fchdir',
  'dup',
  'dup2',
  'fcntl',
  'fork',
  'clone-files',
  'exit',
  'getdents64',
  'umask',
] as const;
export type IntentKind = (typeof INTENT_KINDS)[number];

export const intentArb: fc.Arbitrary<Intent> = fc.record({
  kind: fc.constantFrom(...INTENT_KINDS),
  task: fc.nat(7),
  p: fc.nat(PATHS.length - 1),
  q: fc.nat(PATHS.length - 1),
  fd: fc.nat(6),
  fd2: fc.nat(6),
  n: fc.nat(15),
});

const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length];

/** The running tasks, in pid order. */
export function runningPids(w: World): number[] {
  return Object.values(w.tasks)
    .filter((t) => t.state === 'running')
    .map((t) => t.pid)
    .sort((a, b) => a - b);
}

/** The concrete call an intent means in this world, or null when no task can run. */
export function resolveIntent(w: World, it: Intent): { pid: number; sc: Syscall } | null {
  const pids = runningPids(w);
  if (pids.length === 0) return null;
  const pid = pick(pids, it.task);
  const path = pick(PATHS, it.p);
  const path2 = pick(PATHS, it.q);
  const { fd, fd2, n } = it;
  const data = pick(DATA, n);
  const sc = ((): Syscall => {
    switch (it.kind) {
      case 'open':
        return { call: 'openat', dirfd: AT_FDCWD, path, flags: pick(OPEN_FLAGS, n), mode: 0o644 };
      case 'close':
        return { call: 'close', fd };
      case 'read':
        return { call: 'read', fd, count: 1 + n };
      case 'write':
        return { call: 'write', fd, data };
      case 'pread64':
        return { call: 'pread64', fd, count: 4, offset: n % 8 };
      case 'pwrite64':
        return { call: 'pwrite64', fd, data, offset: n % 8 };
      case 'lseek':
        return { call: 'lseek', fd, offset: (n % 5) - 1, whence: pick([SEEK_SET, SEEK_CUR, SEEK_END], n) };
      case 'truncate':
        return { call: 'truncate', path, length: n % 6 };
      case 'ftruncate':
        return { call: 'ftruncate', fd, length: n % 6 };
      case 'stat':
        return { call: 'stat', path };
      case 'lstat':
        return { call: 'lstat', path };
      case 'fstat':
        return { call: 'fstat', fd };
      case 'fstatat-empty':
        return { call: 'newfstatat', dirfd: fd, path: '', flags: AT_EMPTY_PATH | (n & 1 ? AT_SYMLINK_NOFOLLOW : 0) };
      case 'link':
        return { call: 'link', oldpath: path, newpath: path2 };
      case 'linkat-empty':
        return { call: 'linkat', olddirfd: fd, oldpath: '', newdirfd: AT_FDCWD, newpath: path2, flags: AT_EMPTY_PATH };
      case 'linkat-follow':
        return {
          call: 'linkat',
          olddirfd: AT_FDCWD,
          oldpath: `/proc/self/fd/${fd}`,
          newdirfd: AT_FDCWD,
          newpath: path2,
          flags: AT_SYMLINK_FOLLOW,
        };
      case 'unlink':
        return { call: 'unlink', path };
      case 'unlinkat-dir':
        return { call: 'unlinkat', dirfd: AT_FDCWD, path, flags: AT_REMOVEDIR };
      case 'mkdir':
        return { call: 'mkdir', path, mode: 0o755 };
      case 'rmdir':
        return { call: 'rmdir', path };
      case 'rename':
        return { call: 'rename', oldpath: path, newpath: path2 };
      case 'renameat2':
        return {
          call: 'renameat2',
          olddirfd: AT_FDCWD,
          oldpath: path,
          newdirfd: AT_FDCWD,
          newpath: path2,
          flags: pick([RENAME_NOREPLACE, RENAME_EXCHANGE], n),
        };
      case 'symlink':
        return { call: 'symlink', target: path2, linkpath: path };
      case 'readlink':
        return { call: 'readlink', path, bufsiz: 1 + n * 8 };
      case 'mkfifo':
        return { call: 'mknodat', dirfd: AT_FDCWD, path, mode: S_IFIFO | 0o644, dev: 0 };
      case 'mknod-reg':
        return { call: 'mknod', path, mode: S_IFREG | 0o600, dev: 0 };
      case 'chdir':
        return { call: 'chdir', path };
      case 'fchdir':
        return { call: 'fchdir', fd };
      case 'dup':
        return { call: 'dup', fd };
      case 'dup2':
        return { call: 'dup2', oldfd: fd, newfd: fd2 };
      case 'fcntl':
        return pick<Syscall>(
          [
            { call: 'fcntl', fd, cmd: F_DUPFD, arg: fd2 },
            { call: 'fcntl', fd, cmd: F_GETFL, arg: 0 },
            { call: 'fcntl', fd, cmd: F_SETFL, arg: O_APPEND | O_NONBLOCK },
          ],
          n,
        );
      case 'fork':
        return { call: 'fork' };
      case 'clone-files':
        return { call: 'clone', flags: CLONE_FILES };
      case 'exit':
        return { call: 'exit_group', status: n };
      case 'getdents64':
        return { call: 'getdents64', fd, count: 4096 };
      case 'umask':
        return { call: 'umask', mask: pick([0o022, 0o077, 0o000], n) };
    }
  })();
  return { pid, sc };
}
