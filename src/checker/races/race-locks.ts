/**
 * The sleeping locks an operation that runs as one step takes, so that it waits while another task
 * holds one of them across its steps. Only directory locks and s_umount are ever held across steps
 * (src/ops/steps/), so only those are listed: the parent directory of a name a call creates
 * (fs/namei.c: filename_create, open_last_lookups under O_CREAT) and relink_dir for a checkpoint's
 * relinks.
 */
import type { HeldLock } from '../../model/inflight.js';
import { AT_FDCWD, O_CREAT } from '../../model/flags.js';
import type { World } from '../../model/world.js';
import { filenameParentat } from '../../ops/vfs/namei.js';
import type { Syscall } from '../../model/syscall/syscall.js';
import type { RaceOp } from './race-programs.js';

/** The directory a name would be created in, as pid sees it. */
function parentLock(w: World, pid: number, dfd: number, path: string): HeldLock[] {
  const task = w.tasks[pid];
  if (task === undefined) return [];
  const p = filenameParentat(w, task, dfd, path);
  if (!p.ok || p.value.dir.kind !== 'path') return [];
  const ino = w.dentries[p.value.dir.path.dentry]?.d_inode ?? null;
  return ino === null ? [] : [{ kind: 'i_rwsem', inode: ino }];
}

function callLocks(w: World, pid: number, sc: Syscall): HeldLock[] {
  switch (sc.call) {
    case 'open':
      return (sc.flags & O_CREAT) !== 0 ? parentLock(w, pid, AT_FDCWD, sc.path) : [];
    case 'openat':
      return (sc.flags & O_CREAT) !== 0 ? parentLock(w, pid, sc.dirfd, sc.path) : [];
    case 'creat':
    case 'mkdir':
    case 'mknod':
      return parentLock(w, pid, AT_FDCWD, sc.path);
    case 'mkdirat':
    case 'mknodat':
      return parentLock(w, pid, sc.dirfd, sc.path);
    case 'symlink':
      return parentLock(w, pid, AT_FDCWD, sc.linkpath);
    case 'symlinkat':
      return parentLock(w, pid, sc.newdirfd, sc.linkpath);
    default:
      return [];
  }
}

/** relink_dir of every superblock: a checkpoint may relink into any of them. */
function relinkDirLocks(w: World): HeldLock[] {
  return Object.values(w.superblocks).flatMap((sb): HeldLock[] => {
    const ino = sb.s_relink_dir === null ? null : (w.dentries[sb.s_relink_dir]?.d_inode ?? null);
    return ino === null ? [] : [{ kind: 'i_rwsem', inode: ino }];
  });
}

/** The locks of an operation that runs as one step (a cleanup runs as its calls: race-cleanup.ts). */
export function opLocks(w: World, pid: number, op: Exclude<RaceOp, { kind: 'cleanup' }>): HeldLock[] {
  switch (op.kind) {
    case 'call':
      return callLocks(w, pid, op.sc);
    case 'checkpoint':
      return relinkDirLocks(w);
  }
}
