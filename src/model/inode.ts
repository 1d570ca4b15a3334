import type { InodeId, SuperBlockId } from './ids.js';
import type { InodeType } from './modes.js';

/** include/linux/fs.h: i_state bits the model uses. */
export const I_LINKABLE = 1 << 10;
export const I_FREEING = 1 << 5;
/**
 * Our port of the relink series (kernel-patches/0006): set by vfs_tmpfile for O_TMPFILE|O_EXCL, the
 * opener's request that the inode never get a name, which `.relink` must respect as ->link does.
 * Mainline has no such bit: there the missing I_LINKABLE is enough, as nothing else links i_nlink 0.
 */
export const I_TMPFILE_EXCL = 1 << 20;

/** include/linux/fs.h: inode->i_flags bits the model uses. */
export const S_APPEND = 1 << 2;
export const S_IMMUTABLE = 1 << 3;
export const S_DEAD = 1 << 4;

/**
 * A run of bytes written at an offset: their text, or a run of NULs written as such (allocated,
 * unlike a hole: a copy of a hole, or zeros written through pwrite). Unwritten ranges below i_size
 * read as zeros (holes). A zero run keeps files of any size the file system allows cheap to hold.
 */
export type Extent =
  | {
      readonly off: number;
      /** latin1 string: one char per byte, so data stays JSON-serialisable. */
      readonly bytes: string;
    }
  | { readonly off: number; readonly zeros: number };

/** include/linux/pipe_fs_i.h: struct pipe_inode_info, reduced to what fifo semantics observe. */
export interface PipeInodeInfo {
  readonly readers: number;
  readonly writers: number;
  /** Bumped on every reader/writer open (fs/pipe.c: fifo_open, wait_for_partner). */
  readonly r_counter: number;
  readonly w_counter: number;
  /** Buffered bytes, latin1. */
  readonly buf: string;
  /**
   * How `buf` sits in the pipe's page buffers (struct pipe_buffer: offset and length in a 4 KiB
   * page), oldest first; at most PIPE_DEF_BUFFERS (16) of them. Capacity and the merging of small
   * writes depend on it (fs/pipe.c: pipe_write).
   */
  readonly pages: readonly PipeBuffer[];
}

export interface PipeBuffer {
  readonly off: number;
  readonly len: number;
  /** A page spliced in from a file (no PIPE_BUF_FLAG_CAN_MERGE): a later write starts a new buffer. */
  readonly noMerge?: boolean;
}

/** include/linux/fs.h: struct inode. */
export interface Inode {
  readonly id: InodeId;
  readonly i_sb: SuperBlockId;
  /** The number stat reports; reused by the file system once the inode is evicted. */
  readonly i_ino: number;
  readonly type: InodeType;
  /** Type and permission bits, as st_mode. */
  readonly i_mode: number;
  readonly i_uid: number;
  readonly i_gid: number;
  readonly i_nlink: number;
  /** References: one per dentry alias (d_inode) and per in-flight holder. */
  readonly i_count: number;
  readonly i_state: number;
  readonly i_flags: number;
  readonly i_size: number;
  /** Regular files: sorted, non-overlapping extents. */
  readonly i_data: readonly Extent[];
  /** Symlinks: the target (inode->i_link). */
  readonly i_link: string | null;
  /** Fifos: the pipe, present while it has readers or writers (fs/pipe.c: put_pipe_info). */
  readonly i_pipe: PipeInodeInfo | null;
  /** btrfs: the subvolume (root objectid) the inode belongs to; 0 elsewhere. */
  readonly i_subvol: number;
}
