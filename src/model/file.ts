import type { FileId, InodeId } from './ids.js';
import type { Path } from './mount.js';

/** include/linux/fs.h: f_mode bits. */
export const FMODE_READ = 0x1;
export const FMODE_WRITE = 0x2;
export const FMODE_LSEEK = 0x4;
export const FMODE_PREAD = 0x8;
export const FMODE_PWRITE = 0x10;
export const FMODE_PATH = 0x4000;

/** include/linux/fs.h: struct file. */
export interface File {
  readonly id: FileId;
  /** Holds mntget + dget. */
  readonly f_path: Path;
  readonly f_inode: InodeId;
  readonly f_flags: number;
  readonly f_mode: number;
  readonly f_pos: number;
  /** References: one per fd-table slot holding it (dup, fork without CLONE_FILES). */
  readonly f_count: number;
  /** The opener's fsuid (f_cred), for linkat AT_EMPTY_PATH rules and checkpoint. */
  readonly f_cred_uid: number;
  /** getdents64 cursor position in the directory's entry list. */
  readonly f_dir_pos: number;
}
