/**
 * The single calls of random cross-check traces: each with argument values picked to reach the
 * kernel's answers that matter here (errnos, edges, the files' states), on names in an empty
 * directory and the descriptors 3-5. Every call drawn here must be executable by the C executor
 * (test/crosscheck/gen.test.ts checks it against the descriptor table).
 */
import fc from 'fast-check';
import {
  CLOSE_RANGE_CLOEXEC,
  CLOSE_RANGE_UNSHARE,
  F_GETFD,
  F_GETFL,
  O_ACCMODE,
  O_APPEND,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_NOFOLLOW,
  O_NONBLOCK,
  O_RDONLY,
  O_RDWR,
  O_TRUNC,
  O_WRONLY,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from '../model/flags.js';
import { S_IFIFO } from '../model/modes.js';
import type { Syscall } from '../model/syscall/syscall.js';
const NAMES = ['a', 'b', 'd', 'd/e', 'l', 'p', 'd/f'];
const OPEN_FLAGS = [
  O_RDONLY,
  O_RDWR | O_CREAT,
  O_WRONLY | O_CREAT | O_TRUNC,
  O_RDWR | O_CREAT | O_EXCL,
  O_RDONLY | O_DIRECTORY,
  O_RDWR | O_APPEND | O_CREAT,
  O_RDONLY | O_NOFOLLOW,
  O_WRONLY,
  // Neither read nor write: a file opens for ioctls only, a fifo is EINVAL (fifo_open), a
  // directory EISDIR (may_open asks for MAY_WRITE too).
  O_ACCMODE,
].map((f) => f | O_NONBLOCK);

export const name = fc.constantFrom(...NAMES);
export const fd = fc.integer({ min: 3, max: 5 });

const openArb = fc.record({
  call: fc.constant('open' as const),
  path: name,
  flags: fc.constantFrom(...OPEN_FLAGS),
  mode: fc.constant(0o644),
});

/** Opens weigh more, so that descriptor calls mostly find something open. */
export const syscallArb: fc.Arbitrary<Syscall> = fc.oneof(
  { arbitrary: openArb, weight: 8 },
  fc.record({ call: fc.constant('close' as const), fd }),
  fc.record({ call: fc.constant('read' as const), fd, count: fc.constantFrom(0, 3, 64) }),
  fc.record({ call: fc.constant('write' as const), fd, data: fc.constantFrom('abc', 'Z', 'hello world\n') }),
  fc.record({
    call: fc.constant('pread64' as const),
    fd,
    count: fc.constantFrom(2, 64),
    offset: fc.constantFrom(0, 2, 100),
  }),
  fc.record({
    call: fc.constant('pwrite64' as const),
    fd,
    data: fc.constantFrom('XY', 'q'),
    offset: fc.constantFrom(0, 5, 4096),
  }),
  fc.record({
    call: fc.constant('lseek' as const),
    fd,
    offset: fc.constantFrom(0, 2, -1),
    whence: fc.constantFrom(SEEK_SET, SEEK_CUR, SEEK_END),
  }),
  fc.record({ call: fc.constant('ftruncate' as const), fd, length: fc.constantFrom(0, 2, 10) }),
  fc.record({ call: fc.constant('truncate' as const), path: name, length: fc.constantFrom(1, 7) }),
  fc.record({ call: fc.constant('stat' as const), path: name }),
  fc.record({ call: fc.constant('lstat' as const), path: name }),
  fc.record({ call: fc.constant('fstat' as const), fd }),
  fc.record({ call: fc.constant('link' as const), oldpath: name, newpath: name }),
  fc.record({ call: fc.constant('unlink' as const), path: name }),
  fc.record({ call: fc.constant('mkdir' as const), path: name, mode: fc.constant(0o755) }),
  fc.record({ call: fc.constant('rmdir' as const), path: name }),
  fc.record({ call: fc.constant('rename' as const), oldpath: name, newpath: name }),
  fc.record({ call: fc.constant('symlink' as const), target: name, linkpath: name }),
  fc.record({ call: fc.constant('readlink' as const), path: name, bufsiz: fc.constantFrom(3, 64) }),
  fc.record({
    call: fc.constant('mknod' as const),
    path: name,
    mode: fc.constant(S_IFIFO | 0o600),
    dev: fc.constant(0),
  }),
  fc.record({ call: fc.constant('dup' as const), fd }),
  fc.record({ call: fc.constant('dup2' as const), oldfd: fd, newfd: fd }),
  fc.record({ call: fc.constant('fcntl' as const), fd, cmd: fc.constantFrom(F_GETFL, F_GETFD), arg: fc.constant(0) }),
  fc.record({ call: fc.constant('getdents64' as const), fd, count: fc.constantFrom(24, 4096) }),
  fc.record({
    call: fc.constant('close_range' as const),
    fd,
    max_fd: fc.constantFrom(3, 4, 5, 0xffffffff),
    // 8 is no flag: EINVAL.
    flags: fc.constantFrom(0, CLOSE_RANGE_CLOEXEC, CLOSE_RANGE_UNSHARE, 8),
  }),
  // In-kernel copies: from the file positions or from offsets (-1 is EOVERFLOW/EINVAL), short at EOF.
  fc.record(
    {
      call: fc.constant('copy_file_range' as const),
      fd_in: fd,
      off_in: fc.constantFrom(0, 2, -1),
      fd_out: fd,
      off_out: fc.constantFrom(0, 3, 4096),
      len: fc.constantFrom(0, 4, 100),
      flags: fc.constantFrom(0, 0, 1),
    },
    { requiredKeys: ['call', 'fd_in', 'fd_out', 'len', 'flags'] },
  ),
  fc.record(
    {
      call: fc.constant('sendfile' as const),
      out_fd: fd,
      in_fd: fd,
      offset: fc.constantFrom(0, 3, -1),
      count: fc.constantFrom(0, 4, 100),
    },
    { requiredKeys: ['call', 'out_fd', 'in_fd', 'count'] },
  ),
  fc.record(
    {
      call: fc.constant('splice' as const),
      fd_in: fd,
      off_in: fc.constantFrom(0, 2),
      fd_out: fd,
      off_out: fc.constantFrom(0, 5),
      len: fc.constantFrom(0, 4, 100),
      // SPLICE_F_NONBLOCK, and 0x10, which is no flag: EINVAL.
      flags: fc.constantFrom(0, 2, 0x10),
    },
    { requiredKeys: ['call', 'fd_in', 'fd_out', 'len', 'flags'] },
  ),
);
