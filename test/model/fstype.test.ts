// Each file-system type's properties are what Linux 6.1's functions make them (read in Debian's
// linux-source-6.1; the ext2 column measured on this machine's 6.18 too: docs/model.md).
import { describe, expect, it } from 'vitest';
import {
  FS_TYPES,
  isInternalFsType,
  isMountableFsType,
  listsInHashOrder,
  MOUNTABLE_FS_TYPES,
  type FsTypeInfo,
  type FsTypeName,
} from '../../src/model/fstype.js';

type Column = Readonly<Record<FsTypeName, unknown>>;

/** One row per property: the kernel function that decides it, and its value for each type. */
const KERNEL: readonly { property: keyof FsTypeInfo; kernel: string; is: Column }[] = [
  {
    property: 'driver',
    kernel: 'fs/ext4/super.c registers ext4_fs_type, ext3_fs_type and (CONFIG_EXT4_USE_FOR_EXT2) ext2_fs_type',
    is: { ext4: 'ext4', ext3: 'ext4', ext2: 'ext4', btrfs: 'btrfs', tmpfs: 'shmem', anon: 'anon_inodefs' },
  },
  {
    property: 'internal',
    kernel: 'kern_mount: anon_inodefs is never mounted from user space',
    is: { ext4: false, ext3: false, ext2: false, btrfs: false, tmpfs: false, anon: true },
  },
  {
    property: 's_max_links',
    kernel: 'ext4_link: EXT4_LINK_MAX; btrfs_link: BTRFS_LINK_MAX; shmem_link: none',
    is: { ext4: 65000, ext3: 65000, ext2: 65000, btrfs: 65535, tmpfs: 0, anon: 0 },
  },
  {
    property: 'dirLinkMax',
    kernel: 'ext4_mkdir: EXT4_DIR_LINK_MAX without dir_nlink (mkfs.ext3, mkfs.ext2)',
    is: { ext4: 0, ext3: 65000, ext2: 65000, btrfs: 0, tmpfs: 0, anon: 0 },
  },
  {
    property: 'dirNlinkCountsSubdirs',
    kernel: 'ext4_mkdir, shmem_mkdir: inc_nlink(dir); btrfs directories keep nlink 1',
    is: { ext4: true, ext3: true, ext2: true, btrfs: false, tmpfs: true, anon: true },
  },
  {
    property: 'tmpfile',
    kernel: 'i_op->tmpfile: ext4_tmpfile, btrfs_tmpfile, shmem_tmpfile',
    is: { ext4: true, ext3: true, ext2: true, btrfs: true, tmpfs: true, anon: false },
  },
  {
    property: 'orphans',
    kernel: 'ext4_orphan_add only with a journal (not ext2); btrfs_orphan_add; shmem has no disk',
    is: { ext4: true, ext3: true, ext2: false, btrfs: true, tmpfs: false, anon: false },
  },
  {
    property: 'directIO',
    kernel: 'do_dentry_open: FMODE_CAN_ODIRECT from a_ops->direct_IO (ext4_aops, btrfs_aops; not shmem_aops)',
    is: { ext4: true, ext3: true, ext2: true, btrfs: true, tmpfs: false, anon: false },
  },
  {
    property: 'rootMode',
    kernel: 'shmem_fill_super: 0777 | S_ISVTX; mke2fs and mkfs.btrfs: 0755',
    is: { ext4: 0o755, ext3: 0o755, ext2: 0o755, btrfs: 0o755, tmpfs: 0o1777, anon: 0o755 },
  },
  {
    property: 'rootSubvol',
    kernel: 'btrfs: BTRFS_FS_TREE_OBJECTID; btrfs_link: EXDEV across subvolumes',
    is: { ext4: 0, ext3: 0, ext2: 0, btrfs: 5, tmpfs: 0, anon: 0 },
  },
  {
    property: 'relink',
    kernel: 'the series: FS_RELINK on ext4_fs_type, ext3_fs_type (0003, not ext2_fs_type) and btrfs_fs_type (0004)',
    is: { ext4: true, ext3: true, ext2: false, btrfs: true, tmpfs: false, anon: false },
  },
  {
    property: 'legacyFsContext',
    kernel: 'fs/fs_context.c: legacy_fs_context_ops for a type without init_fs_context (btrfs in 6.1)',
    is: { ext4: false, ext3: false, ext2: false, btrfs: true, tmpfs: false, anon: false },
  },
  {
    property: 'rootIno',
    kernel: 'EXT4_ROOT_INO; BTRFS_FIRST_FREE_OBJECTID; shmem_get_inode',
    is: { ext4: 2, ext3: 2, ext2: 2, btrfs: 256, tmpfs: 1, anon: 1 },
  },
  {
    property: 'dirBlocks',
    kernel: 'ext4_init_new_dir: one block; btrfs and shmem: none',
    is: { ext4: 1, ext3: 1, ext2: 1, btrfs: 0, tmpfs: 0, anon: 0 },
  },
  {
    property: 'mkfsRootDirBytes',
    kernel: "mkfs.btrfs: the root's inode item has nbytes = nodesize",
    is: { ext4: null, ext3: null, ext2: null, btrfs: 16384, tmpfs: null, anon: null },
  },
  {
    property: 'remapFileRange',
    kernel: 'file_operations->remap_file_range: btrfs_remap_file_range',
    is: { ext4: false, ext3: false, ext2: false, btrfs: true, tmpfs: false, anon: false },
  },
];

/** The properties whose values differ between two types. */
const differences = (a: FsTypeName, b: FsTypeName): (keyof FsTypeInfo)[] =>
  (Object.keys(FS_TYPES[b]) as (keyof FsTypeInfo)[]).filter(
    (k) => JSON.stringify(FS_TYPES[a][k]) !== JSON.stringify(FS_TYPES[b][k]),
  );

describe('file-system types as data', () => {
  it.each(KERNEL)('$property is what $kernel makes it', ({ property, is }) => {
    const actual = Object.fromEntries(Object.keys(is).map((t) => [t, FS_TYPES[t as FsTypeName][property]]));
    expect(actual).toEqual(is);
  });

  it('readdir: tmpfs walks a cursor (dcache_readdir), ext4 a hash order with one end mark, btrfs a snapshot with two', () => {
    expect(FS_TYPES.tmpfs.readdir).toEqual({ kind: 'dcache-cursor' });
    expect(FS_TYPES.ext4.readdir).toEqual({ kind: 'offset', hashOrder: true, lastIndexSnapshot: false, endMarks: 1 });
    expect(FS_TYPES.ext3.readdir).toEqual(FS_TYPES.ext4.readdir);
    expect(FS_TYPES.ext2.readdir).toEqual(FS_TYPES.ext4.readdir);
    expect(FS_TYPES.btrfs.readdir).toEqual({ kind: 'offset', hashOrder: false, lastIndexSnapshot: true, endMarks: 2 });
    expect(MOUNTABLE_FS_TYPES.filter(listsInHashOrder)).toEqual(['ext4', 'ext3', 'ext2']);
  });

  it('block devices: get_tree_bdev refuses another holder (EBUSY), btrfs finds no btrfs (EINVAL) and mixes ro and rw', () => {
    expect(FS_TYPES.ext4.device).toMatchObject({ otherTypeMounted: 'EBUSY', mixesReadOnly: false });
    expect(FS_TYPES.ext3.device).toMatchObject({ otherTypeMounted: 'EBUSY', mixesReadOnly: false });
    expect(FS_TYPES.btrfs.device).toMatchObject({ otherTypeMounted: 'EINVAL', mixesReadOnly: true });
    expect(FS_TYPES.tmpfs.device).toBeNull();
    expect(FS_TYPES.anon.device).toBeNull();
  });

  it('the cross-check makes each block type with its own mkfs and block-size option, btrfs at its 109 MiB minimum or more', () => {
    expect(FS_TYPES.ext4.device?.mkfs).toEqual({
      command: ['mkfs.ext4', '-q', '-F'],
      blocksizeOption: '-b',
      imageMiB: 32,
    });
    expect(FS_TYPES.btrfs.device?.mkfs).toMatchObject({ blocksizeOption: '-s' });
    expect(FS_TYPES.btrfs.device?.mkfs.imageMiB).toBeGreaterThanOrEqual(109);
  });

  it('ext3 is ext4 but for what mkfs.ext3 leaves out: dir_nlink (a directory link limit) and extents (indirect blocks)', () => {
    expect(differences('ext3', 'ext4')).toEqual(['name', 'dirLinkMax', 'device', 'blockMap']);
    expect(FS_TYPES.ext3.blockMap).toEqual({ kind: 'indirect', direct: 12 });
    expect(FS_TYPES.ext3.device?.mkfs.command[0]).toBe('mkfs.ext3');
  });

  it('ext2 is ext3 but for what mkfs.ext2 and the series leave out: the journal (no orphan list) and FS_RELINK', () => {
    expect(differences('ext2', 'ext3')).toEqual(['name', 'orphans', 'relink', 'device']);
    expect(FS_TYPES.ext2.device?.mkfs.command[0]).toBe('mkfs.ext2');
  });

  it('names: every type but the internal one is mountable, and only those', () => {
    expect(MOUNTABLE_FS_TYPES).toEqual(['ext4', 'ext3', 'ext2', 'btrfs', 'tmpfs']);
    expect(MOUNTABLE_FS_TYPES.every(isMountableFsType)).toBe(true);
    expect(['anon', 'ext5', 'toString', ''].some(isMountableFsType)).toBe(false);
    expect(isInternalFsType('anon')).toBe(true);
    for (const [name, info] of Object.entries(FS_TYPES)) expect(info.name).toBe(name);
  });
});
