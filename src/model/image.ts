/**
 * The checkpoint image (the relink series, patch 04): what checkpoint records and restart reads.
 * Plain data, like the rest of the model. Open files are objects of their own (objref sharing in
 * linux-cr), so two fds or two tasks sharing one struct file restore to one shared file.
 */
import type { Cred } from './cred.js';
import type { Extent } from './inode.js';

/**
 * How an unlinked file's contents survive: the strategies relinklab compares, in the order
 * `compare` shows them. Scenarios accept these names and no others.
 */
export const CHECKPOINT_STRATEGIES = ['relink', 'copy', 'link-remap', 'search', 'handle'] as const;
export type CheckpointStrategy = (typeof CHECKPOINT_STRATEGIES)[number];

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
  /**
   * The file still had its name (or search found another): reopen it by `mntPath`, the name inside
   * mount `mnt` (an ImageMount id: the mount of the file whose name it is), through that mount
   * restored; `path` is for reports. Files of one inode on two mounts each have their own.
   */
  | { readonly kind: 'path'; readonly path: string; readonly mnt: number; readonly mntPath: string }
  /**
   * Relinked at checkpoint (the series): reopen, then unlink if `unlinkAfter`. `path` is the name
   * as the checkpointer made it; `mntPath` the same name inside mount `mnt` (an ImageMount id),
   * through which restart reopens and unlinks it. `mnt` is null when relink_dir was reached
   * through another mount than the file's (a variant without patch 09's EXDEV): then by `path`.
   */
  | {
      readonly kind: 'relinked';
      readonly path: string;
      readonly unlinkAfter: boolean;
      readonly mnt: number | null;
      readonly mntPath: string;
    }
  /**
   * CRIU's linked remap (criu/files-reg.c: dump_linked_remap), one per open file: checkpoint made
   * `remapPath`; restart links it in at the file's original name, opens that, unlinks it, and
   * removes `remapPath` once every task is restored (try_clean_remaps).
   */
  | { readonly kind: 'link-remap'; readonly remapPath: string }
  /**
   * CRIU's ghost file (dump_ghost_remap), one per inode (`remapId` shared by its files): the data
   * travels in the image; restart creates it once as `<first client's path>.cr.<remapId hex>.ghost`,
   * then opens each file through a link at its original name, as for a linked remap.
   */
  | {
      readonly kind: 'ghost';
      readonly remapId: number;
      readonly mode: number;
      readonly size: number;
      readonly data: readonly Extent[];
    }
  /**
   * An open directory that was removed: restart recreates dead directory `key`
   * (CheckpointImage.deadDirs) as a placeholder at `path`, holds it, removes it, and opens "." of
   * it with the file's flags (src/cr/restore-task.ts).
   */
  | { readonly kind: 'dead-dir'; readonly key: number; readonly path: string }
  /** A file handle (name_to_handle_at): (dev, ino) reopened by open_by_handle_at. */
  | { readonly kind: 'handle'; readonly dev: number; readonly ino: number };

/** The name a source has in the file system between checkpoint and restart, if any (for reports). */
export function sourceName(src: FileSource): string | null {
  switch (src.kind) {
    case 'path':
    case 'relinked':
    case 'dead-dir':
      return src.path;
    case 'link-remap':
      return src.remapPath;
    case 'ghost':
    case 'handle':
      return null;
  }
}

/**
 * The mount an open file was reached through, as /proc/PID/mountinfo shows it (criu/mount.c
 * records these; criu/files-reg.c keeps the file's mnt_id and its path inside the mount). Restart
 * puts an equal mount back before it opens the file, and fails, naming it, when it cannot.
 */
export interface ImageMount {
  /** mnt_id at checkpoint (mountinfo's first field; fdinfo's mnt_id). */
  readonly id: number;
  /** The file system: its type and its device number (st_dev), which a backup keeps. */
  readonly fstype: string;
  readonly dev: number;
  /** mountinfo's source: the device name the file system was mounted from. */
  readonly devname: string;
  /** The directory of the file system the mount shows (mountinfo's root: "/" or a bind's subdir). */
  readonly root: string;
  /** Where it was mounted, from the root of the task's namespace (mountinfo's mount point). */
  readonly mountpoint: string;
  /** Its per-mount options (mountinfo's ro, nosuid, nodev, noexec): MNT_READONLY and the like. */
  readonly flags: number;
  /**
   * Whose namespace it was in: the checkpointer's (restart can put it back), another one (a task
   * that unshared its mounts), or none (lazily unmounted, reachable only through open files).
   */
  readonly ns: 'checkpointer' | 'other' | 'detached';
}

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
  /** The mount it was opened through, and its path inside that mount (from the mount's root). */
  readonly mount: ImageMount;
  readonly mntPath: string;
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

/**
 * A descriptor the task got from outside what is checkpointed (stdin, stdout, stderr: the boot's
 * outside files). The image cannot hold it; restart hands over the restarter's own file at
 * `restarterFd`, as a restore tool passes its terminal on (CRIU's --inherit-fd), and fails if the
 * restarter holds no outside file there.
 */
export interface ImageInherited {
  /** Object key, as ImageFd.file names it (equal keys are one struct file). */
  readonly key: number;
  readonly restarterFd: number;
}

/**
 * A directory that was removed (rmdir) while a task still held it: as cwd, as root, or open. It is
 * empty (rmdir demands it) and nameless; restart recreates it as a placeholder under its old name,
 * holds it, and removes it again (src/cr/restore-task.ts), so the task holds a dead directory again.
 */
export interface ImageDeadDir {
  /** Inode key: equal keys are one directory. */
  readonly key: number;
  /** Where it was: a live directory's path, or another dead directory (removed bottom-up). */
  readonly parent: ImageDir;
  readonly name: string;
  /** Permission bits (i_mode & 07777); the owner is the restarter's (root). */
  readonly mode: number;
}

/** How restart finds a directory a task holds (cwd or root) again. */
export type ImageDir =
  /**
   * A live directory: its path as the checkpointer sees it (checked at checkpoint to reach it),
   * and, like a file's, the mount it was reached through and its path inside that mount, which
   * restart puts back first (a backup carries no bind mounts).
   */
  | { readonly kind: 'path'; readonly path: string; readonly mount: ImageMount; readonly mntPath: string }
  /** A removed one: a key into CheckpointImage.deadDirs. */
  | { readonly kind: 'dead'; readonly key: number };

export interface ImageTask {
  readonly pid: number;
  /** Tasks sharing one fd table (CLONE_FILES) name the same table key. */
  readonly fdTable: number;
  readonly fds: readonly ImageFd[];
  readonly cwd: ImageDir;
  readonly umask: number;
  /** The ids, groups and capabilities: a restored task commits new credentials with them. */
  readonly cred: ImageCred;
}

/** A cred as an image keeps it: everything but its identity (restore makes a new one). */
export type ImageCred = Omit<Cred, 'owner' | 'serial'>;

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
  /** Outside descriptors restart takes from the restarter. */
  readonly inherited: readonly ImageInherited[];
  /** Removed directories tasks held, parents before children. */
  readonly deadDirs: readonly ImageDeadDir[];
  /** Names checkpoint created in the live file system (what cleanup must remove). */
  readonly createdNames: readonly CreatedName[];
  readonly io: IoCount;
}
