/**
 * The checkpoint image (the relink series, patch 04): what checkpoint records and restart reads.
 * Plain data, like the rest of the model. Open files are objects of their own (objref sharing in
 * linux-cr), so two fds or two tasks sharing one struct file restore to one shared file.
 */
import type { Extent } from './inode.js';

/** How an unlinked file's contents survive: the strategies relinklab compares. */
export type CheckpointStrategy = 'relink' | 'copy' | 'link-remap' | 'search' | 'handle';

/** IO a strategy performed, in the units the seed argues with. */
export interface IoCount {
  /** File data read to build the image (copy reads every byte of a ghost file). */
  readonly bytesRead: number;
  /** File data written: into the image at checkpoint, back into the file system at restart. */
  readonly bytesWritten: number;
  /** Metadata operations: links, unlinks, lookups, directory entries visited by a search. */
  readonly metadataOps: number;
}

/** How restart finds an open file's inode again. */
export type FileSource =
  /** The file still had its name: reopen it by path. */
  | { readonly kind: 'path'; readonly path: string }
  /** Relinked at checkpoint (relink, link-remap, search found another name): reopen, then unlink if `unlinkAfter`. */
  | { readonly kind: 'relinked'; readonly path: string; readonly unlinkAfter: boolean }
  /** A ghost file (copy): the data travels in the image; restart recreates it under `path` and unlinks it. */
  | {
      readonly kind: 'ghost';
      readonly path: string;
      readonly mode: number;
      readonly size: number;
      readonly data: readonly Extent[];
    }
  /** A file handle (name_to_handle_at): (dev, ino) reopened by open_by_handle_at. */
  | { readonly kind: 'handle'; readonly dev: number; readonly ino: number };

export interface ImageFile {
  /** Object key: equal keys are one struct file (dup, fork, SCM_RIGHTS). */
  readonly key: number;
  /** Inode key: equal keys are one inode (hard links, two opens of one file). */
  readonly inodeKey: number;
  readonly type: 'reg' | 'dir' | 'fifo';
  readonly f_flags: number;
  readonly f_pos: number;
  /** The name the file had at checkpoint (d_path, " (deleted)" stripped), for reports. */
  readonly origPath: string;
  readonly unlinked: boolean;
  readonly source: FileSource;
  /** Fifo contents at checkpoint (CKPT_HDR_PIPE_BUF), refilled at restart. */
  readonly pipeBuf: string | null;
}

export interface ImageFd {
  readonly fd: number;
  readonly file: number;
  readonly cloexec: boolean;
}

export interface ImageTask {
  readonly pid: number;
  /** Tasks sharing one fd table (CLONE_FILES) name the same table key. */
  readonly fdTable: number;
  readonly fds: readonly ImageFd[];
  readonly cwd: string;
  readonly umask: number;
  readonly uid: number;
  readonly gid: number;
}

/** A name checkpoint created in the live file system, and the inode it was created for. */
export interface CreatedName {
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
}

export interface CheckpointImage {
  readonly strategy: CheckpointStrategy;
  readonly tasks: readonly ImageTask[];
  readonly files: readonly ImageFile[];
  /** Names checkpoint created in the live file system (what cleanup must remove). */
  readonly createdNames: readonly CreatedName[];
  readonly io: IoCount;
}
