/**
 * The conditional unlink the relink series' cleanup needs (patch 10; docs/relink-series.md): remove
 * a name only if it still names the inode checkpoint linked there, decided in the same locked
 * section as the removal. Linux 6.1 has no such call and our port does not add one yet (future
 * work); FreeBSD has had it since 2019 as funlinkat(dfd, path, fd, flag) (kern_funlinkat: the
 * parent and the victim locked by namei, then `fp->f_vnode != vp` is EDEADLK). It takes an fd
 * (the cleaner's O_PATH fd), which names the inode itself and pins it, so that its ino cannot be
 * given to another file meanwhile; (st_dev, st_ino) alone can be (relink-cleanup.ts). The model's
 * cleaner holds no fd: the call names the inode object checkpoint linked (`inode`), which decides
 * the same; without the pin the relinked inode may be freed earlier than the fd would let it.
 *
 * Three steps, cut like do_unlinkat's (unlink-steps.ts):
 * 1. lookup: filename_parentat, mnt_want_write; the parent held.
 * 2. lock_parent: inode_lock_nested(parent), lookup_one_qstr_excl, the identity check (EDEADLK when
 *    the name now names another inode), vfs_unlink under inode_lock(victim), d_delete.
 * 3. unlock: inode_unlock(parent), iput(victim), path_put(parent).
 */
import type { Pid } from '../../model/ids.js';
import type { FunlinkCall } from '../../model/inflight.js';
import { ModelBug } from '../../model/errors.js';
import { ok, type SysResult } from '../vfs/result.js';
import { unlinkName, unlinkParent, unlinkVictim } from '../calls/unlink.js';
import { rDentry, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';
import {
  endInflight,
  endWithErrno,
  goTo,
  hold,
  inflightOf,
  lock,
  release,
  setData,
  unlockAll,
  unwindWithErrno,
} from './inflight.js';
import { NO_LOCKS, type SplitCall } from './types.js';
import { parentAndVictim, pending } from './unlink-steps.js';

function callIn(w: RWorld, pid: Pid): FunlinkCall {
  const c = inflightOf(w, pid)?.call;
  if (c?.call !== 'funlinkat') throw new ModelBug(`task ${pid} is not in funlinkat`);
  return c;
}

function lookupStep(w: MWorld, pid: Pid): SysResult | null {
  const sc = callIn(w, pid);
  const p = unlinkParent(w, rTask(w, pid), sc.dirfd, sc.path);
  if (!p.ok) return endWithErrno(w, pid, p.errno);
  hold(w, pid, 'parent', { kind: 'path', path: p.value.dir });
  setData(w, pid, 'last', p.value.last);
  return goTo(w, pid, 'lock_parent');
}

function lockParentStep(w: MWorld, pid: Pid): SysResult | null {
  const sc = callIn(w, pid);
  const p = pending(w, pid);
  const dirIno = rDentry(w, p.dir.dentry).d_inode;
  if (dirIno !== null) lock(w, pid, { kind: 'i_rwsem', inode: dirIno });
  const v = unlinkVictim(w, rTask(w, pid), p);
  const ino = v.ok ? rDentry(w, v.value).d_inode : null;
  if (!v.ok || ino === null || ino !== sc.inode) return unwindWithErrno(w, pid, v.ok ? 'EDEADLK' : v.errno);
  hold(w, pid, 'victim', { kind: 'inode', inode: ino });
  unlinkName(w, v.value);
  return goTo(w, pid, 'unlock');
}

function unlockStep(w: MWorld, pid: Pid): SysResult {
  unlockAll(w, pid);
  release(w, pid, 'victim');
  release(w, pid, 'parent');
  return endInflight(w, pid, ok(0));
}

export const FUNLINKAT: SplitCall = {
  first: 'lookup',
  steps: {
    lookup: {
      doc: 'do_unlinkat → filename_parentat, mnt_want_write; no locks, the parent held',
      takes: NO_LOCKS,
      run: lookupStep,
    },
    lock_parent: {
      doc: 'inode_lock_nested(parent), lookup_one_qstr_excl; the name must still name the inode of the fd, else EDEADLK (FreeBSD kern_funlinkat); vfs_unlink under inode_lock(victim), d_delete',
      takes: parentAndVictim,
      run: lockParentStep,
    },
    unlock: {
      doc: 'inode_unlock(parent); iput(victim) (eviction happens here); path_put(parent)',
      takes: NO_LOCKS,
      run: unlockStep,
    },
  },
};
