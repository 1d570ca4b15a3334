/**
 * The values random cross-check traces draw for a call's arguments, as data: per argument kind
 * (refined by parameter name where one kind holds several things, as int does counts, offsets and
 * lengths), per flag set, and per call where a call needs its own. src/crosscheck/gen-derive.ts
 * turns a descriptor's arguments into a record of these. The names are those of an empty
 * directory and the descriptors 3-5, picked to reach the kernel's answers that matter here.
 */
import {
  AT_FDCWD,
  CLOSE_RANGE_CLOEXEC,
  CLOSE_RANGE_UNSHARE,
  F_GETFD,
  F_GETFL,
  MNT_DETACH,
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
import type { FlagSetName } from '../model/syscall/flag-sets.js';
import { timespec, timespecsBytes, UTIME_NOW, UTIME_OMIT } from '../model/syscall/timespecs.js';
import { gidBytes } from '../model/syscall/gid-list.js';
import type { ArgKind } from '../model/syscall/spec.js';
import type { SyscallName, SyscallOf } from '../model/syscall/syscall.js';

/** Every integer from min to max (fast-check's integer, which leans towards the small ones). */
export interface IntRange {
  readonly min: number;
  readonly max: number;
}

/** The values of an argument: constants drawn alike (a repeated one weighs more), or a range. */
export type Pool = readonly string[] | readonly number[] | IntRange;

/** The pool of a field whose values are `V`: strings for bytes, numbers otherwise. */
type PoolOf<V> = NonNullable<V> extends string ? readonly string[] : readonly number[] | IntRange;

/** Per-field pools of one call, named and typed by its record. */
export type FieldPools<N extends SyscallName> = {
  readonly [F in Exclude<keyof SyscallOf<N>, 'call'>]?: PoolOf<SyscallOf<N>[F]>;
};

/** The trace's names: files, a directory and a name in it, a symlink's and a fifo's usual names. */
export const NAMES: readonly string[] = ['a', 'b', 'd', 'd/e', 'l', 'p', 'd/f'];

/** The descriptors a trace's opens hand out first (0-2 are the executor's own). */
export const FDS: IntRange = { min: 3, max: 5 };

/** The kinds whose values the generator draws: flags come from FLAG_POOLS, and two kinds never. */
type PooledKind = Exclude<ArgKind, 'flags' | NeverDrawnKind>;
/**
 * A child pid is the kernel's to choose (the field is optional and left out); a program image
 * lies outside the modelled tree, and no executable call takes one.
 */
export type NeverDrawnKind = 'child' | 'program';

/** A kind's pool, and pools of its own for some parameter names (the descriptors' field names). */
export interface KindPools {
  readonly values: Pool;
  readonly byName?: Readonly<Record<string, Pool>>;
}

export const KIND_POOLS: { readonly [K in PooledKind]: KindPools } = {
  fd: { values: FDS },
  fdslot: { values: FDS },
  ctxfd: { values: FDS },
  // The cwd, or a descriptor: a directory, a file (ENOTDIR) or closed (EBADF).
  dirfd: { values: [AT_FDCWD, 3, 4, 5] },
  path: { values: NAMES },
  // A name, or NULL when the generator leaves the field out (recordArb: it is optional).
  optpath: { values: NAMES },
  // utimensat's times: NULL, now, unchanged, set (only an owner may), and one out of range.
  timespecs: {
    values: [
      '',
      timespecsBytes([timespec(0, UTIME_NOW), timespec(0, UTIME_NOW)]),
      timespecsBytes([timespec(0, UTIME_OMIT), timespec(0, UTIME_OMIT)]),
      timespecsBytes([timespec(1e9, 0), timespec(1e9, 0)]),
      timespecsBytes([timespec(0, 1e9), timespec(0, 0)]),
    ],
  },
  target: { values: NAMES },
  // Parsed strings: empty (mount's "no value"), and the relink= option's key and values.
  str: {
    values: [''],
    byName: { fs_name: ['ext4', 'btrfs', 'tmpfs'], key: ['relink'], value: ['/ckpt', ''], data: ['', 'relink=/ckpt'] },
  },
  data: { values: ['abc', 'Z', 'hello world\n'] },
  // Supplementary group lists (setgroups): none, one, two out of order.
  gids: { values: [gidBytes([]), gidBytes([1000]), gidBytes([1002, 1000])] },
  // A buffer for the answer, or NULL.
  outptr: { values: [1, 0] },
  mode: { values: [0o644] },
  int: {
    values: [0, 1, -1],
    byName: {
      // Nothing, all of 'abc' (part of 'hello world\n'), more than most files hold.
      count: [0, 3, 64],
      // Inside and past the end of most files (a few bytes each).
      offset: [0, 2, 100],
      // Empty, cut short, grown.
      length: [0, 2, 10],
      // As long as the longest target ('d/e'), and longer.
      bufsiz: [3, 64],
      // Each open descriptor, and ~0U (every descriptor up to the table's end).
      max_fd: [3, 4, 5, 0xffffffff],
      dev: [0],
      // fcntl's F_GET* commands take no argument.
      arg: [0],
      // copy_file_range's flags: 0, or 1, which is none (EINVAL), a third of the time.
      flags: [0, 0, 1],
    },
  },
  size: { values: [0, 4, 100] },
  // Offsets passed by pointer, or none (the file position is used): -1 is EINVAL or EOVERFLOW,
  // 4096 a block past most files' ends.
  offptr: { values: [0, 3, -1], byName: { off_in: [0, 2, -1], off_out: [0, 3, 4096] } },
};

/** Every open non-blocking: a blocking open of a fifo with no other end would hang the executor. */
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

/**
 * Flag sets whose values are chosen; any other set draws 0 and each of its symbols (bits) or each
 * of its values (enums), derived from src/model/syscall/flag-sets.ts.
 */
export const FLAG_POOLS: { readonly [S in FlagSetName]?: readonly number[] } = {
  open: OPEN_FLAGS,
  // SEEK_DATA and SEEK_HOLE are left out.
  whence: [SEEK_SET, SEEK_CUR, SEEK_END],
  // The commands that only read: F_SETFL and the F_DUPFD commands are not drawn.
  fcntl: [F_GETFL, F_GETFD],
  // 8 is no flag: EINVAL.
  close_range: [0, CLOSE_RANGE_CLOEXEC, CLOSE_RANGE_UNSHARE, 8],
  // SPLICE_F_NONBLOCK, and 0x10, which is no flag: EINVAL.
  splice: [0, 2, 0x10],
  // A plain unmount (EBUSY while in use) and a lazy one; MNT_FORCE and MNT_EXPIRE are left out.
  umount: [0, MNT_DETACH],
};

/**
 * Calls whose values differ from their kinds' pools, field by field. The values here are the ones
 * the seeded batch (checked on both QEMU kernels) draws; folding one into its kind's pool changes
 * that batch.
 */
export const CALL_POOLS: { readonly [N in SyscallName]?: FieldPools<N> } = {
  // No 0-byte read (read draws it): part of a file, or past its end.
  pread64: { count: [2, 64] },
  // Bytes unlike write's, so that what a read returns shows which call wrote it; 5 writes past a
  // short file's end (a gap of zeros), 4096 a block on (a hole).
  pwrite64: { data: ['XY', 'q'], offset: [0, 5, 4096] },
  // -1: a negative position is EINVAL from SEEK_SET, one byte back from SEEK_CUR and SEEK_END.
  lseek: { offset: [0, 2, -1] },
  // Sizes other than ftruncate's (cut to 1 byte, grown to 7), as first chosen.
  truncate: { length: [1, 7] },
  // A directory, with its search bits.
  mkdir: { mode: [0o755] },
  // A fifo: the file type is mknod's point, and fifos are the special files the series must keep
  // (gen.ts relinks them); regular files are open's.
  mknod: { mode: [S_IFIFO | 0o600] },
  // 24 bytes hold one entry of a one-letter name (linux_dirent64: 19 bytes and the name, 8-aligned),
  // so a directory is read in several calls; 4096 holds them all.
  getdents64: { count: [24, 4096] },
  // Offsets chosen apart from copy_file_range's, as first chosen: no -1, no 4096.
  splice: { off_in: [0, 2], off_out: [0, 5] },
};
