import type { DentryId, MntNsId, MountId, SuperBlockId } from './ids.js';

/** include/linux/mount.h: per-mount flags. */
export const MNT_NOSUID = 0x01;
export const MNT_NODEV = 0x02;
export const MNT_NOEXEC = 0x04;
export const MNT_READONLY = 0x40;

/** A (vfsmount, dentry) pair: include/linux/path.h struct path. Holding one takes mntget + dget. */
export interface Path {
  readonly mnt: MountId;
  readonly dentry: DentryId;
}

/** fs/mount.h: struct mount (with its embedded vfsmount). */
export interface Mount {
  readonly id: MountId;
  /** The number /proc/self/mountinfo shows. */
  readonly mnt_id: number;
  readonly mnt_sb: SuperBlockId;
  readonly mnt_root: DentryId;
  /** Self for a namespace root or a detached mount. */
  readonly mnt_parent: MountId;
  readonly mnt_mountpoint: DentryId;
  readonly mnt_flags: number;
  /** Holders: the parent mount tree (while attached), children, files, cwd/root, relink_dir. */
  readonly mnt_count: number;
  readonly mnt_ns: MntNsId | null;
  readonly mnt_mounts: readonly MountId[];
  readonly mnt_devname: string;
}

/** fs/mount.h: struct mnt_namespace. */
export interface MntNamespace {
  readonly id: MntNsId;
  readonly root: MountId;
  /** Tasks using it (nsproxy references). */
  readonly count: number;
}
