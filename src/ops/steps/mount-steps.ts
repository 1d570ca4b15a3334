/**
 * umount2 and mount(MS_REMOUNT) in three steps each (fs/namespace.c, fs/super.c).
 *
 * umount2: 1. lookup: user_path_at and can_umount; the path held (so the busy check counts it, as
 * the kernel's propagate_mount_busy(mnt, 2) does). 2. do_umount: namespace_lock, lock_mount_hash,
 * the busy check, umount_tree, namespace_sem released. 3. namespace_unlock's mntput of every
 * mount taken out (the last one frees it: cleanup_mnt, deactivate_super), then path_put.
 *
 * mount(MS_REMOUNT): 1. lookup: user_path_at, path_mount's flags, do_remount's checks and the
 * option parse; the path held. 2. relink_dir_lookup: down_write(&sb->s_umount), then our
 * reconfigure_super looks relink= up (lookup_one_unlocked: no directory lock) and holds it.
 * 3. reconfigure_super: the rest, sb_set_relink_dir's exchange, set_mount_attributes, up_write.
 */
import type { HeldLock } from '../../model/inflight.js';
import { MS_BIND, MS_REMOUNT } from '../../model/flags.js';
import type { Pid } from '../../model/ids.js';
import { umountTreeDisconnect } from '../vfs/namespace.js';
import { doMountTarget } from '../calls/mount.js';
import { remountApply, remountCheck, remountRelinkDir, type RemountPlan } from '../calls/remount.js';
import type { SysResult } from '../vfs/result.js';
import type { Syscall } from '../../model/syscall/syscall.js';
import { doUmount, umountLookup } from '../calls/umount.js';
import { rMount, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';
import {
  adopt,
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

/** Only remounts are split; every other mount(2) runs as one step. */
export function isSplitRemount(sc: Syscall): boolean {
  return sc.call === 'mount' && (sc.flags & MS_REMOUNT) !== 0 && (sc.flags & MS_BIND) === 0;
}

function umountLookupStep(w: MWorld, pid: Pid): SysResult | null {
  const sc = callOf(w, pid, 'umount2');
  const at = umountLookup(w, rTask(w, pid), sc);
  if (!at.ok) return endWithErrno(w, pid, at.errno);
  hold(w, pid, 'path', { kind: 'path', path: at.value });
  return goTo(w, pid, 'do_umount');
}

function doUmountStep(w: MWorld, pid: Pid): SysResult | null {
  const sc = callOf(w, pid, 'umount2');
  const path = held(w, pid, 'path', 'path').path;
  const r = doUmount(w, rTask(w, pid), path, sc.flags, 1);
  if (!('tree' in r)) {
    release(w, pid, 'path');
    return endInflight(w, pid, r);
  }
  // The tree's own references, dropped after namespace_sem is released.
  umountTreeDisconnect(w, r.tree).forEach((mnt, i) => adopt(w, pid, `tree${i}`, { kind: 'mount', mnt }));
  return goTo(w, pid, 'namespace_unlock');
}

function namespaceUnlockStep(w: MWorld, pid: Pid): SysResult {
  const names = Object.keys(inflightOf(w, pid)?.refs ?? {}).filter((n) => n.startsWith('tree'));
  for (const n of names) release(w, pid, n);
  release(w, pid, 'path');
  return endInflight(w, pid, { ok: true, ret: 0 });
}

export const UMOUNT: SplitCall = {
  first: 'lookup',
  steps: {
    lookup: {
      doc: 'fs/namespace.c: ksys_umount → user_path_at, can_umount; the path held',
      takes: NO_LOCKS,
      run: umountLookupStep,
    },
    do_umount: {
      doc: 'fs/namespace.c: do_umount → namespace_lock, lock_mount_hash, propagate_mount_busy, umount_tree; namespace_sem released',
      takes: NO_LOCKS,
      run: doUmountStep,
    },
    namespace_unlock: {
      doc: 'fs/namespace.c: namespace_unlock → mntput of each mount taken out (cleanup_mnt, deactivate_super); path_put',
      takes: NO_LOCKS,
      run: namespaceUnlockStep,
    },
  },
};

function plan(w: RWorld, pid: Pid): RemountPlan & { flags: number; mntFlags: number } {
  const d = inflightOf(w, pid)?.data ?? {};
  const num = (k: string): number => (typeof d[k] === 'number' ? d[k] : 0);
  const rdonly = d['rdonly'];
  const relink = d['relink'];
  return {
    relink: typeof relink === 'string' ? relink : null,
    rdonly: typeof rdonly === 'boolean' ? rdonly : null,
    flags: num('flags'),
    mntFlags: num('mntFlags'),
  };
}

function sUmount(w: RWorld, pid: Pid): HeldLock[] {
  return [{ kind: 's_umount', sb: rMount(w, held(w, pid, 'path', 'path').path.mnt).mnt_sb }];
}

function remountLookupStep(w: MWorld, pid: Pid): SysResult | null {
  const sc = callOf(w, pid, 'mount');
  const task = rTask(w, pid);
  const f = doMountTarget(w, task, sc);
  if (!f.ok) return endWithErrno(w, pid, f.errno);
  const p = remountCheck(w, task, f.value.path, sc.data);
  if (!p.ok) return endWithErrno(w, pid, p.errno);
  hold(w, pid, 'path', { kind: 'path', path: f.value.path });
  setData(w, pid, 'flags', f.value.flags);
  setData(w, pid, 'mntFlags', f.value.mntFlags);
  setData(w, pid, 'relink', p.value.relink);
  setData(w, pid, 'rdonly', p.value.rdonly);
  return goTo(w, pid, 'relink_dir_lookup');
}

function relinkDirLookupStep(w: MWorld, pid: Pid): SysResult | null {
  for (const l of sUmount(w, pid)) lock(w, pid, l);
  const dir = remountRelinkDir(w, held(w, pid, 'path', 'path').path, plan(w, pid));
  if (!dir.ok) return unwindWithErrno(w, pid, dir.errno);
  if (dir.value !== null) hold(w, pid, 'relink_dir', { kind: 'dentry', dentry: dir.value });
  return goTo(w, pid, 'reconfigure_super');
}

function reconfigureStep(w: MWorld, pid: Pid): SysResult {
  const sc = callOf(w, pid, 'mount');
  const p = plan(w, pid);
  const dirRef = inflightOf(w, pid)?.refs['relink_dir'];
  const dir = dirRef?.kind === 'dentry' ? dirRef.dentry : null;
  const r = remountApply(w, held(w, pid, 'path', 'path').path, p.flags, p.mntFlags, sc.data, p, dir);
  // sb_set_relink_dir took its own reference; ours, from the lookup, goes.
  if (dir !== null) release(w, pid, 'relink_dir');
  unlockAll(w, pid);
  release(w, pid, 'path');
  return endInflight(w, pid, r);
}

export const REMOUNT: SplitCall = {
  first: 'lookup',
  steps: {
    lookup: {
      doc: 'fs/namespace.c: do_mount → user_path_at, path_mount flags, do_remount checks, option parse; the path held',
      takes: NO_LOCKS,
      run: remountLookupStep,
    },
    relink_dir_lookup: {
      doc: 'fs/namespace.c: do_remount → down_write(&sb->s_umount); fs/super.c: reconfigure_super → relink_dir_lookup',
      takes: sUmount,
      run: relinkDirLookupStep,
    },
    reconfigure_super: {
      doc: 'fs/super.c: __reconfigure_super, sb_set_relink_dir (xchg, old dput); set_mount_attributes; up_write(&sb->s_umount)',
      takes: NO_LOCKS,
      run: reconfigureStep,
    },
  },
};
