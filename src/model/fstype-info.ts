/**
 * What the model knows about one file-system type: every place where Linux 6.1's file systems
 * answer differently is a property here, with the kernel function that makes the difference, so
 * that the operations ask the type instead of comparing its name. The values are in fstype.ts,
 * which also owns the names (`Name`), so that this file imports nothing.
 */

/**
 * How getdents64 walks a directory and where its position ends (File.f_dir_pos, f_dir_cookie;
 * src/ops/calls/readdir.ts).
 */
export type ReaddirRules =
  /**
   * fs/libfs.c: dcache_readdir (shmem_dir_operations) — the newest name first (d_alloc adds at
   * the head of d_subdirs), resumed from a cursor dentry; names made behind the cursor are not seen.
   */
  | { readonly kind: 'dcache-cursor' }
  | {
      /** The entries in order, resumed from the count already returned ("." and ".." first). */
      readonly kind: 'offset';
      /**
       * The order is a hash the model does not know (ext4_dx_readdir: htree order, seeded per file
       * system), so a listing compares with a real one as a set.
       */
      readonly hashOrder: boolean;
      /**
       * btrfs_opendir and btrfs_dir_llseek record btrfs_get_dir_last_index: btrfs_real_readdir
       * stops at that index, so names made after the open (or seek) are not listed.
       */
      readonly lastIndexSnapshot: boolean;
      /**
       * The marks f_pos takes past the last entry, the last being LLONG_MAX: ext4_dx_readdir one
       * (EXT4_HTREE_EOF_64BIT), btrfs_real_readdir two (INT_MAX, then LLONG_MAX); 0 for none.
       */
      readonly endMarks: number;
    };

/** How the cross-check makes a pristine file system of this type on a disk image (qemu.ts). */
export interface MkfsRecipe {
  /** The program and its quiet, force options. */
  readonly command: readonly [string, ...string[]];
  /** Its block-size option (mkfs.ext4 -b, mkfs.btrfs -s). */
  readonly blocksizeOption: string;
  /** The image's size: small, but at least what mkfs accepts (mkfs.btrfs: 109 MiB). */
  readonly imageMiB: number;
}

/** A file system whose mount source names a block device (get_tree_bdev, btrfs_mount_root). */
export interface BlockDevice {
  /**
   * A mount of this type on a device that another type holds mounted: get_tree_bdev's
   * blkdev_get_by_path(FMODE_EXCL) finds another holder (EBUSY); btrfs_scan_one_device opens it
   * without FMODE_EXCL and btrfs_read_disk_super finds no btrfs there (EINVAL).
   */
  readonly otherTypeMounted: 'EBUSY' | 'EINVAL';
  /**
   * A read-only and a read-write mount of one device coexist: btrfs_mount (6.1) reuses the
   * superblock and remounts it read-write for a read-write mount; get_tree_bdev refuses (EBUSY).
   */
  readonly mixesReadOnly: boolean;
  readonly mkfs: MkfsRecipe;
}

export interface FsTypeInfo<Name extends string = string> {
  readonly name: Name;
  /**
   * The code that serves the type: fs/ext4 registers ext4 and ext3 (ext3_fs_type, and ext2_fs_type
   * with CONFIG_EXT4_USE_FOR_EXT2), so they share its operations; a device held by one driver is
   * another driver's only through otherTypeMounted.
   */
  readonly driver: 'ext4' | 'btrfs' | 'shmem' | 'anon_inodefs';
  /**
   * A type the kernel mounts for itself (kern_mount, like anon_inodefs): not mountable, not
   * backed up, and a file system the model does not look into (installOutsideFile's files).
   */
  readonly internal: boolean;
  /**
   * The most names an inode may have, enforced by the file system's own ->link (ext4_link:
   * EXT4_LINK_MAX, btrfs_link: BTRFS_LINK_MAX); tmpfs has none (0). In 6.1 these file systems leave
   * the VFS's sb->s_max_links at 0, so vfs_link's own check never fires; the model keeps the limit
   * here only because it is per file-system type.
   */
  readonly s_max_links: number;
  /**
   * The parent's link count at which mkdir is EMLINK (ext4_mkdir: EXT4_DIR_LINK_MAX, unless the
   * file system has dir_nlink and the directory is indexed, which a directory that large always
   * is); 0 for none (ext4 with dir_nlink, btrfs, tmpfs).
   */
  readonly dirLinkMax: number;
  /** Directory nlink counts subdirectories (ext4, tmpfs); btrfs keeps directories at 1. */
  readonly dirNlinkCountsSubdirs: boolean;
  /**
   * fs/ext4/namei.c: ext4_inc_count sets an indexed directory's count to 1 once it would pass
   * EXT4_LINK_MAX, and ext4_dec_count never lowers a directory below 2, so 1 stays ("many").
   */
  readonly dirNlinkSticksAtOne: boolean;
  /** i_op->tmpfile exists (ext4_tmpfile, btrfs_tmpfile, shmem_tmpfile). */
  readonly tmpfile: boolean;
  /** Unlinked-but-open inodes are recorded persistently (ext4 orphan list, btrfs orphan items). */
  readonly orphans: boolean;
  /**
   * Regular files have ->direct_IO, so do_dentry_open sets FMODE_CAN_ODIRECT (ext4_aops,
   * btrfs_aops); without it open(O_DIRECT) and fcntl(F_SETFL, O_DIRECT) are EINVAL (shmem_aops has
   * none in 6.1; tmpfs gained O_DIRECT in 6.6).
   */
  readonly directIO: boolean;
  readonly readdir: ReaddirRules;
  /** How st_size of a directory is computed. */
  readonly dirSize: 'block' | 'bogo-dirent' | 'btrfs-names';
  /** Inode number of the root directory. */
  readonly rootIno: number;
  /** First inode number handed to a new file. */
  readonly firstIno: number;
  /**
   * The permission bits of a new mount's root: mm/shmem.c shmem_fill_super's default 01777 (mode=
   * changes it); mke2fs and mkfs.btrfs make the root 0755.
   */
  readonly rootMode: number;
  /**
   * The subvolume (root objectid) of the root directory, which new inodes inherit: btrfs
   * BTRFS_FS_TREE_OBJECTID 5, where btrfs_link refuses a link across subvolumes (EXDEV) and
   * subvol= mounts one; 0 for a type without subvolumes.
   */
  readonly rootSubvol: number;
  /** The relink series marks this type FS_RELINK: relink= and relink_dir (patches 03, 04, 07). */
  readonly relink: boolean;
  /**
   * The type has no init_fs_context in 6.1 (btrfs): fs/fs_context.c gives it legacy_fs_context_ops,
   * so its options go whole to its ->mount (src/ops/vfs/mount-options.ts, fsopen.ts).
   */
  readonly legacyFsContext: boolean;
  /** The option names its parser knows (fs-option-keys.ts). */
  readonly optionKeys: readonly string[];
  /** null: no device (get_tree_nodev makes a new superblock every time). */
  readonly device: BlockDevice | null;
  /**
   * sb->s_maxbytes, the largest file, for a block size: ext4 with extents (ext4_max_size: 2^32 - 1
   * blocks, so 4 TiB less 1 KiB with 1 KiB blocks, 16 TiB less 4 KiB with 4 KiB blocks), else
   * MAX_LFS_FILESIZE (LLONG_MAX); exact as a bigint.
   */
  readonly s_maxbytes: (s_blocksize: number) => bigint;
  /**
   * The values sb->s_blocksize can take, the default first. ext4: mkfs.ext4 -b (1, 2 or 4 KiB;
   * ext4_fill_super refuses a block larger than PAGE_SIZE); mke2fs.conf's [defaults] blocksize is
   * 4096, its "small" profile (an image under 512 MiB) 1024, so the image's size decides unless -b
   * is given. btrfs: the sectorsize, PAGE_SIZE on x86_64 (mkfs.btrfs -s). tmpfs: PAGE_SIZE
   * (shmem_fill_super). SEEK_DATA/SEEK_HOLE, st_blocks and st_blksize follow it.
   */
  readonly blocksizes: readonly [number, ...number[]];
  /**
   * The blocks a new directory takes: ext4 one (ext4_init_new_dir), btrfs and tmpfs none (btrfs
   * keeps names in the tree; inode bytes stay 0).
   */
  readonly dirBlocks: number;
  /**
   * The bytes mkfs gave the root directory when they are not dirBlocks blocks: mkfs.btrfs writes
   * the root's inode item with nbytes = nodesize (16 KiB by default), which btrfs_getattr reports.
   */
  readonly mkfsRootDirBytes: number | null;
  /**
   * The longest symlink target kept in the inode itself, which then takes no block: ext4's fast
   * symlink (ext4_symlink: target and NUL in i_block's 60 bytes), tmpfs's short symlink
   * (shmem_symlink: SHORT_SYMLINK_LEN 128 with the NUL). btrfs keeps every target in an inline
   * extent whose bytes btrfs_getattr rounds up to a sector: -1, always one block.
   */
  readonly symlinkInlineMax: number;
  /**
   * ->remap_file_range exists (btrfs_remap_file_range), which vfs_copy_file_range tries first on
   * one superblock (fs/read_write.c, 6.1): a block-aligned copy becomes a clone, which keeps the
   * source's holes where a copy writes zeros (measured: 16 st_blocks and SEEK_HOLE 4096 on btrfs,
   * 24 and 8193 on ext4 and tmpfs). Whether it clones is not modelled.
   */
  readonly remapFileRange: boolean;
  /**
   * Where a regular file's block map needs blocks of its own, which st_blocks then counts once the
   * data is written back (fsync, O_SYNC, the flusher): ext4's extent tree past the 4 extents
   * i_block holds (ext4_ext_grow_indepth), ext3's indirect blocks past the 12 direct ones. The
   * model has no writeback, so it does not answer st_blocks there. null: no such blocks (btrfs
   * keeps extents in its trees, tmpfs has pages).
   */
  readonly blockMap:
    | { readonly kind: 'extents'; readonly inInode: number }
    | { readonly kind: 'indirect'; readonly direct: number }
    | null;
}
