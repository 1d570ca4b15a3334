/**
 * st_blocks and st_blksize: fs/stat.c generic_fillattr (blksize = i_blocksize, blocks = i_blocks in
 * 512-byte units) with the file systems' getattr, all in sb->s_blocksize. Measured on this machine
 * and checked on both 6.1 kernels (docs/block-size.md has the table):
 * - a regular file counts the blocks its written ranges touch. ext4 (ext4_file_getattr) adds its
 *   delayed-allocation blocks to i_blocks, btrfs (btrfs_getattr) its new_delalloc_bytes rounded to
 *   a sector, tmpfs (shmem) counts pages: before and after writeback alike, a block partly written,
 *   or kept by a truncate inside it, counts whole; a hole, or the growth of a truncate, not at all.
 * - not answered (Unmodelled): ext4's extent-tree blocks. A file of more than 4 extents gets an
 *   index block once its data is written back (fsync, O_SYNC, auto_da_alloc at close after a
 *   truncate to 0, the flusher after 30 s): 2 more st_blocks with 1 KiB blocks, 8 with 4 KiB. The
 *   model has no writeback, so it cannot tell which count the kernel gives; ext3's indirect
 *   blocks likewise. Physical fragmentation that splits a run into more extents is not modelled.
 * - a directory: ext4 one block (kept after rmdir until the inode goes), btrfs and tmpfs none; the
 *   roots as mkfs made them (mke2fs: one block; mkfs.btrfs: FsTypeInfo.mkfsRootDirBytes). Directories
 *   that grow past a block are not modelled (their st_size is not either).
 * - a symlink: none while its target fits in the inode (FsTypeInfo.symlinkInlineMax), else one.
 * - a fifo: none.
 */
import { FS_TYPES, type FsTypeName } from '../../model/fstype.js';
import type { InodeId } from '../../model/ids.js';
import type { Extent } from '../../model/inode.js';
import { allocatedBytes, allocatedRuns } from './pagecache.js';
import { Unmodelled } from '../../model/errors.js';
import { rDentry, rInode, rSb, type RWorld } from './world-draft.js';

/** include/linux/fs.h: i_blocks counts 512-byte sectors (SECTOR_SHIFT 9). */
const SECTOR = 512;

export interface BlockStat {
  readonly st_blocks: number;
  readonly st_blksize: number;
}

/** Bytes of the blocks a directory holds. */
function dirBytes(w: RWorld, ino: InodeId): number {
  const inode = rInode(w, ino);
  const sb = rSb(w, inode.i_sb);
  const fs = FS_TYPES[sb.s_type];
  if (ino === rDentry(w, sb.s_root).d_inode && fs.mkfsRootDirBytes !== null) return fs.mkfsRootDirBytes;
  return fs.dirBlocks * sb.s_blocksize;
}

/**
 * A file whose block map needs blocks of its own: measured on 1 KiB and 4 KiB ext4, five one-byte
 * extents hold 10 and 40 st_blocks while dirty, 12 and 48 after O_SYNC or after auto_da_alloc's
 * flush at close; when the model does not know whether writeback ran, it does not answer.
 */
function mapBlocksUnmodelled(type: FsTypeName, data: readonly Extent[], bs: number): void {
  const map = FS_TYPES[type].blockMap;
  if (map === null) return;
  const runs = allocatedRuns(data, bs);
  if (map.kind === 'extents' && runs.length > map.inInode)
    throw new Unmodelled(
      `st_blocks of a ${type} file of ${runs.length} extents (its extent-tree block comes with writeback)`,
    );
  const last = runs[runs.length - 1];
  if (map.kind === 'indirect' && last !== undefined && last.end > map.direct * bs)
    throw new Unmodelled(`st_blocks of a ${type} file past its ${map.direct} direct blocks (indirect blocks)`);
}

/** st_blocks and st_blksize of an inode (not /proc's: see procBlockStat). */
export function blockStat(w: RWorld, ino: InodeId): BlockStat {
  const inode = rInode(w, ino);
  const sb = rSb(w, inode.i_sb);
  const bs = sb.s_blocksize;
  let bytes = 0;
  switch (inode.type) {
    case 'reg':
      mapBlocksUnmodelled(sb.s_type, inode.i_data, bs);
      bytes = allocatedBytes(inode.i_data, bs);
      break;
    case 'dir':
      bytes = dirBytes(w, ino);
      break;
    case 'symlink': {
      const inline = FS_TYPES[sb.s_type].symlinkInlineMax;
      bytes = inode.i_size <= inline ? 0 : bs;
      break;
    }
    case 'fifo':
      bytes = 0;
  }
  return { st_blocks: bytes / SECTOR, st_blksize: bs };
}

/** fs/proc/root.c: proc_fill_super sets s_blocksize 1024; its inodes hold no blocks. */
export const PROC_BLOCK_STAT: BlockStat = { st_blocks: 0, st_blksize: 1024 };
