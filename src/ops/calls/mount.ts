/**
 * mount(2): fs/namespace.c do_mount → path_mount, which picks one of do_reconfigure_mnt,
 * do_remount (remount.ts), do_loopback, do_change_type, do_move_mount_old or do_new_mount.
 *
 * The model has no mount propagation: MS_SHARED / MS_SLAVE / MS_PRIVATE / MS_UNBINDABLE are checked
 * the way do_change_type checks them and then change nothing (every mount stays private).
 */
import { CAP_SYS_ADMIN } from '../../model/cred.js';
import { FS_TYPES, isMountableFsType, type MountableFsType } from '../../model/fstype.js';
import { AT_FDCWD } from '../../model/flags.js';
import {
  MS_BIND,
  MS_MGC_MSK,
  MS_MGC_VAL,
  MS_MOVE,
  MS_NODEV,
  MS_NOEXEC,
  MS_NOSUID,
  MS_PRIVATE,
  MS_RDONLY,
  MS_REC,
  MS_REMOUNT,
  MS_SHARED,
  MS_SILENT,
  MS_SLAVE,
  MS_UNBINDABLE,
} from '../../model/flags.js';
import type { Pid, SuperBlockId } from '../../model/ids.js';
import { MNT_NODEV, MNT_NOEXEC, MNT_NOSUID, MNT_READONLY, type Path } from '../../model/mount.js';
import { SB_RDONLY } from '../../model/superblock.js';
import type { Task } from '../../model/task.js';
import { filenameLookup, LOOKUP_FOLLOW, type Walked } from '../vfs/namei.js';
import { parseMountOptions } from '../vfs/mount-options.js';
import { checkRelinkDirOnEmptyFs, lookupRelinkDir, setRelinkDir } from '../relink/relink-dir.js';
import { checkMnt, cloneMnt, copySubmounts, dIsDir, lockMount, mntHasParent } from '../vfs/namespace.js';
import { capable } from '../vfs/cred.js';
import { dget, dput, mntget, mntput } from '../vfs/refs.js';
import { doReconfigureMnt, doRemount } from './remount.js';
import { Unmodelled } from '../../model/errors.js';
import { err, fail, ok, val, type Res, type SysResult } from '../vfs/result.js';
import { allocMount, attachMount, mkfs } from '../vfs/super.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { kernelOf, mountOf, rMount, rSb, sbOf, taskOf, type MWorld, type RWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';
import { ownField } from '../vfs/own-field.js';

/** include/uapi/linux/mount.h: MS_NOUSER — never settable from user space. */
const MS_NOUSER = 1 << 31;
const MS_PROPAGATION = MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;

/** A walk's end as a real path; the modelled /proc objects cannot be mounted on or bound. */
function realPath(at: Walked, what: string): Path {
  if (at.kind === 'path') return at.path;
  throw new Unmodelled(`${what} is a /proc object, which the model cannot mount on or bind`);
}

export function sys_mount(w: MWorld, pid: Pid, sc: SyscallOf<'mount'>): SysResult {
  const task = taskOf(w, pid);
  // fs/namespace.c: do_mount — user_path_at(dir_name, LOOKUP_FOLLOW) before anything else.
  const t = filenameLookup(w, task, AT_FDCWD, sc.target, LOOKUP_FOLLOW);
  if (!t.ok) return fail(t.errno);
  return pathMount(w, task, sc.source, realPath(t.value, 'the mount target'), sc.fstype, sc.flags, sc.data);
}

/**
 * fs/namespace.c: do_mount's start as the split mount calls run it in one step: user_path_at of
 * the target (LOOKUP_FOLLOW), then path_mount's first checks (pathMountFlags).
 */
export function doMountTarget(
  w: RWorld,
  task: Task,
  sc: SyscallOf<'mount'>,
): Res<{ path: Path; flags: number; mntFlags: number }> {
  const t = filenameLookup(w, task, AT_FDCWD, sc.target, LOOKUP_FOLLOW);
  if (!t.ok) return err(t.errno);
  const path = realPath(t.value, 'the mount target');
  const f = pathMountFlags(task, sc.flags);
  return f.ok ? val({ path, ...f.value }) : err(f.errno);
}

/** path_mount's first checks: the flags without the magic, and the per-mount flags they carry. */
function pathMountFlags(task: Task, rawFlags: number): Res<{ flags: number; mntFlags: number }> {
  let flags = rawFlags;
  // Discard magic.
  if ((flags & MS_MGC_MSK) >>> 0 === MS_MGC_VAL) flags &= ~MS_MGC_MSK;
  if ((flags & MS_NOUSER) !== 0) return err('EINVAL');
  // may_mount: CAP_SYS_ADMIN.
  if (!capable(task, CAP_SYS_ADMIN)) return err('EPERM');
  // Separate the per-mount flags (MNT_RELATIME and the atime flags are not modelled).
  let mntFlags = 0;
  if (flags & MS_NOSUID) mntFlags |= MNT_NOSUID;
  if (flags & MS_NODEV) mntFlags |= MNT_NODEV;
  if (flags & MS_NOEXEC) mntFlags |= MNT_NOEXEC;
  if (flags & MS_RDONLY) mntFlags |= MNT_READONLY;
  return val({ flags, mntFlags });
}

/** fs/namespace.c: path_mount. */
function pathMount(
  w: MWorld,
  task: Task,
  source: string,
  path: Path,
  fstype: string,
  rawFlags: number,
  data: string,
): SysResult {
  const f = pathMountFlags(task, rawFlags);
  if (!f.ok) return fail(f.errno);
  const { flags, mntFlags } = f.value;
  if ((flags & (MS_REMOUNT | MS_BIND)) === (MS_REMOUNT | MS_BIND)) return doReconfigureMnt(w, task, path, mntFlags);
  if (flags & MS_REMOUNT) return doRemount(w, task, path, flags, mntFlags, data);
  if (flags & MS_BIND) return doLoopback(w, task, path, source, (flags & MS_REC) !== 0);
  if (flags & MS_PROPAGATION) return doChangeType(w, path, flags);
  if (flags & MS_MOVE) return doMoveMountOld(w, task, path, source);
  return doNewMount(w, task, path, fstype, flags, mntFlags, source, data);
}

/** What vfs_get_tree finds for a new mount: a fresh superblock, or the device's mounted one. */
export type Tree =
  { readonly kind: 'new' } | { readonly kind: 'reuse'; readonly sb: SuperBlockId; readonly makeRw: boolean };

/**
 * vfs_get_tree for the model's devices: a block file system's `source` names a device whose file
 * system is made fresh when it is not mounted, and shared (sget in get_tree_bdev /
 * btrfs_mount_root) while it is. A device another type holds mounted is BlockDevice's
 * otherTypeMounted; only btrfs lets read-only and read-write mounts of it coexist (mixesReadOnly).
 * tmpfs (get_tree_nodev) makes a new superblock every time.
 */
export function getTree(
  w: RWorld,
  type: MountableFsType,
  source: string,
  rdonly: boolean,
): Tree | 'EBUSY' | 'EINVAL' | 'ENOENT' {
  const device = FS_TYPES[type].device;
  if (device === null) return { kind: 'new' };
  if (source.length === 0) return 'ENOENT'; // lookup_bdev("")
  const held = Object.values(w.mounts).find(
    (m) => m.mnt_devname === source && FS_TYPES[rSb(w, m.mnt_sb).s_type].device !== null,
  );
  if (held === undefined) return { kind: 'new' };
  const sb = rSb(w, held.mnt_sb);
  if (sb.s_type !== type) return device.otherTypeMounted;
  const sbRdonly = (sb.s_flags & SB_RDONLY) !== 0;
  if (sbRdonly === rdonly) return { kind: 'reuse', sb: sb.id, makeRw: false };
  if (!device.mixesReadOnly) return 'EBUSY';
  return { kind: 'reuse', sb: sb.id, makeRw: !rdonly };
}

/** fs/namespace.c: do_new_mount → vfs_get_tree → do_new_mount_fc → lock_mount → do_add_mount. */
export function doNewMount(
  w: MWorld,
  task: Task,
  path: Path,
  fstype: string,
  flags: number,
  mntFlags: number,
  source: string,
  data: string,
): SysResult {
  // get_fs_type: a type the model does not know is one the kernel does not have.
  if (!isMountableFsType(fstype)) return fail('ENODEV');
  const opts = parseMountOptions(fstype, data, { relinkSeries: kernelOf(w).relinkSeries });
  if (!opts.ok) return fail(opts.errno);
  const rdonly = opts.value.rdonly ?? (flags & MS_RDONLY) !== 0;
  const tree = getTree(w, fstype, source, rdonly);
  if (typeof tree === 'string') return fail(tree);
  // btrfs parses its options in fill_super, which a reused superblock skips (mount-options.ts).
  if (opts.value.unknownAtFillSuper && tree.kind === 'new') return fail('EINVAL');
  // The relink series: do_new_mount_fc looks relink= up in the superblock vfs_get_tree returned
  // (a fresh one holds only its root) while its s_umount is still held, a failure going through
  // fc_drop_locked (our 0007; before 6cb9adb it did so in do_new_mount and leaked s_umount: the
  // seeded bug relink-mount-holds-s-umount, src/ops/steps/new-mount-steps.ts); the directory is
  // set only once the mount is attached, so a mount that fails later changes nothing.
  const relink = opts.value.relink;
  const reusedDir =
    relink === null || relink === '' || tree.kind === 'new' ? null : lookupRelinkDir(w, tree.sb, relink);
  const relinkErr =
    relink === null
      ? null
      : tree.kind === 'new'
        ? checkRelinkDirOnEmptyFs(relink)
        : reusedDir?.ok === false
          ? reusedDir.errno
          : null;
  if (relinkErr !== null) return fail(relinkErr);
  const mp = lockMount(w, path);
  if (mp === 'ENOENT') return fail('ENOENT');
  // do_add_mount: the mountpoint must be in our namespace.
  if (!checkMnt(w, task, mp.mnt)) return fail('EINVAL');
  // do_add_mount: refuse the same file system on the same mount point.
  const parent = rMount(w, mp.mnt);
  if (tree.kind === 'reuse' && parent.mnt_sb === tree.sb && parent.mnt_root === mp.dentry) return fail('EBUSY');
  // graft_tree: a file system's root is a directory, so the mountpoint must be one too.
  if (!dIsDir(w, mp.dentry)) return fail('ENOTDIR');

  let sb: SuperBlockId;
  if (tree.kind === 'new') {
    // The type's root mode (shmem_fill_super: 01777) unless mode= says otherwise.
    const rootPerm = opts.value.rootMode ?? FS_TYPES[fstype].rootMode;
    sb = mkfs(w, { type: fstype, rootPerm, options: data, readOnly: rdonly });
    if (relink !== null && relink !== '') setRelinkDir(w, sb, sbOf(w, sb).s_root);
  } else {
    sb = tree.sb;
    if (tree.makeRw) sbOf(w, sb).s_flags &= ~SB_RDONLY; // btrfs_mount: btrfs_remount to read-write
    if (relink !== null) setRelinkDir(w, sb, reusedDir?.ok === true ? reusedDir.value : null);
  }
  const mnt = allocMount(w, sb, sbOf(w, sb).s_root, mntFlags, source);
  attachMount(w, mnt, mp.mnt, mp.dentry, task.mnt_ns);
  return ok(0);
}

/** fs/namespace.c: do_loopback (MS_BIND, with MS_REC copy_tree) → __do_loopback → graft_tree. */
function doLoopback(w: MWorld, task: Task, path: Path, oldName: string, recurse: boolean): SysResult {
  if (oldName.length === 0) return fail('EINVAL');
  const o = filenameLookup(w, task, AT_FDCWD, oldName, LOOKUP_FOLLOW);
  if (!o.ok) return fail(o.errno);
  const old = realPath(o.value, 'the bind source');
  const mp = lockMount(w, path);
  if (mp === 'ENOENT') return fail('ENOENT');
  if (!checkMnt(w, task, mp.mnt)) return fail('EINVAL');
  // __do_loopback: the source must be in our namespace too (a detached mount is not).
  if (!checkMnt(w, task, old.mnt)) return fail('EINVAL');
  // graft_tree: a directory only on a directory, a file only on a file.
  if (dIsDir(w, mp.dentry) !== dIsDir(w, old.dentry)) return fail('ENOTDIR');

  // The copy is made before it is attached, so a tree bound below itself is not copied twice.
  const clone = cloneMnt(w, old.mnt, old.dentry);
  if (recurse) copySubmounts(w, old.mnt, old.dentry, clone, task.mnt_ns);
  attachMount(w, clone, mp.mnt, mp.dentry, task.mnt_ns);
  return ok(0);
}

/**
 * fs/namespace.c: do_change_type — the target must be a mount's root, the flags exactly one
 * propagation type (flags_to_propagation_type, MS_REC and MS_SILENT aside), and the mount mounted
 * (may_change_propagation). Nothing changes: the model has no propagation.
 */
function doChangeType(w: MWorld, path: Path, flags: number): SysResult {
  const mnt = rMount(w, path.mnt);
  if (path.dentry !== mnt.mnt_root) return fail('EINVAL');
  const type = flags & ~(MS_REC | MS_SILENT);
  if ((type & ~MS_PROPAGATION) !== 0 || (type & (type - 1)) !== 0) return fail('EINVAL');
  if (mnt.mnt_ns === null) return fail('EINVAL');
  return ok(0);
}

/** fs/namespace.c: do_move_mount_old → do_move_mount (MS_MOVE). */
function doMoveMountOld(w: MWorld, task: Task, path: Path, oldName: string): SysResult {
  if (oldName.length === 0) return fail('EINVAL');
  const o = filenameLookup(w, task, AT_FDCWD, oldName, LOOKUP_FOLLOW);
  if (!o.ok) return fail(o.errno);
  const old = realPath(o.value, 'the mount to move');
  const mp = lockMount(w, path);
  if (mp === 'ENOENT') return fail('ENOENT');
  if (!checkMnt(w, task, mp.mnt)) return fail('EINVAL');
  const oldMnt = rMount(w, old.mnt);
  // The thing moved must be mounted, and attached in our namespace (no anonymous namespaces here).
  // The namespace root has no parent, so moving "/" is EINVAL here; on a booted system "/" sits
  // on the hidden rootfs mount and the same call fails later, with ELOOP.
  if (oldMnt.mnt_ns === null) return fail('EINVAL');
  if (!mntHasParent(w, old.mnt) || !checkMnt(w, task, old.mnt)) return fail('EINVAL');
  if (old.dentry !== oldMnt.mnt_root) return fail('EINVAL');
  if (dIsDir(w, mp.dentry) !== dIsDir(w, old.dentry)) return fail('EINVAL');
  // A mount cannot move below itself.
  for (let p = mp.mnt; mntHasParent(w, p); p = rMount(w, p).mnt_parent) {
    if (p === old.mnt) return fail('ELOOP');
  }

  // attach_recursive_mnt (moving): unhash from the old place, attach at the new one; then
  // put_mountpoint(old_mp) and mntput_no_expire(old parent).
  const m = mountOf(w, old.mnt);
  const oldParent = m.mnt_parent;
  const oldMountpoint = m.mnt_mountpoint;
  const siblings = ownField(mountOf(w, oldParent), 'mnt_mounts');
  siblings.splice(siblings.indexOf(old.mnt), 1);
  m.mnt_parent = mp.mnt;
  m.mnt_mountpoint = mp.dentry;
  ownField(mountOf(w, mp.mnt), 'mnt_mounts').push(old.mnt);
  mntget(w, mp.mnt);
  dget(w, mp.dentry);
  dput(w, oldMountpoint);
  mntput(w, oldParent);
  return ok(0);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const MOUNT_CALLS: Handlers<'mount'> = {
  mount: sys_mount,
};
