/**
 * mount(2) of a new file system (not a remount, bind, propagation change or move) in two steps, so
 * that the seeded bug 'relink-mount-holds-s-umount' can be shown as what it did: a task that never
 * returns from mount(2) (fs/namespace.c, fs/super.c, our patch 0007):
 *
 * 1. lookup: do_mount → user_path_at(dir_name), path_mount's flags; the path held.
 * 2. do_new_mount: get_fs_type, the option parse, vfs_get_tree (sget, then fill_super for a fresh
 *    superblock; s_umount held for writing from sget on), do_new_mount_fc: relink= looked up while
 *    s_umount is held (a failure goes through fc_drop_locked, which releases it), up_write,
 *    lock_mount, do_add_mount, relink_dir set. One section: a fresh superblock is reachable by
 *    nobody else until it is attached, and a reused one's s_umount is held throughout.
 *
 * The seeded bug looks relink= up in do_new_mount, between vfs_get_tree and do_new_mount_fc, and on
 * a failure skips do_new_mount_fc, so s_umount stays held. For a fresh superblock put_fs_context
 * then calls deactivate_super, whose last active reference takes down_write(&s_umount) again: step
 * 3, put_fs_context, takes a lock its own task holds and never runs (the race explorer's deadlock
 * law). For a reused superblock deactivate_super takes no lock and mount(2) returns ENOENT still
 * holding s_umount (the half reproduced under QEMU: the next remount hangs); the model refuses a
 * lock that outlives its call (endInflight), so that half is not modelled: the seeded variant
 * refuses a reused superblock's bad relink= correctly.
 * The model's s_active counts mounts only, so the fresh superblock's active reference (fc->root's
 * superblock) is not counted while the call holds it; fc->root's dentry reference is.
 */
import type { HeldLock } from '../../model/inflight.js';
import {
  MS_BIND,
  MS_MGC_MSK,
  MS_MGC_VAL,
  MS_MOVE,
  MS_PRIVATE,
  MS_RDONLY,
  MS_REMOUNT,
  MS_SHARED,
  MS_SLAVE,
  MS_UNBINDABLE,
} from '../../model/flags.js';
import { isMountableFsType } from '../../model/fstype.js';
import type { Pid, SuperBlockId } from '../../model/ids.js';
import { hasBug } from '../../model/kernel.js';
import { doMountTarget, doNewMount, getTree } from '../calls/mount.js';
import { parseMountOptions } from '../vfs/mount-options.js';
import { checkRelinkDirOnEmptyFs } from '../relink/relink-dir.js';
import { ModelBug } from '../../model/errors.js';
import type { SysResult } from '../vfs/result.js';
import { mkfs } from '../vfs/super.js';
import type { Syscall } from '../../model/syscall/syscall.js';
import { kernelOf, rSb, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';
import { callOf, endInflight, endWithErrno, goTo, held, hold, inflightOf, lock, release, setData } from './inflight.js';
import { NO_LOCKS, type SplitCall } from './types.js';

const NOT_NEW = MS_REMOUNT | MS_BIND | MS_MOVE | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;

/** A mount(2) that path_mount hands to do_new_mount (after discarding the magic, as it does). */
export function isSplitNewMount(sc: Syscall): boolean {
  if (sc.call !== 'mount') return false;
  const flags = (sc.flags & MS_MGC_MSK) >>> 0 === MS_MGC_VAL ? sc.flags & ~MS_MGC_MSK : sc.flags;
  return (flags & NOT_NEW) === 0;
}

function lookupStep(w: MWorld, pid: Pid): SysResult | null {
  const sc = callOf(w, pid, 'mount');
  const f = doMountTarget(w, rTask(w, pid), sc);
  if (!f.ok) return endWithErrno(w, pid, f.errno);
  hold(w, pid, 'path', { kind: 'path', path: f.value.path });
  setData(w, pid, 'flags', f.value.flags);
  setData(w, pid, 'mntFlags', f.value.mntFlags);
  return goTo(w, pid, 'do_new_mount');
}

/**
 * The seeded bug's fresh superblock, made and left locked when relink= cannot be found in it, or
 * false when the bug does not apply to this mount.
 */
function seededHang(w: MWorld, pid: Pid, flags: number): boolean {
  if (!hasBug(kernelOf(w), 'relink-mount-holds-s-umount')) return false;
  const sc = callOf(w, pid, 'mount');
  if (!isMountableFsType(sc.fstype)) return false;
  const opts = parseMountOptions(sc.fstype, sc.data, { relinkSeries: true });
  if (!opts.ok || opts.value.relink === null || opts.value.unknownAtFillSuper) return false;
  const rdonly = opts.value.rdonly ?? (flags & MS_RDONLY) !== 0;
  const tree = getTree(w, sc.fstype, sc.source, rdonly);
  if (typeof tree === 'string' || tree.kind !== 'new') return false;
  if (checkRelinkDirOnEmptyFs(opts.value.relink) === null) return false;
  // vfs_get_tree: sget and fill_super, the superblock returned with s_umount held (fc->root).
  const sb = mkfs(w, { type: sc.fstype, rootPerm: 0o755, options: sc.data, readOnly: rdonly });
  lock(w, pid, { kind: 's_umount', sb });
  hold(w, pid, 'root', { kind: 'dentry', dentry: rSb(w, sb).s_root });
  setData(w, pid, 'sb', sb);
  return true;
}

function doNewMountStep(w: MWorld, pid: Pid): SysResult | null {
  const sc = callOf(w, pid, 'mount');
  const d = inflightOf(w, pid)?.data ?? {};
  const flags = typeof d['flags'] === 'number' ? d['flags'] : 0;
  const mntFlags = typeof d['mntFlags'] === 'number' ? d['mntFlags'] : 0;
  if (seededHang(w, pid, flags)) return goTo(w, pid, 'put_fs_context');
  const path = held(w, pid, 'path', 'path').path;
  const r = doNewMount(w, rTask(w, pid), path, sc.fstype, flags, mntFlags, sc.source, sc.data);
  release(w, pid, 'path');
  return endInflight(w, pid, r);
}

/** The s_umount the seeded bug left held: put_fs_context's deactivate_super takes it again. */
function heldSUmount(w: RWorld, pid: Pid): HeldLock[] {
  const sb = inflightOf(w, pid)?.data['sb'];
  return typeof sb === 'number' ? [{ kind: 's_umount', sb: sb as SuperBlockId }] : [];
}

export const NEW_MOUNT: SplitCall = {
  first: 'lookup',
  steps: {
    lookup: {
      doc: 'fs/namespace.c: do_mount → user_path_at, path_mount flags; the path held',
      takes: NO_LOCKS,
      run: lookupStep,
    },
    do_new_mount: {
      doc: 'fs/namespace.c: do_new_mount → vfs_get_tree (s_umount held from sget), do_new_mount_fc (relink= looked up, fc_drop_locked or up_write), do_add_mount',
      takes: NO_LOCKS,
      run: doNewMountStep,
    },
    put_fs_context: {
      doc: 'fs/fs_context.c: put_fs_context → fs/super.c: deactivate_super → down_write(&s->s_umount), held by this task already (seeded bug only)',
      takes: heldSUmount,
      run: () => {
        // Never runs: the step takes a lock its own task holds, and rw_semaphores do not nest.
        throw new ModelBug('down_write of an s_umount the task holds never returns');
      },
    },
  },
};
