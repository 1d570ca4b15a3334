/**
 * unlink, unlinkat and rmdir in three steps, cut where fs/namei.c do_unlinkat and do_rmdir take or
 * drop a lock:
 *
 * 1. lookup: filename_parentat, the last name's type, mnt_want_write; the parent path held.
 * 2. lock_parent: inode_lock_nested(parent, I_MUTEX_PARENT), lookup_one_qstr_excl, then vfs_unlink
 *    under inode_lock(victim) (->unlink, d_delete), or vfs_rmdir under inode_lock(victim dir)
 *    (->rmdir, S_DEAD, d_delete). The victim's lock is taken and dropped inside the step; the step
 *    waits until both are free (nothing between the two acquisitions needs the first).
 *    do_unlinkat keeps the victim's inode (ihold), vfs_rmdir its dentry (dget).
 * 3. unlock: inode_unlock(parent), then the final iput ("truncate the inode here", which evicts an
 *    inode with no links and no other user) or dput, and path_put(parent).
 */
import type { HeldLock } from '../../model/inflight.js';
import { AT_FDCWD, AT_REMOVEDIR } from '../../model/flags.js';
import type { DentryId, Pid } from '../../model/ids.js';
import type { Res } from '../vfs/result.js';
import { ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import {
  rmdirName,
  rmdirParent,
  rmdirVictim,
  unlinkName,
  unlinkParent,
  unlinkVictim,
  type PendingRemove,
} from '../calls/unlink.js';
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
import { dChild } from '../vfs/d-children.js';

type RemoveCall = SyscallOf<'unlink'> | SyscallOf<'unlinkat'> | SyscallOf<'rmdir'>;

const isRmdir = (sc: RemoveCall): boolean =>
  sc.call === 'rmdir' || (sc.call === 'unlinkat' && (sc.flags & AT_REMOVEDIR) !== 0);

const callIn = (w: RWorld, pid: Pid): RemoveCall => callOf(w, pid, 'unlink', 'unlinkat', 'rmdir');

/** The name being removed: the held parent, the last component and its trailing slash. */
export function pending(w: RWorld, pid: Pid): PendingRemove {
  const d = inflightOf(w, pid)?.data;
  return {
    dir: held(w, pid, 'parent', 'path').path,
    last: typeof d?.['last'] === 'string' ? d['last'] : '',
    trailingSlash: d?.['slash'] === true,
  };
}

/** The parent's lock, and the victim's if the name is there now (as vfs_unlink takes them). */
export function parentAndVictim(w: RWorld, pid: Pid): HeldLock[] {
  const p = pending(w, pid);
  const dirIno = rDentry(w, p.dir.dentry).d_inode;
  const child = dChild(rDentry(w, p.dir.dentry), p.last);
  const victimIno = child === undefined ? null : rDentry(w, child).d_inode;
  return [dirIno, victimIno].flatMap((i): HeldLock[] => (i === null ? [] : [{ kind: 'i_rwsem', inode: i }]));
}

function lookupStep(w: MWorld, pid: Pid): SysResult | null {
  const sc = callIn(w, pid);
  // SYSCALL_DEFINE3(unlinkat): only AT_REMOVEDIR is a valid flag.
  if (sc.call === 'unlinkat' && (sc.flags & ~AT_REMOVEDIR) !== 0) return endWithErrno(w, pid, 'EINVAL');
  const dfd = sc.call === 'unlinkat' ? sc.dirfd : AT_FDCWD;
  const task = rTask(w, pid);
  const p = isRmdir(sc) ? rmdirParent(w, task, dfd, sc.path) : unlinkParent(w, task, dfd, sc.path);
  if (!p.ok) return endWithErrno(w, pid, p.errno);
  hold(w, pid, 'parent', { kind: 'path', path: p.value.dir });
  setData(w, pid, 'last', p.value.last);
  setData(w, pid, 'slash', p.value.trailingSlash);
  return goTo(w, pid, 'lock_parent');
}

function lockParentStep(w: MWorld, pid: Pid): SysResult | null {
  const sc = callIn(w, pid);
  const task = rTask(w, pid);
  const p = pending(w, pid);
  const dirIno = rDentry(w, p.dir.dentry).d_inode;
  if (dirIno !== null) lock(w, pid, { kind: 'i_rwsem', inode: dirIno });
  const rmdir = isRmdir(sc);
  const v: Res<DentryId> = rmdir ? rmdirVictim(w, task, p) : unlinkVictim(w, task, p);
  if (!v.ok) return unwindWithErrno(w, pid, v.errno);
  if (rmdir) {
    hold(w, pid, 'victim', { kind: 'dentry', dentry: v.value });
    rmdirName(w, p.dir.dentry, v.value);
  } else {
    const ino = rDentry(w, v.value).d_inode;
    if (ino !== null) hold(w, pid, 'victim', { kind: 'inode', inode: ino });
    unlinkName(w, v.value);
  }
  return goTo(w, pid, 'unlock');
}

function unlockStep(w: MWorld, pid: Pid): SysResult {
  unlockAll(w, pid);
  if (inflightOf(w, pid)?.refs['victim'] !== undefined) release(w, pid, 'victim');
  release(w, pid, 'parent');
  return endInflight(w, pid, ok(0));
}

export const UNLINK: SplitCall = {
  first: 'lookup',
  steps: {
    lookup: {
      doc: 'fs/namei.c: do_unlinkat / do_rmdir → filename_parentat, mnt_want_write; no locks, the parent held',
      takes: NO_LOCKS,
      run: lookupStep,
    },
    lock_parent: {
      doc: 'fs/namei.c: do_unlinkat (do_rmdir alike) → inode_lock_nested(parent, I_MUTEX_PARENT), lookup_one_qstr_excl; vfs_unlink / vfs_rmdir under inode_lock(victim), d_delete',
      takes: parentAndVictim,
      run: lockParentStep,
    },
    unlock: {
      doc: 'fs/namei.c: do_unlinkat (do_rmdir alike) → inode_unlock(parent); iput(victim inode) or dput(victim dentry) (eviction happens here); path_put(parent)',
      takes: NO_LOCKS,
      run: unlockStep,
    },
  },
};
