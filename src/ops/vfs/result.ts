import type { Errno } from '../../model/errno.js';
import type { Bytes } from './pagecache.js';

/** struct stat fields the model answers (include/uapi/asm-generic/stat.h, x86_64 struct stat). */
export interface StatOut {
  readonly st_dev: number;
  readonly st_ino: number;
  readonly st_mode: number;
  readonly st_nlink: number;
  readonly st_uid: number;
  readonly st_gid: number;
  readonly st_size: number;
  /** 512-byte units the inode holds, and the file system's block size (src/ops/vfs/stat-blocks.ts). */
  readonly st_blocks: number;
  readonly st_blksize: number;
  /** A device's number (init_special_inode): 0 for every inode the model has (no device inodes). */
  readonly st_rdev: number;
  /** statx only: the mount the path was reached on (fs/stat.c vfs_statx, STATX_MNT_ID). */
  readonly mnt_id?: number;
}

/** One linux_dirent64 as getdents64 returns it. */
export interface DirentOut {
  readonly d_ino: number;
  readonly d_type: number;
  readonly d_name: string;
}

/** What a syscall returned: a value with its outputs, an errno, or a sleep the model parks. */
export type SysResult =
  | {
      readonly ok: true;
      readonly ret: number;
      /** Bytes read (read, pread64): text only where asked for (src/ops/vfs/pagecache.ts: bytesText). */
      readonly data?: Bytes;
      /** stat family. */
      readonly stat?: StatOut;
      /** readlink, readlinkat. */
      readonly link?: string;
      /** getdents64. */
      readonly dents?: readonly DirentOut[];
      /** copy_file_range, sendfile, splice: the offsets written back through the pointers they were given. */
      readonly offsets?: { readonly in?: number; readonly out?: number };
      /** getgroups: the supplementary groups copied out. */
      readonly groups?: readonly number[];
      /** getresuid, getresgid: the real, effective and saved id. */
      readonly ids?: readonly [number, number, number];
      /** capget: the effective and permitted sets copied out (src/model/cred.ts's 41-bit sets). */
      readonly caps?: { readonly effective: number; readonly permitted: number };
    }
  | { readonly ok: false; readonly errno: Errno }
  | {
      readonly ok: 'blocked';
      readonly reason: string;
      /** A half-opened file the sleeping call holds (fifo_open), and the counter it waits on. */
      readonly file?: number;
      readonly counter?: number;
    };

export function ok(ret: number, extra?: Omit<Extract<SysResult, { ok: true }>, 'ok' | 'ret'>): SysResult {
  return { ok: true, ret, ...extra };
}

export function fail(errno: Errno): SysResult {
  return { ok: false, errno };
}

export function blocked(reason: string, file?: number, counter?: number): SysResult {
  return {
    ok: 'blocked',
    reason,
    ...(file === undefined ? {} : { file }),
    ...(counter === undefined ? {} : { counter }),
  };
}

/** Either a value or an errno, for kernel-internal helpers (the kernel's ERR_PTR). */
export type Res<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errno: Errno };

export function val<T>(value: T): Res<T> {
  return { ok: true, value };
}

export function err<T>(errno: Errno): Res<T> {
  return { ok: false, errno };
}
