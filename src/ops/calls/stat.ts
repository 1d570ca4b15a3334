/**
 * stat, lstat, fstat, newfstatat and statx: fs/stat.c vfs_statx / vfs_fstat / cp_new_stat, with
 * the file systems' getattr (directory sizes differ: ext4 blocks, btrfs name bytes, tmpfs
 * BOGO_DIRENT_SIZE per entry).
 */
import {
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_NO_AUTOMOUNT,
  AT_STATX_SYNC_TYPE,
  AT_SYMLINK_NOFOLLOW,
  STATX__RESERVED,
} from '../../model/flags.js';
import { FMODE_READ, FMODE_WRITE } from '../../model/file.js';
import { FS_TYPES } from '../../model/fstype.js';
import type { InodeId, Pid } from '../../model/ids.js';
import { S_IFLNK } from '../../model/modes.js';
import { filenameLookup, LOOKUP_EMPTY, LOOKUP_FOLLOW, type Walked } from '../vfs/namei.js';
import { fdFile } from '../vfs/fdtable.js';
import { Unmodelled } from '../../model/errors.js';
import { fail, ok, type StatOut, type SysResult } from '../vfs/result.js';
import { blockStat, PROC_BLOCK_STAT } from '../vfs/stat-blocks.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { rDentry, rFile, rInode, rMount, rSb, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

/** mm/shmem.c: BOGO_DIRENT_SIZE. */
const BOGO_DIRENT_SIZE = 20;

/** A directory's st_size as its file system reports it. */
function dirSize(w: RWorld, ino: InodeId, dentry: number | null): number {
  const inode = rInode(w, ino);
  const rule = FS_TYPES[rSb(w, inode.i_sb).s_type].dirSize;
  const names = dentry === null ? [] : Object.entries(rDentry(w, dentry).d_children);
  const live = names.filter(([, d]) => rDentry(w, d).d_inode !== null);
  switch (rule) {
    case 'btrfs-names':
      // btrfs_add_link: each name is stored twice (dir item and dir index).
      return live.reduce((n, [name]) => n + 2 * name.length, 0);
    case 'bogo-dirent':
      return (2 + live.length) * BOGO_DIRENT_SIZE;
    case 'block':
      // fs/ext4/namei.c: ext4_rmdir sets a removed directory's i_size to 0.
      if (inode.i_nlink === 0) return 0;
      // ext4: whole blocks, one for a new directory's "." and ".." (1 KiB or 4 KiB); the model keeps
      // the high-water mark in i_size (ext4 never shrinks it).
      return Math.max(rSb(w, inode.i_sb).s_blocksize, inode.i_size);
  }
}

/** cp_new_stat / cp_statx from the inode (generic_fillattr plus the file system's getattr). */
export function statOf(w: RWorld, ino: InodeId, dentry: number | null): StatOut {
  const inode = rInode(w, ino);
  const size = inode.type === 'dir' ? dirSize(w, ino, dentry) : inode.type === 'fifo' ? 0 : inode.i_size;
  return {
    st_dev: rSb(w, inode.i_sb).s_dev,
    st_ino: inode.i_ino,
    st_mode: inode.i_mode,
    st_nlink: inode.i_nlink,
    st_uid: inode.i_uid,
    st_gid: inode.i_gid,
    st_size: size,
    ...blockStat(w, ino),
    // init_special_inode keeps a device number for chr/blk only; the model has no such inodes
    // (mknod of one is not modelled), and a fifo's is 0 whatever mknod was given (measured).
    st_rdev: 0,
  };
}

/**
 * fs/proc/fd.c: proc_fd_instantiate — an fd link is S_IFLNK with u+rx for a readable file, u+wx
 * for a writable one; fs/proc/base.c gives it size 64 and one link.
 */
function procFdStat(w: RWorld, pid: Pid, fd: number): StatOut {
  const t = rTask(w, pid);
  const fileId = fdFile(w, t, fd);
  if (fileId === null) throw new Unmodelled('stat of a vanished /proc fd link');
  const f = rFile(w, fileId);
  let mode = S_IFLNK;
  if ((f.f_mode & FMODE_READ) !== 0) mode |= 0o500;
  if ((f.f_mode & FMODE_WRITE) !== 0) mode |= 0o300;
  return {
    st_dev: 0,
    st_ino: 0,
    st_mode: mode,
    st_nlink: 1,
    st_uid: t.cred.euid,
    st_gid: t.cred.egid,
    st_size: 64,
    ...PROC_BLOCK_STAT,
    st_rdev: 0,
  };
}

/**
 * fs/proc/base.c: tgid_base_stuff's LNK entries (cwd, root, exe) are S_IFLNK|S_IRWXUGO, one link,
 * size 0, owned as task_dump_owner says: the task's euid when dumpable, root when not. A task
 * that setuid away from root is not dumpable (commit_creds), which the model does not keep, so
 * only a root task's owner is known.
 */
function procLinkStat(w: RWorld, pid: Pid): StatOut {
  const t = rTask(w, pid);
  if (t.cred.uid !== 0 || t.cred.euid !== 0) {
    throw new Unmodelled('the owner of a /proc/PID link of a non-root task (dumpability)');
  }
  return {
    st_dev: 0,
    st_ino: 0,
    st_mode: S_IFLNK | 0o777,
    st_nlink: 1,
    st_uid: t.cred.euid,
    st_gid: t.cred.egid,
    st_size: 0,
    ...PROC_BLOCK_STAT,
    st_rdev: 0,
  };
}

function statWalked(w: RWorld, at: Walked): SysResult {
  if (at.kind === 'proc-fd') return ok(0, { stat: procFdStat(w, at.pid, at.fd) });
  if (at.kind === 'proc-link') return ok(0, { stat: procLinkStat(w, at.pid) });
  if (at.kind === 'proc-dir') throw new Unmodelled('stat of a /proc directory');
  const ino = rDentry(w, at.path.dentry).d_inode;
  if (ino === null) return fail('ENOENT');
  return ok(0, { stat: statOf(w, ino, at.path.dentry) });
}

/**
 * fs/stat.c: vfs_statx — the flags it accepts, then the walk (LOOKUP_FOLLOW unless NOFOLLOW).
 * `mntId`: statx's stx_mnt_id, which vfs_statx fills in whatever the mask asked (real_mount(path.mnt)
 * ->mnt_id); the model has no procfs mount, so a /proc object has none.
 */
function vfsStatx(w: RWorld, pid: Pid, dfd: number, name: string, flags: number, mntId = false): SysResult {
  if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)) !== 0) {
    return fail('EINVAL');
  }
  let how = (flags & AT_SYMLINK_NOFOLLOW) !== 0 ? 0 : LOOKUP_FOLLOW;
  if ((flags & AT_EMPTY_PATH) !== 0) how |= LOOKUP_EMPTY;
  const r = filenameLookup(w, rTask(w, pid), dfd, name, how);
  if (!r.ok) return fail(r.errno);
  const out = statWalked(w, r.value);
  if (!mntId || out.ok !== true || out.stat === undefined || r.value.kind !== 'path') return out;
  return ok(0, { stat: { ...out.stat, mnt_id: rMount(w, r.value.path.mnt).mnt_id } });
}

export function sys_stat(w: MWorld, pid: Pid, sc: SyscallOf<'stat'>): SysResult {
  return vfsStatx(w, pid, AT_FDCWD, sc.path, 0);
}

export function sys_lstat(w: MWorld, pid: Pid, sc: SyscallOf<'lstat'>): SysResult {
  return vfsStatx(w, pid, AT_FDCWD, sc.path, AT_SYMLINK_NOFOLLOW);
}

/** fs/stat.c: vfs_fstat — fdget_raw, so O_PATH files too; EBADF for a free slot. */
export function sys_fstat(w: MWorld, pid: Pid, sc: SyscallOf<'fstat'>): SysResult {
  const fileId = fdFile(w, rTask(w, pid), sc.fd);
  if (fileId === null) return fail('EBADF');
  const f = rFile(w, fileId);
  return ok(0, { stat: statOf(w, f.f_inode, f.f_path.dentry) });
}

/** fs/stat.c: vfs_fstatat — vfs_statx with AT_NO_AUTOMOUNT added. */
export function sys_newfstatat(w: MWorld, pid: Pid, sc: SyscallOf<'newfstatat'>): SysResult {
  return vfsStatx(w, pid, sc.dirfd, sc.path, sc.flags | AT_NO_AUTOMOUNT);
}

/** fs/stat.c: do_statx — both sync types at once, or a reserved mask bit, are EINVAL. */
export function sys_statx(w: MWorld, pid: Pid, sc: SyscallOf<'statx'>): SysResult {
  if ((sc.flags & AT_STATX_SYNC_TYPE) === AT_STATX_SYNC_TYPE) return fail('EINVAL');
  if ((sc.mask & STATX__RESERVED) !== 0) return fail('EINVAL');
  return vfsStatx(w, pid, sc.dirfd, sc.path, sc.flags, true);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const STAT_CALLS: Handlers<'stat' | 'lstat' | 'fstat' | 'newfstatat' | 'statx'> = {
  stat: sys_stat,
  lstat: sys_lstat,
  fstat: sys_fstat,
  newfstatat: sys_newfstatat,
  statx: sys_statx,
};
