/**
 * Remounts: fs/namespace.c do_reconfigure_mnt (MS_REMOUNT|MS_BIND: the mount's own flags) and
 * do_remount → fs/super.c reconfigure_super (MS_REMOUNT: the superblock's flags and options), and
 * do_umount_root (umount of the caller's root, which remounts it read-only instead).
 */
import { MS_RDONLY } from '../../model/flags.js';
import type { DentryId, SuperBlockId } from '../../model/ids.js';
import { isMountableFsType } from '../../model/fstype.js';
import { MNT_READONLY, type Path } from '../../model/mount.js';
import { SB_RDONLY } from '../../model/superblock.js';
import type { Task } from '../../model/task.js';
import { mergeMountOptions, parseMountOptions } from '../vfs/mount-options.js';
import { checkMnt, mntIsReadonly, mntWriters, sbPrepareRemountReadonly } from '../vfs/namespace.js';
import { ModelBug } from '../../model/errors.js';
import { err, fail, ok, val, type Res, type SysResult } from '../vfs/result.js';
import { kernelOf, mountOf, rMount, rSb, sbOf, type MWorld, type RWorld } from '../vfs/world-draft.js';
import { lookupRelinkDir, setRelinkDir } from '../relink/relink-dir.js';

/**
 * fs/namespace.c: do_reconfigure_mnt — only this mount's flags change (set_mount_attributes
 * replaces the user-settable ones); the data string is not looked at. Going read-only needs no
 * writer on this mount (change_mount_ro_state → mnt_make_readonly: EBUSY).
 */
export function doReconfigureMnt(w: MWorld, task: Task, path: Path, mntFlags: number): SysResult {
  if (!checkMnt(w, task, path.mnt)) return fail('EINVAL');
  if (path.dentry !== rMount(w, path.mnt).mnt_root) return fail('EINVAL');
  const readonlyRequest = (mntFlags & MNT_READONLY) !== 0;
  if (readonlyRequest && !mntIsReadonly(w, path.mnt) && mntWriters(w, path.mnt) > 0) return fail('EBUSY');
  mountOf(w, path.mnt).mnt_flags = mntFlags;
  return ok(0);
}

/**
 * fs/namespace.c: do_remount → reconfigure_super. SB_RDONLY is always in the legacy remount's mask
 * (MS_RMT_MASK), so a remount without MS_RDONLY makes the superblock read-write. Going read-only is
 * refused while writers or unlinked-but-open inodes exist (sb_prepare_remount_readonly). On
 * success the mount's flags are replaced too (set_mount_attributes).
 */
export function doRemount(w: MWorld, task: Task, path: Path, flags: number, mntFlags: number, data: string): SysResult {
  const plan = remountCheck(w, task, path, data);
  if (!plan.ok) return fail(plan.errno);
  const dir = remountRelinkDir(w, path, plan.value);
  if (!dir.ok) return fail(dir.errno);
  return remountApply(w, path, flags, mntFlags, data, plan.value, dir.value);
}

/** What a remount's options ask for, parsed before anything is locked. */
export interface RemountPlan {
  /** relink=: null when absent, "" to clear. */
  readonly relink: string | null;
  readonly rdonly: boolean | null;
}

/** do_remount before down_write(&sb->s_umount): check_mnt, the mount root, the options. */
export function remountCheck(w: RWorld, task: Task, path: Path, data: string): Res<RemountPlan> {
  if (!checkMnt(w, task, path.mnt)) return err('EINVAL');
  if (path.dentry !== rMount(w, path.mnt).mnt_root) return err('EINVAL');
  const sb = rSb(w, rMount(w, path.mnt).mnt_sb);
  if (!isMountableFsType(sb.s_type)) throw new ModelBug(`remount of internal superblock ${sb.id}`);
  const opts = parseMountOptions(sb.s_type, data, { relinkSeries: kernelOf(w).relinkSeries });
  if (!opts.ok) return opts;
  // A remount parses every option (btrfs_remount → btrfs_parse_options, ext4_parse_param).
  if (opts.value.unknownAtFillSuper) return err('EINVAL');
  return val({ relink: opts.value.relink, rdonly: opts.value.rdonly });
}

/** reconfigure_super, the relink series' first step: relink= is looked up before anything changes. */
export function remountRelinkDir(w: RWorld, path: Path, plan: RemountPlan): Res<DentryId | null> {
  if (plan.relink === null || plan.relink === '') return val(null);
  return lookupRelinkDir(w, rMount(w, path.mnt).mnt_sb, plan.relink);
}

/** The rest of reconfigure_super and set_mount_attributes, with relink_dir already looked up. */
export function remountApply(
  w: MWorld,
  path: Path,
  flags: number,
  mntFlags: number,
  data: string,
  plan: RemountPlan,
  relinkDir: DentryId | null,
): SysResult {
  const sb = rSb(w, rMount(w, path.mnt).mnt_sb);
  const rdonly = plan.rdonly ?? (flags & MS_RDONLY) !== 0;
  const remountRo = rdonly && (sb.s_flags & SB_RDONLY) === 0;
  if (remountRo) {
    const busy = sbPrepareRemountReadonly(w, sb.id);
    if (busy !== null) return fail(busy);
  }
  const s = sbOf(w, sb.id);
  s.s_flags = rdonly ? s.s_flags | SB_RDONLY : s.s_flags & ~SB_RDONLY;
  if (data.length > 0) s.s_options = mergeMountOptions(s.s_options, data);
  // The relink series: "" clears relink_dir; no relink= keeps it.
  if (plan.relink !== null) setRelinkDir(w, sb.id, relinkDir);
  mountOf(w, path.mnt).mnt_flags = mntFlags;
  return ok(0);
}

/**
 * fs/namespace.c: do_umount_root — umount of the caller's root without MNT_DETACH remounts its
 * superblock read-only (reconfigure_super with SB_RDONLY) and returns what that returns.
 */
export function doUmountRoot(w: MWorld, sbId: SuperBlockId): SysResult {
  const sb = rSb(w, sbId);
  if ((sb.s_flags & SB_RDONLY) !== 0) return ok(0);
  const busy = sbPrepareRemountReadonly(w, sbId);
  if (busy !== null) return fail(busy);
  sbOf(w, sbId).s_flags |= SB_RDONLY;
  return ok(0);
}
