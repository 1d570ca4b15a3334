/**
 * rename, renameat and renameat2 in three steps, cut where fs/namei.c do_renameat2 takes or drops
 * a lock:
 *
 * 1. lookup: the flags, filename_parentat twice, EXDEV, mnt_want_write; both parents held.
 * 2. lock_rename: lock_rename (s_vfs_rename_mutex and both parents' locks, kept to step 3), the
 *    lookups, then vfs_rename under the victims' locks (both for non-directories, else only the
 *    target: 6.1 does not lock a directory it moves), ->rename, d_move. The step waits until every
 *    lock it takes is free.
 * 3. unlock: unlock_rename, path_put of both parents.
 */
import type { HeldLock } from '../../model/inflight.js';
import { AT_FDCWD } from '../../model/flags.js';
import type { Pid } from '../../model/ids.js';
import { renameLocked, renameParents, renameVictimInodes, type PendingRename } from '../calls/rename.js';
import { ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { rDentry, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';
import {
  callOf,
  endInflight,
  endWithErrno,
  goTo,
  held,
  hold,
  inflightOf,
  lock,
  release,
  setData,
  unlockAll,
  unwindWithErrno,
} from './inflight.js';
import { NO_LOCKS, type SplitCall } from './types.js';

type RenameCall = SyscallOf<'rename'> | SyscallOf<'renameat'> | SyscallOf<'renameat2'>;

const callIn = (w: RWorld, pid: Pid): RenameCall => callOf(w, pid, 'rename', 'renameat', 'renameat2');

const args = (sc: RenameCall) =>
  sc.call === 'rename'
    ? { olddfd: AT_FDCWD, newdfd: AT_FDCWD, flags: 0 }
    : { olddfd: sc.olddirfd, newdfd: sc.newdirfd, flags: sc.call === 'renameat2' ? sc.flags : 0 };

function pending(w: RWorld, pid: Pid): PendingRename {
  const d = inflightOf(w, pid)?.data ?? {};
  const str = (k: string): string => {
    const v = d[k];
    return typeof v === 'string' ? v : '';
  };
  return {
    oldDir: held(w, pid, 'old', 'path').path,
    oldLast: str('oldLast'),
    oldSlash: d['oldSlash'] === true,
    newDir: held(w, pid, 'new', 'path').path,
    newLast: str('newLast'),
    newSlash: d['newSlash'] === true,
  };
}

/** Both parents (lock_rename), kept to step 3. */
function parentLocks(w: RWorld, pid: Pid): HeldLock[] {
  const p = pending(w, pid);
  const inos = [p.oldDir.dentry, p.newDir.dentry].map((d) => rDentry(w, d).d_inode);
  const uniq = [...new Set(inos.filter((i) => i !== null))];
  return uniq.map((inode) => ({ kind: 'i_rwsem', inode }));
}

const allLocks = (w: RWorld, pid: Pid): HeldLock[] => [
  ...parentLocks(w, pid),
  ...renameVictimInodes(w, pending(w, pid)).map((inode): HeldLock => ({ kind: 'i_rwsem', inode })),
];

function lookupStep(w: MWorld, pid: Pid): SysResult | null {
  const sc = callIn(w, pid);
  const a = args(sc);
  const p = renameParents(w, rTask(w, pid), a.olddfd, sc.oldpath, a.newdfd, sc.newpath, a.flags);
  if (!p.ok) return endWithErrno(w, pid, p.errno);
  hold(w, pid, 'old', { kind: 'path', path: p.value.oldDir });
  hold(w, pid, 'new', { kind: 'path', path: p.value.newDir });
  setData(w, pid, 'oldLast', p.value.oldLast);
  setData(w, pid, 'oldSlash', p.value.oldSlash);
  setData(w, pid, 'newLast', p.value.newLast);
  setData(w, pid, 'newSlash', p.value.newSlash);
  return goTo(w, pid, 'lock_rename');
}

function lockRenameStep(w: MWorld, pid: Pid): SysResult | null {
  const sc = callIn(w, pid);
  for (const l of parentLocks(w, pid)) lock(w, pid, l);
  const r = renameLocked(w, rTask(w, pid), pending(w, pid), args(sc).flags);
  if (r.ok === false) return unwindWithErrno(w, pid, r.errno);
  return goTo(w, pid, 'unlock');
}

function unlockStep(w: MWorld, pid: Pid): SysResult {
  unlockAll(w, pid);
  release(w, pid, 'new');
  release(w, pid, 'old');
  return endInflight(w, pid, ok(0));
}

export const RENAME: SplitCall = {
  first: 'lookup',
  steps: {
    lookup: {
      doc: 'fs/namei.c: do_renameat2 → filename_parentat twice, mnt_want_write; no locks, both parents held',
      takes: NO_LOCKS,
      run: lookupStep,
    },
    lock_rename: {
      doc: 'fs/namei.c: lock_rename (both parents), lookups; vfs_rename under the victims locks, ->rename, d_move',
      takes: allLocks,
      run: lockRenameStep,
    },
    unlock: {
      doc: 'fs/namei.c: unlock_rename, path_put of both parents',
      takes: NO_LOCKS,
      run: unlockStep,
    },
  },
};
