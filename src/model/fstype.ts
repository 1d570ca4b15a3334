/**
 * The file-system types the model knows, and where they differ in Linux 6.1: one FsTypeInfo each
 * (fstype-info.ts says what each property means and which kernel function decides it). Adding a
 * type is adding its name and its entry here (docs/model.md, "How to add a file system type").
 */
import { BTRFS_OPTION_KEYS, EXT4_OPTION_KEYS, TMPFS_OPTION_KEYS } from './fs-option-keys.js';
import type { FsTypeInfo } from './fstype-info.js';

export type { FsTypeInfo, ReaddirRules } from './fstype-info.js';
export type MountableFsType = 'ext4' | 'ext3' | 'ext2' | 'btrfs' | 'tmpfs';
/**
 * 'anon' is an internal mount like anon_inodefs: it holds files the model does not look into,
 * e.g. the descriptors a traced program got from outside the modelled tree (stdin, /etc files).
 */
export type FsTypeName = MountableFsType | 'anon';

/** include/asm-generic/page.h: PAGE_SIZE on x86_64. */
export const PAGE_SIZE = 4096;
/** include/linux/fs.h: MAX_LFS_FILESIZE on 64-bit, LLONG_MAX. */
const MAX_LFS_FILESIZE = (1n << 63n) - 1n;
/** fs/ext4/super.c: ext4_max_size with huge_file — ee_block is 32 bits, less one block. */
const ext4MaxBytes = (s_blocksize: number): bigint => ((1n << 32n) - 1n) * BigInt(s_blocksize);
const maxLfs = (): bigint => MAX_LFS_FILESIZE;
/** mkfs.ext4 -b: 1, 2 or 4 KiB on x86_64; 4096 is mke2fs.conf's [defaults] blocksize. */
const EXT4_BLOCKSIZES = [4096, 1024, 2048] as const;

/** fs/ext4/ext4.h: EXT4_LINK_MAX. */
const EXT4_LINK_MAX = 65000;

type FsTypeTable = {
  readonly [K in FsTypeName]: FsTypeInfo<K> & {
    readonly internal: K extends MountableFsType ? false : true;
  };
};

// fs/ext4/ext4.h: EXT4_ROOT_INO 2, EXT4_GOOD_OLD_FIRST_INO 11 (+ lost+found); mkfs.ext4's features.
const EXT4 = {
  name: 'ext4',
  driver: 'ext4',
  internal: false,
  s_max_links: EXT4_LINK_MAX,
  // dir_nlink: ext4_inc_count sticks a large directory's count at 1 instead.
  dirLinkMax: 0,
  dirNlinkCountsSubdirs: true,
  dirNlinkSticksAtOne: true,
  tmpfile: true,
  orphans: true,
  directIO: true,
  readdir: { kind: 'offset', hashOrder: true, lastIndexSnapshot: false, endMarks: 1 },
  dirSize: 'block',
  rootIno: 2,
  firstIno: 12,
  rootMode: 0o755,
  rootSubvol: 0,
  relink: true,
  legacyFsContext: false,
  optionKeys: EXT4_OPTION_KEYS,
  device: {
    otherTypeMounted: 'EBUSY',
    mixesReadOnly: false,
    mkfs: { command: ['mkfs.ext4', '-q', '-F'], blocksizeOption: '-b', imageMiB: 32 },
  },
  s_maxbytes: ext4MaxBytes,
  blocksizes: EXT4_BLOCKSIZES,
  dirBlocks: 1,
  mkfsRootDirBytes: null,
  symlinkInlineMax: 59,
  remapFileRange: false,
  blockMap: { kind: 'extents', inInode: 4 },
} as const satisfies FsTypeTable['ext4'];

/** tmpfs (mm/shmem.c), and the model's internal type, which has the same in-memory rules. */
const TMPFS = {
  name: 'tmpfs',
  driver: 'shmem',
  internal: false,
  s_max_links: 0,
  dirLinkMax: 0,
  dirNlinkCountsSubdirs: true,
  dirNlinkSticksAtOne: false,
  tmpfile: true,
  // No on-disk state: nothing to record.
  orphans: false,
  directIO: false,
  readdir: { kind: 'dcache-cursor' },
  // BOGO_DIRENT_SIZE 20 per entry.
  dirSize: 'bogo-dirent',
  rootIno: 1,
  firstIno: 2,
  rootMode: 0o1777,
  rootSubvol: 0,
  relink: false,
  legacyFsContext: false,
  optionKeys: TMPFS_OPTION_KEYS,
  device: null,
  s_maxbytes: maxLfs,
  blocksizes: [PAGE_SIZE],
  dirBlocks: 0,
  mkfsRootDirBytes: null,
  symlinkInlineMax: 127,
  remapFileRange: false,
  blockMap: null,
} as const satisfies FsTypeTable['tmpfs'];

// In 6.1 ext3 is mounted by the ext4 driver (ext3_fs_type in fs/ext4/super.c), so the rules are
// ext4's except where mkfs.ext3's features differ: no dir_nlink, no extents.
const EXT3 = {
  ...EXT4,
  name: 'ext3',
  dirLinkMax: EXT4_LINK_MAX,
  device: { ...EXT4.device, mkfs: { ...EXT4.device.mkfs, command: ['mkfs.ext3', '-q', '-F'] } },
  blockMap: { kind: 'indirect', direct: 12 },
} as const satisfies FsTypeTable['ext3'];

export const FS_TYPES: FsTypeTable = {
  ext4: EXT4,
  ext3: EXT3,
  // With CONFIG_EXT4_USE_FOR_EXT2 (Debian's 6.1, the minimal guests, this machine's 6.18) the ext4
  // driver mounts ext2 too (ext2_fs_type in fs/ext4/super.c): ext3's rules but for the journal
  // mkfs.ext2 leaves out, and the series' FS_RELINK (docs/model.md, "ext2").
  ext2: {
    ...EXT3,
    name: 'ext2',
    // ext4_orphan_add returns at once without a journal: no orphan is recorded.
    orphans: false,
    // 0003 marks ext4_fs_type and ext3_fs_type, not ext2_fs_type: relink= is ext4_parse_param's
    // EINVAL and no relink_dir can exist, though its files share ext4_file_operations' .relink.
    relink: false,
    device: { ...EXT3.device, mkfs: { ...EXT3.device.mkfs, command: ['mkfs.ext2', '-q', '-F'] } },
  },
  // fs/btrfs/ctree.h: BTRFS_LINK_MAX 65535, BTRFS_FIRST_FREE_OBJECTID 256; directories have nlink 1.
  btrfs: {
    name: 'btrfs',
    driver: 'btrfs',
    internal: false,
    s_max_links: 65535,
    dirLinkMax: 0,
    dirNlinkCountsSubdirs: false,
    dirNlinkSticksAtOne: false,
    tmpfile: true,
    orphans: true,
    directIO: true,
    readdir: { kind: 'offset', hashOrder: false, lastIndexSnapshot: true, endMarks: 2 },
    dirSize: 'btrfs-names',
    rootIno: 256,
    firstIno: 257,
    rootMode: 0o755,
    rootSubvol: 5,
    relink: true,
    legacyFsContext: true,
    optionKeys: BTRFS_OPTION_KEYS,
    device: {
      otherTypeMounted: 'EINVAL',
      mixesReadOnly: true,
      mkfs: { command: ['mkfs.btrfs', '-q', '-f'], blocksizeOption: '-s', imageMiB: 128 },
    },
    s_maxbytes: maxLfs,
    blocksizes: [PAGE_SIZE],
    dirBlocks: 0,
    mkfsRootDirBytes: 16384,
    symlinkInlineMax: -1,
    remapFileRange: true,
    blockMap: null,
  },
  tmpfs: TMPFS,
  // Never mounted, listed or opened by name: only installOutsideFile's files, which the model
  // does not judge. Its root mode is mkfs's default (src/ops/vfs/super.ts) and its readdir the
  // plain offset walk: neither is reached.
  anon: {
    ...TMPFS,
    name: 'anon',
    driver: 'anon_inodefs',
    internal: true,
    tmpfile: false,
    readdir: { kind: 'offset', hashOrder: false, lastIndexSnapshot: false, endMarks: 0 },
    rootMode: 0o755,
    optionKeys: [],
  },
};

/** The default block size of a file system type (mkfs without -b on a large enough device). */
export const defaultBlocksize = (t: FsTypeName): number => FS_TYPES[t].blocksizes[0];

/** The types a mount(2), fsopen(2), a scenario's fs: or --fs may name, in the table's order. */
export const MOUNTABLE_FS_TYPES: readonly MountableFsType[] = Object.values(FS_TYPES).flatMap((t) =>
  t.internal ? [] : [t.name],
);

export function isMountableFsType(s: string): s is MountableFsType {
  return (MOUNTABLE_FS_TYPES as readonly string[]).includes(s);
}

/** Its getdents64 order is a hash the model does not know (ReaddirRules.hashOrder): compare as sets. */
export function listsInHashOrder(t: FsTypeName): boolean {
  const rules = FS_TYPES[t].readdir;
  return rules.kind === 'offset' && rules.hashOrder;
}

/** A type the kernel mounts for itself (FsTypeInfo.internal), which the model does not look into. */
export function isInternalFsType(t: FsTypeName): t is Exclude<FsTypeName, MountableFsType> {
  return FS_TYPES[t].internal;
}
