import type { DentryId, InodeId, SuperBlockId } from './ids.js';
import type { FsTypeName } from './fstype.js';

export const SB_RDONLY = 1;

/** include/linux/fs.h: struct super_block. */
export interface SuperBlock {
  readonly id: SuperBlockId;
  readonly s_type: FsTypeName;
  readonly s_root: DentryId;
  /** Active references: one per mount of this superblock (deactivate_super frees at zero). */
  readonly s_active: number;
  readonly s_flags: number;
  readonly s_max_links: number;
  /**
   * The block size in bytes (sb_set_blocksize at fill_super): ext4's from mkfs (-b, or its image
   * size's profile), btrfs's sectorsize, tmpfs's PAGE_SIZE. Allocation, SEEK_DATA/SEEK_HOLE,
   * st_blocks and st_blksize are counted in it (FsTypeInfo.blocksizes).
   */
  readonly s_blocksize: number;
  /** ext4 s_orphan list / btrfs orphan items: inodes with i_nlink 0 that are still in use. */
  readonly s_orphans: readonly InodeId[];
  /** Next inode number to hand out, and numbers freed by eviction, reused lowest first. */
  readonly s_next_ino: number;
  readonly s_free_inos: readonly number[];
  /**
   * The relink series (patch 07): the directory checkpoint relinks unlinked files into, set by the
   * relink= option. Holds a dentry reference only: a vfsmount reference held by the superblock
   * would pin its own mount (umount EBUSY forever), so the mount is the open file's own (patch 09).
   */
  readonly s_relink_dir: DentryId | null;
  /** The option string as given at mount, for /proc/mounts. */
  readonly s_options: string;
  readonly s_dev: number;
}
