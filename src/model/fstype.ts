/** The file-system types the model knows, and where they differ in Linux 6.1. */
export type MountableFsType = 'ext4' | 'ext3' | 'btrfs' | 'tmpfs';
/**
 * 'anon' is an internal mount like anon_inodefs: it holds files the model does not look into,
 * e.g. the descriptors a traced program got from outside the modelled tree (stdin, /etc files).
 */
export type FsTypeName = MountableFsType | 'anon';

export interface FsTypeInfo {
  readonly name: FsTypeName;
  /**
   * The most names an inode may have, enforced by the file system's own ->link (ext4_link:
   * EXT4_LINK_MAX, btrfs_link: BTRFS_LINK_MAX); tmpfs has none (0). In 6.1 these file systems leave
   * the VFS's sb->s_max_links at 0, so vfs_link's own check never fires; the model keeps the limit
   * here only because it is per file-system type.
   */
  readonly s_max_links: number;
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
  /** How st_size of a directory is computed. */
  readonly dirSize: 'block' | 'bogo-dirent' | 'btrfs-names';
  /** Inode number of the root directory. */
  readonly rootIno: number;
  /** First inode number handed to a new file. */
  readonly firstIno: number;
  /** The relink series gives this file system a .relink operation (patches 02 and 06). */
  readonly relink: boolean;
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
   * The longest symlink target kept in the inode itself, which then takes no block: ext4's fast
   * symlink (ext4_symlink: target and NUL in i_block's 60 bytes), tmpfs's short symlink
   * (shmem_symlink: SHORT_SYMLINK_LEN 128 with the NUL). btrfs keeps every target in an inline
   * extent whose bytes btrfs_getattr rounds up to a sector: -1, always one block.
   */
  readonly symlinkInlineMax: number;
  /**
   * Where a regular file's block map needs blocks of its own, which st_blocks then counts once the
   * data is written back (fsync, O_SYNC, the flusher): ext4's extent tree past the 4 extents
   * i_block holds (ext4_ext_grow_indepth), ext3's indirect blocks past the 12 direct ones. The
   * model has no writeback, so it does not answer st_blocks there. null: no such blocks (btrfs
   * keeps extents in its trees, tmpfs has pages).
   */
  /**
   * ->remap_file_range exists (btrfs_remap_file_range), which vfs_copy_file_range tries first on
   * one superblock (fs/read_write.c, 6.1): a block-aligned copy becomes a clone, which keeps the
   * source's holes where a copy writes zeros (measured: 16 st_blocks and SEEK_HOLE 4096 on btrfs,
   * 24 and 8193 on ext4 and tmpfs). Whether it clones is not modelled.
   */
  readonly remapFileRange: boolean;
  readonly blockMap:
    | { readonly kind: 'extents'; readonly inInode: number }
    | { readonly kind: 'indirect'; readonly direct: number }
    | null;
}

/** include/asm-generic/page.h: PAGE_SIZE on x86_64. */
export const PAGE_SIZE = 4096;
/** include/linux/fs.h: MAX_LFS_FILESIZE on 64-bit, LLONG_MAX. */
const MAX_LFS_FILESIZE = (1n << 63n) - 1n;
/** fs/ext4/super.c: ext4_max_size with huge_file — ee_block is 32 bits, less one block. */
const ext4MaxBytes = (s_blocksize: number): bigint => ((1n << 32n) - 1n) * BigInt(s_blocksize);
const maxLfs = (): bigint => MAX_LFS_FILESIZE;
/** mkfs.ext4 -b: 1, 2 or 4 KiB on x86_64; 4096 is mke2fs.conf's [defaults] blocksize. */
const EXT4_BLOCKSIZES = [4096, 1024, 2048] as const;

export const FS_TYPES: Readonly<Record<FsTypeName, FsTypeInfo>> = {
  // fs/ext4/ext4.h: EXT4_LINK_MAX 65000, EXT4_ROOT_INO 2, EXT4_GOOD_OLD_FIRST_INO 11 (+ lost+found).
  ext4: {
    name: 'ext4',
    s_max_links: 65000,
    dirNlinkCountsSubdirs: true,
    dirNlinkSticksAtOne: true,
    tmpfile: true,
    orphans: true,
    dirSize: 'block',
    rootIno: 2,
    firstIno: 12,
    relink: true,
    s_maxbytes: ext4MaxBytes,
    blocksizes: EXT4_BLOCKSIZES,
    dirBlocks: 1,
    symlinkInlineMax: 59,
    remapFileRange: false,
    blockMap: { kind: 'extents', inInode: 4 },
  },
  // In 6.1 ext3 is mounted by the ext4 driver (CONFIG_EXT4_USE_FOR_EXT2/3), so the rules are ext4's.
  ext3: {
    name: 'ext3',
    s_max_links: 65000,
    dirNlinkCountsSubdirs: true,
    dirNlinkSticksAtOne: true,
    tmpfile: true,
    orphans: true,
    dirSize: 'block',
    rootIno: 2,
    firstIno: 12,
    relink: true,
    s_maxbytes: ext4MaxBytes,
    blocksizes: EXT4_BLOCKSIZES,
    dirBlocks: 1,
    symlinkInlineMax: 59,
    remapFileRange: false,
    blockMap: { kind: 'indirect', direct: 12 },
  },
  // fs/btrfs/ctree.h: BTRFS_LINK_MAX 65535, BTRFS_FIRST_FREE_OBJECTID 256; directories have nlink 1.
  btrfs: {
    name: 'btrfs',
    s_max_links: 65535,
    dirNlinkCountsSubdirs: false,
    dirNlinkSticksAtOne: false,
    tmpfile: true,
    orphans: true,
    dirSize: 'btrfs-names',
    rootIno: 256,
    firstIno: 257,
    relink: true,
    s_maxbytes: maxLfs,
    blocksizes: [PAGE_SIZE],
    dirBlocks: 0,
    symlinkInlineMax: -1,
    remapFileRange: true,
    blockMap: null,
  },
  // mm/shmem.c: no s_max_links, BOGO_DIRENT_SIZE 20 per entry, no on-disk orphan state, no relink op.
  tmpfs: {
    name: 'tmpfs',
    s_max_links: 0,
    dirNlinkCountsSubdirs: true,
    dirNlinkSticksAtOne: false,
    tmpfile: true,
    orphans: false,
    dirSize: 'bogo-dirent',
    rootIno: 1,
    firstIno: 2,
    relink: false,
    s_maxbytes: maxLfs,
    blocksizes: [PAGE_SIZE],
    dirBlocks: 0,
    symlinkInlineMax: 127,
    remapFileRange: false,
    blockMap: null,
  },
  anon: {
    name: 'anon',
    s_max_links: 0,
    dirNlinkCountsSubdirs: true,
    dirNlinkSticksAtOne: false,
    tmpfile: false,
    orphans: false,
    dirSize: 'bogo-dirent',
    rootIno: 1,
    firstIno: 2,
    relink: false,
    s_maxbytes: maxLfs,
    blocksizes: [PAGE_SIZE],
    dirBlocks: 0,
    symlinkInlineMax: 127,
    remapFileRange: false,
    blockMap: null,
  },
};

/** The default block size of a file system type (mkfs without -b on a large enough device). */
export const defaultBlocksize = (t: FsTypeName): number => FS_TYPES[t].blocksizes[0];

export function isMountableFsType(s: string): s is MountableFsType {
  return s === 'ext4' || s === 'ext3' || s === 'btrfs' || s === 'tmpfs';
}
