/** umount2(2): fs/namespace.c ksys_umount → path_umount → can_umount, do_umount. */
import { CAP_SYS_ADMIN } from '../../model/cred.js';
import { AT_FDCWD, MNT_DETACH, MNT_EXPIRE, MNT_FORCE, UMOUNT_NOFOLLOW } from '../../model/flags.js';
import type { MountId, Pid } from '../../model/ids.js';
import type { Path } from '../../model/mount.js';
import type { Task } from '../../model/task.js';
import { filenameLookup, LOOKUP_FOLLOW } from '../vfs/namei.js';
import { followMounts } from '../vfs/follow-mounts.js';
import { checkMnt, propagateMountBusy, umountTree } from '../vfs/namespace.js';
import { capable } from '../vfs/cred.js';
import { doUmountRoot } from './remount.js';
import { Unmodelled } from '../../model/errors.js';
import { err, fail, ok, type Res, type SysResult, val } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { rMount, taskOf, type MWorld, type RWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

export function sys_umount2(w: MWorld, pid: Pid, sc: SyscallOf<'umount2'>): SysResult {
  const task = taskOf(w, pid);
  const at = umountLookup(w, task, sc);
  if (!at.ok) return fail(at.errno);
  const r = doUmount(w, task, at.value, sc.flags, 0);
  if ('tree' in r) {
    umountTree(w, r.tree);
    return ok(0);
  }
  return r;
}

/** ksys_umount and path_umount's checks up to do_umount: the mount root to take out. */
export function umountLookup(w: RWorld, task: Task, sc: SyscallOf<'umount2'>): Res<Path> {
  const flags = sc.flags;
  // ksys_umount: basic validity checks done first.
  if ((flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)) !== 0) return err('EINVAL');
  const lookupFlags = (flags & UMOUNT_NOFOLLOW) !== 0 ? 0 : LOOKUP_FOLLOW;
  const r = filenameLookup(w, task, AT_FDCWD, sc.target, lookupFlags);
  if (!r.ok) return r;
  const at = r.value;

  // can_umount: may_mount (CAP_SYS_ADMIN) comes after the walk.
  if (!capable(task, CAP_SYS_ADMIN)) return err('EPERM');
  if (at.kind !== 'path') {
    // Below /proc nothing is a mount root; /proc itself is a mount the model does not have.
    if (at.kind === 'proc-dir' && at.level === 'proc') throw new Unmodelled('umount of /proc is not modelled');
    return err('EINVAL');
  }
  // LOOKUP_MOUNTPOINT: handle_lookup_down steps onto whatever is mounted on the last dentry, so
  // umount(".") from under a mount unmounts it.
  const path = followMounts(w, at.path);
  const mnt = rMount(w, path.mnt);
  if (path.dentry !== mnt.mnt_root) return err('EINVAL');
  if (!checkMnt(w, task, path.mnt)) return err('EINVAL');
  return val(path);
}

/**
 * fs/namespace.c: do_umount under namespace_sem — the result, or the mount umount_tree takes out.
 * `walkRefs`: mount references the caller's walk still holds (path_umount holds one).
 */
export function doUmount(
  w: MWorld,
  task: Task,
  path: Path,
  flags: number,
  walkRefs: number,
): SysResult | { readonly tree: MountId } {
  const mnt = rMount(w, path.mnt);
  if ((flags & MNT_EXPIRE) !== 0) {
    if (path.mnt === task.root.mnt || (flags & (MNT_FORCE | MNT_DETACH)) !== 0) return fail('EINVAL');
    // mnt_get_count(mnt) != 2 in the kernel, whose walk holds one of them (see propagateMountBusy).
    if (mnt.mnt_count !== 1 + walkRefs) return fail('EBUSY');
    // The first MNT_EXPIRE only sets mnt_expiry_mark (EAGAIN); a second one with no mntput in
    // between unmounts. The model keeps no mark, so it always answers as to the first.
    return fail('EAGAIN');
  }
  // MNT_FORCE calls ->umount_begin, which none of the modelled file systems has.
  if (path.mnt === task.root.mnt && (flags & MNT_DETACH) === 0) return doUmountRoot(w, mnt.mnt_sb);
  if ((flags & MNT_DETACH) !== 0) return { tree: path.mnt };
  // shrink_submounts has nothing to do (no automounts); then the busy check.
  if (propagateMountBusy(w, path.mnt, walkRefs)) return fail('EBUSY');
  return { tree: path.mnt };
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const UMOUNT_CALLS: Handlers<'umount2'> = {
  umount2: sys_umount2,
};
