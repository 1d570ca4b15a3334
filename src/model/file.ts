import type { Cred } from './cred.js';
import type { MountableFsType } from './fstype.js';
import type { FileId, InodeId } from './ids.js';
import type { Path } from './mount.js';

/** include/linux/fs.h: f_mode bits. */
export const FMODE_READ = 0x1;
export const FMODE_WRITE = 0x2;
export const FMODE_LSEEK = 0x4;
export const FMODE_PREAD = 0x8;
export const FMODE_PWRITE = 0x10;
export const FMODE_PATH = 0x4000;

/**
 * include/linux/fs_context.h: the struct fs_context behind a descriptor from fsopen(2) or
 * fspick(2), as far as the model follows it: what it is for (a new superblock, phase
 * FS_CONTEXT_CREATE_PARAMS; or reconfiguring a mounted one, FS_CONTEXT_RECONF_PARAMS), which file
 * system, and for a legacy one (no init_fs_context: legacy_parse_param) how long its option string
 * has grown. The phase does not change: FSCONFIG_CMD_CREATE and FSCONFIG_CMD_RECONFIGURE, which
 * would leave it, are not modelled. An fspick context's references (fc->root, s_active) are not
 * modelled either: they keep a superblock alive after its last umount, which no modelled call can
 * then reach again.
 */
export interface FsContext {
  readonly purpose: 'mount' | 'reconfigure';
  readonly fs_type: MountableFsType;
  readonly legacy_data_size: number;
}

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
  /** The opener's credentials (f_cred): linkat's AT_EMPTY_PATH rule from 6.10 and checkpoint read them. */
  readonly f_cred: Cred;
  /** getdents64 cursor position in the directory's entry list. */
  readonly f_dir_pos: number;
  /**
   * What the file system keeps of a readdir besides the count of entries returned. ext4 and btrfs
   * keep it in f_pos, as values the model cannot compute (hash cookies), so only the end counts:
   * 0 before it; on ext4 1 is EXT4_HTREE_EOF_64BIT (LLONG_MAX, fs/ext4/dir.c: ext4_dx_readdir);
   * on btrfs 1 is INT_MAX and 2 is LLONG_MAX, set by the call after (fs/btrfs/inode.c:
   * btrfs_real_readdir). tmpfs keeps a cursor dentry in the list of children (fs/libfs.c:
   * dcache_readdir): here the d_seq of the entry it stands before, 0 when it is out of the list.
   */
  readonly f_dir_cookie: number;
  /**
   * btrfs: the directory's last dir index when it was opened or last seeked (fs/btrfs/inode.c:
   * btrfs_opendir, btrfs_dir_llseek): names given an index after it are not returned. The model
   * keeps the d_seq counter's value then (Dentry.d_seq); 0 for anything else.
   */
  readonly f_dir_last_index: number;
  /** An fsopen(2) descriptor (fscontext_fops): its fs_context. Absent on every other file. */
  readonly f_fs_context?: FsContext;
}
