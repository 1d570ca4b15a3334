// Random syscalls for the model fuzzer, valid and invalid alike, derived from the one table of
// syscall fields (src/model/syscall/fields.ts): every call the model knows, today's and tomorrow's, is
// fuzzed. Values come from pools per field name (fds, flags, sizes, paths), mixed with arbitrary
// integers and bytes, so both the errno paths and the deep paths are reached.
import fc from 'fast-check';
import { intentArb, resolveIntent, runningPids, type Intent } from '../helpers/alphabet.js';
import type { World } from '../../src/model/world.js';
import * as F from '../../src/model/flags.js';
import { S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFREG, S_IFSOCK } from '../../src/model/modes.js';
import type { Syscall, SyscallName } from '../../src/model/syscall/syscall.js';
import { SYSCALL_FIELDS, type FieldType } from '../../src/model/syscall/fields.js';
import { timespec, timespecsBytes, UTIME_NOW, UTIME_OMIT } from '../../src/model/syscall/timespecs.js';

const INT32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const UINT32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
/** Mostly a pool value, sometimes anything of the type. */
const pool = <T>(values: readonly T[], any: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 4 }, { arbitrary: any, weight: 1 });

// Mostly the descriptors a short sequence opens (3 up), so calls reach past EBADF.
const FDS = [
  ...[3, 3, 3, 3, 4, 4, 4, 5, 5, 6, 7, F.AT_FDCWD, F.AT_FDCWD],
  ...[-1, 0, 1, 2, 9, 63, 1023, 1024, 1048575, 1048576, 2 ** 31 - 1, -(2 ** 31)],
];
const SIZES = [0, 1, 3, 4, 64, 4095, 4096, 4097, 65536, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 1e9, 2 ** 40, -1, -4096];
const OPEN_FLAGS = [
  F.O_RDONLY,
  F.O_WRONLY,
  F.O_RDWR,
  F.O_ACCMODE,
  F.O_RDWR | F.O_CREAT,
  F.O_WRONLY | F.O_CREAT | F.O_TRUNC,
  F.O_RDWR | F.O_CREAT | F.O_EXCL,
  F.O_RDONLY | F.O_NONBLOCK,
  F.O_WRONLY | F.O_NONBLOCK,
  F.O_RDWR | F.O_APPEND,
  F.O_RDONLY | F.O_DIRECTORY,
  F.O_PATH,
  F.O_PATH | F.O_NOFOLLOW,
  F.O_RDWR | F.O_TMPFILE,
  F.O_RDWR | F.O_TMPFILE | F.O_EXCL,
  F.O_WRONLY | F.O_DIRECT | F.O_CREAT,
  F.O_RDONLY | F.O_CLOEXEC,
];
const AT_FLAGS = [0, F.AT_EMPTY_PATH, F.AT_SYMLINK_FOLLOW, F.AT_SYMLINK_NOFOLLOW, F.AT_REMOVEDIR, 0x10000];
const RENAME_FLAGS = [0, F.RENAME_NOREPLACE, F.RENAME_EXCHANGE, F.RENAME_WHITEOUT, 7];
const MOUNT_FLAGS = [
  0,
  F.MS_REMOUNT,
  F.MS_REMOUNT | F.MS_RDONLY,
  F.MS_BIND,
  F.MS_BIND | F.MS_REC,
  F.MS_MOVE,
  F.MS_PRIVATE,
  F.MS_SHARED,
  F.MS_RDONLY,
];
const MODES = [0, 0o644, 0o755, 0o7777, S_IFIFO | 0o644, S_IFREG | 0o600, S_IFDIR | 0o755, S_IFCHR, S_IFBLK];
const MODES_ODD = [S_IFSOCK | 0o644, S_IFLNK | 0o777, 0o170000];
const FCNTL = [F.F_DUPFD, F.F_GETFD, F.F_SETFD, F.F_GETFL, F.F_SETFL, F.F_DUPFD_CLOEXEC, 1024, 1025, -1];
const PATHS = [
  '',
  '/',
  '.',
  '..',
  '/..',
  'a',
  'b',
  'a/b',
  '/a',
  'a/',
  'd',
  'd/e',
  '//d/./e/',
  'p',
  'l',
  'ckpt',
  'ckpt/r',
  '/proc/self/fd/3',
  '/proc/self/fd/4',
  '/proc/self/cwd',
  'x'.repeat(255),
  'x'.repeat(256),
  'y/'.repeat(2048),
  '\u00ff\u0001',
];
const DATA = ['', 'a', 'hello\n', '\u0000\u00ff', 'z'.repeat(5000)];
const MOUNT_DATA = ['', 'relink=/ckpt', 'relink=', 'relink=/a', 'relink=..', 'relink=/nope', 'ro', 'mode=1777', 'x=1'];
const FSTYPES = ['', 'ext4', 'tmpfs', 'btrfs', 'proc', 'nosuchfs'];
/** utimensat's times: NULL, now, unchanged, set, now and unchanged, an invalid tv_nsec. */
const TIMES = [
  '',
  timespecsBytes([timespec(0, UTIME_NOW), timespec(0, UTIME_NOW)]),
  timespecsBytes([timespec(0, UTIME_OMIT), timespec(0, UTIME_OMIT)]),
  timespecsBytes([timespec(1e9, 0), timespec(1e9, 5)]),
  timespecsBytes([timespec(0, UTIME_NOW), timespec(0, UTIME_OMIT)]),
  timespecsBytes([timespec(0, -1), timespec(0, 0)]),
];

const BYTES = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 12 });

/** The flags worth trying, by call: each family takes its own. */
function flagsFor(call: SyscallName): readonly number[] {
  if (call === 'open' || call === 'openat') return OPEN_FLAGS;
  if (call === 'renameat2') return RENAME_FLAGS;
  if (call === 'mount') return MOUNT_FLAGS;
  if (call === 'umount2') return [0, F.MNT_DETACH, F.MNT_FORCE, F.MNT_EXPIRE, F.UMOUNT_NOFOLLOW];
  if (call === 'clone') return [0, F.CLONE_FILES, F.CLONE_FS, F.CLONE_NEWNS, F.CLONE_VM | F.CLONE_VFORK];
  if (call === 'close_range') return [0, F.CLOSE_RANGE_CLOEXEC, F.CLOSE_RANGE_UNSHARE];
  if (call === 'dup3') return [0, F.O_CLOEXEC];
  return AT_FLAGS;
}

/** The values for one field of one call, by its name and type. */
function fieldArb(call: SyscallName, name: string, type: FieldType): fc.Arbitrary<number | string | undefined> {
  if (type === 'optint') return fc.constantFrom(undefined, 2, 3, 4, 5, 1, -1, 0);
  if (type === 'optbytes') return fc.option(pool(PATHS, BYTES), { nil: undefined });
  if (type === 'bytes') {
    if (name === 'times') return pool(TIMES, BYTES);
    if (name === 'data' && call === 'mount') return pool(MOUNT_DATA, BYTES);
    if (name === 'data' || name === 'bytes') return pool(DATA, BYTES);
    if (name === 'fstype') return pool(FSTYPES, BYTES);
    if (name === 'source') return pool(['', 'none', 'a', '/d', '/dev/vda'], BYTES);
    return pool(PATHS, BYTES);
  }
  if (/fd$|^fd|dirfd/.test(name)) return pool(FDS, INT32);
  if (name === 'count' || name === 'bufsiz' || name === 'length' || name === 'offset' || name === 'len')
    return pool(SIZES, fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }));
  if (name === 'mode') return pool([...MODES, ...MODES_ODD], UINT32);
  if (name === 'whence') return fc.integer({ min: -1, max: 6 });
  if (name === 'cmd') return pool(FCNTL, INT32);
  if (name === 'mask') return pool([0, 0o22, 0o77, 0o777], UINT32);
  if (name === 'uid' || name === 'gid') return pool([0, 1000, 65534, -1, 2 ** 32 - 1], INT32);
  if (name === 'dev') return pool([0, 0x0801, 0x0103], UINT32);
  if (name === 'status') return INT32;
  return pool(flagsFor(call), UINT32);
}

const NAMES = Object.keys(SYSCALL_FIELDS) as SyscallName[];

/** Calls that end or replace a task: rare, or sequences would end before they get anywhere. */
const ENDING = new Set<string>(['exit', 'exit_group', 'execve', 'vfork']);

/** One call's records, its fields drawn from their pools. */
function callArb(call: SyscallName): fc.Arbitrary<Syscall> {
  const entries = Object.entries(SYSCALL_FIELDS[call]).map(([k, t]) =>
    fieldArb(call, k, t).map((v) => [k, v] as const),
  );
  return fc.tuple(...entries).map((kv) => {
    const rec: Record<string, number | string> = { call };
    for (const [k, v] of kv) if (v !== undefined) rec[k] = v;
    // The schema is the one description of a call's fields; a record built from it is a Syscall.
    return rec as unknown as Syscall;
  });
}

/** Any syscall record the model accepts, with field values good and bad. */
export const anySyscall: fc.Arbitrary<Syscall> = fc.oneof(
  ...NAMES.map((call) => ({ arbitrary: callArb(call), weight: ENDING.has(call) ? 1 : 6 })),
);

/**
 * One step of a fuzz sequence: either an intent of the checker's alphabet, resolved against the
 * world (open names, live fds: it builds the state deep calls need), or a raw record from any
 * syscall's pools, made by a running task or, now and then, by any small pid.
 */
export type FuzzCall =
  | { readonly kind: 'intent'; readonly intent: Intent }
  | {
      readonly kind: 'raw';
      readonly pidPick: number;
      readonly anyPid: boolean;
      /** Point the call's fd fields at descriptors the task has open (else the pools' values). */
      readonly liveFds: boolean;
      readonly sc: Syscall;
    };

export const fuzzCall: fc.Arbitrary<FuzzCall> = fc.oneof(
  intentArb.map((intent) => ({ kind: 'intent' as const, intent })),
  fc.record({
    kind: fc.constant('raw' as const),
    pidPick: fc.nat({ max: 1000 }),
    anyPid: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
    liveFds: fc.boolean(),
    sc: anySyscall,
  }),
);

/** The task and call a step makes in `w`, or null when no task can make it. */
export function resolveFuzzCall(w: World, c: FuzzCall): { pid: number; sc: Syscall } | null {
  if (c.kind === 'intent') return resolveIntent(w, c.intent);
  const running = runningPids(w);
  if (c.anyPid) return { pid: c.pidPick % 8, sc: c.sc };
  if (running.length === 0) return null;
  const pid = running[c.pidPick % running.length] ?? 1;
  return { pid, sc: c.liveFds ? withLiveFds(w, pid, c.sc, c.pidPick) : c.sc };
}

const FD_FIELDS = new Set(['fd', 'oldfd', 'fd_in', 'fd_out', 'dirfd', 'olddirfd', 'newdirfd']);

/** The call with its fd fields pointing at descriptors `pid` has open, chosen by `pick`. */
function withLiveFds(w: World, pid: number, sc: Syscall, pick: number): Syscall {
  const table = w.fdtables[w.tasks[pid]?.files ?? -1];
  const open = Object.keys(table?.fds ?? {}).map(Number);
  if (open.length === 0) return sc;
  const rec: Record<string, unknown> = { ...sc };
  let n = pick;
  for (const k of Object.keys(rec)) if (FD_FIELDS.has(k)) rec[k] = open[n++ % open.length];
  return rec as unknown as Syscall;
}
