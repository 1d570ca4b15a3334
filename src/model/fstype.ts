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
   * sb->s_maxbytes, the largest file: ext4 with 4 KiB blocks (ext4_max_bitmap_size with extents:
   * 16 TiB less a block), else MAX_LFS_FILESIZE (LLONG_MAX), exact as a bigint.
   */
  readonly s_maxbytes: bigint;
}

const EXT4_MAXBYTES = 17592186040320n;
/** include/linux/fs.h: MAX_LFS_FILESIZE on 64-bit, LLONG_MAX. */
const MAX_LFS_FILESIZE = (1n << 63n) - 1n;

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
    s_maxbytes: EXT4_MAXBYTES,
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
    s_maxbytes: EXT4_MAXBYTES,
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
    s_maxbytes: MAX_LFS_FILESIZE,
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
    s_maxbytes: MAX_LFS_FILESIZE,
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
    s_maxbytes: MAX_LFS_FILESIZE,
  },
};

export function isMountableFsType(s: string): s is MountableFsType {
  return s === 'ext4' || s === 'ext3' || s === 'btrfs' || s === 'tmpfs';
}
