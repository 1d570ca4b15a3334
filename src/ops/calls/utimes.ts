/**
 * utimensat: fs/utimes.c (6.1) SYSCALL_DEFINE4(utimensat) → do_utimes → do_utimes_path or
 * do_utimes_fd → vfs_utimes → notify_change. The model keeps no timestamps, so the call answers
 * only whether the change is allowed: 0 or its errno, the world unchanged either way. Times NULL
 * (or both UTIME_NOW) ask ATTR_TOUCH (owner, CAP_FOWNER or write permission); any other times ask
 * ATTR_TIMES_SET (owner or CAP_FOWNER); both UTIME_OMIT change nothing and are not even looked up.
 */
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW } from '../../model/flags.js';
import type { Pid } from '../../model/ids.js';
import type { Path } from '../../model/mount.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { timespecsOf, UTIME_NOW, UTIME_OMIT, type Timespec } from '../../model/syscall/timespecs.js';
import type { Task } from '../../model/task.js';
import { notifyChange } from '../vfs/attr.js';
import { fdget } from '../vfs/copy-checks.js';
import { LOOKUP_EMPTY, LOOKUP_FOLLOW } from '../vfs/namei.js';
import { mntIsReadonly } from '../vfs/namespace.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import { rFile, rTask, type MWorld } from '../vfs/world-draft.js';
import { inodeAt, userPathAt } from './attr.js';
import type { Handlers } from './handler.js';

type Pair = readonly [Timespec, Timespec];

const NOW = BigInt(UTIME_NOW);
const OMIT = BigInt(UTIME_OMIT);

/** fs/utimes.c: nsec_valid — UTIME_NOW, UTIME_OMIT, or 0 to 999999999. */
const nsecValid = (nsec: bigint): boolean => nsec === NOW || nsec === OMIT || (nsec >= 0n && nsec <= 999999999n);

/**
 * fs/utimes.c: vfs_utimes — EINVAL for a tv_nsec out of range, then mnt_want_write (EROFS), then
 * notify_change: may_setattr (ATTR_TOUCH: immutable EPERM, else owner, CAP_FOWNER or write
 * permission; ATTR_TIMES_SET: immutable or append-only EPERM) and setattr_prepare (ATTR_TIMES_SET:
 * owner or CAP_FOWNER, else EPERM). Both UTIME_NOW is NULL: a touch.
 */
function vfsUtimes(w: MWorld, task: Task, p: Path, times: Pair | null): SysResult {
  if (times !== null && !(nsecValid(times[0].tv_nsec) && nsecValid(times[1].tv_nsec))) return fail('EINVAL');
  const touch = times === null || (times[0].tv_nsec === NOW && times[1].tv_nsec === NOW);
  if (mntIsReadonly(w, p.mnt)) return fail('EROFS');
  const err = notifyChange(w, task, inodeAt(w, p), touch ? { touch: true } : { timesSet: true });
  return err === null ? ok(0) : fail(err);
}

/** fs/utimes.c: do_utimes_path — flags beyond AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH are EINVAL. */
function doUtimesPath(w: MWorld, task: Task, dfd: number, name: string | undefined, times: Pair | null, flags: number) {
  if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) !== 0) return fail('EINVAL');
  // getname of a NULL name (with AT_FDCWD: the futimens form needs a descriptor) faults.
  if (name === undefined) return fail('EFAULT');
  let how = (flags & AT_SYMLINK_NOFOLLOW) !== 0 ? 0 : LOOKUP_FOLLOW;
  if ((flags & AT_EMPTY_PATH) !== 0) how |= LOOKUP_EMPTY;
  const p = userPathAt(w, task, dfd, name, how);
  return typeof p === 'string' ? fail(p) : vfsUtimes(w, task, p, times);
}

/** fs/utimes.c: do_utimes_fd — no flags at all (EINVAL), then fdget (EBADF, O_PATH included). */
function doUtimesFd(w: MWorld, pid: Pid, fd: number, times: Pair | null, flags: number): SysResult {
  if (flags !== 0) return fail('EINVAL');
  const file = fdget(w, pid, fd);
  if (file === null) return fail('EBADF');
  return vfsUtimes(w, rTask(w, pid), rFile(w, file).f_path, times);
}

/**
 * The times are read first: a pair the kernel cannot read is EFAULT, and both UTIME_OMIT return 0
 * before the name, the descriptor or the flags are looked at. A NULL name with a descriptor other
 * than AT_FDCWD names the descriptor's file (do_utimes).
 */
export function sys_utimensat(w: MWorld, pid: Pid, sc: SyscallOf<'utimensat'>): SysResult {
  const times = timespecsOf(sc.times);
  if (times === 'unreadable') return fail('EFAULT');
  if (times !== null && times[0].tv_nsec === OMIT && times[1].tv_nsec === OMIT) return ok(0);
  if (sc.pathname === undefined && sc.dirfd !== AT_FDCWD) return doUtimesFd(w, pid, sc.dirfd, times, sc.flags);
  return doUtimesPath(w, rTask(w, pid), sc.dirfd, sc.pathname, times, sc.flags);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const UTIMES_CALLS: Handlers<'utimensat'> = {
  utimensat: sys_utimensat,
};
