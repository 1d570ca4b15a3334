/** fs/open.c: build_open_how and build_open_flags — what open's flags and mode mean before any lookup. */
import type { Errno } from '../../model/errno.js';
import {
  O_ACCMODE,
  O_CLOEXEC,
  O_CREAT,
  O_DIRECTORY,
  O_DSYNC,
  O_EXCL,
  O_LARGEFILE,
  O_NOFOLLOW,
  O_PATH,
  O_TRUNC,
  VALID_OPEN_FLAGS,
  __O_SYNC,
  __O_TMPFILE,
} from '../../model/flags.js';
import { S_IALLUGO } from '../../model/modes.js';
import { LOOKUP_DIRECTORY, LOOKUP_FOLLOW } from '../vfs/namei.js';
import { MAY_READ, MAY_WRITE } from '../vfs/permission.js';

/** fs/open.c: O_PATH_FLAGS — what O_PATH keeps. */
const O_PATH_FLAGS = O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC;

/** fs/open.c: build_open_how + build_open_flags for open(2)/openat(2)/creat(2). */
export interface OpenFlags {
  /** op->open_flag: O_CLOEXEC stripped, O_LARGEFILE forced (not for O_PATH), __O_SYNC → O_DSYNC. */
  readonly flags: number;
  readonly accMode: number;
  readonly mode: number;
  readonly cloexec: boolean;
  readonly lookup: number;
}

export function buildOpenFlags(rawFlags: number, rawMode: number): OpenFlags | Errno {
  // SYSCALL_DEFINE3(open): force_o_largefile() on 64-bit; build_open_how: invalid bits dropped.
  let flags = (rawFlags | O_LARGEFILE) & VALID_OPEN_FLAGS;
  if ((flags & O_PATH) !== 0) flags &= O_PATH_FLAGS;
  const willCreate = (flags & (O_CREAT | __O_TMPFILE)) !== 0;
  const mode = willCreate ? rawMode & S_IALLUGO : 0;
  const cloexec = (flags & O_CLOEXEC) !== 0;
  flags &= ~O_CLOEXEC;
  let accMode = [MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE, MAY_READ | MAY_WRITE][flags & O_ACCMODE] ?? 0;
  // Debian 6.1 carries "fs: Block O_DIRECTORY | O_CREAT": EINVAL before anything else.
  if ((flags & (O_DIRECTORY | O_CREAT)) === (O_DIRECTORY | O_CREAT)) return 'EINVAL';
  if ((flags & __O_TMPFILE) !== 0) {
    if ((flags & O_DIRECTORY) === 0) return 'EINVAL';
    if ((accMode & MAY_WRITE) === 0) return 'EINVAL';
  }
  if ((flags & O_PATH) !== 0) accMode = 0;
  if ((flags & __O_SYNC) !== 0) flags |= O_DSYNC;
  if ((flags & O_TRUNC) !== 0) accMode |= MAY_WRITE;
  let lookup = 0;
  if ((flags & O_CREAT) !== 0 && (flags & O_EXCL) !== 0) flags |= O_NOFOLLOW;
  if ((flags & O_DIRECTORY) !== 0) lookup |= LOOKUP_DIRECTORY;
  if ((flags & O_NOFOLLOW) === 0) lookup |= LOOKUP_FOLLOW;
  // The O_NOFOLLOW added for O_CREAT|O_EXCL steers the lookup only; f_flags keeps what was asked.
  const fileFlags = (rawFlags & O_EXCL) !== 0 && (rawFlags & O_NOFOLLOW) === 0 ? flags & ~O_NOFOLLOW : flags;
  return { flags: fileFlags, accMode, mode, cloexec, lookup };
}
