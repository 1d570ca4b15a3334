/** symlink and symlinkat: fs/namei.c do_symlinkat → getname(target), filename_create, vfs_symlink. */
import { AT_FDCWD } from '../../model/flags.js';
import type { Pid } from '../../model/ids.js';
import { createChild } from '../vfs/inode-init.js';
import { PATH_MAX } from '../vfs/namei.js';
import { filenameCreate, mayCreate } from '../vfs/namei-create.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { dentryOf, inodeOf, rTask, type MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

/**
 * fs/namei.c: do_symlinkat — the target is copied first (getname: "" is ENOENT, PATH_MAX or more
 * bytes ENAMETOOLONG), then the new name is created; vfs_symlink: may_create; a symlink is
 * S_IFLNK | 0777 whatever the umask (ext4_symlink, shmem_symlink, btrfs_symlink), and its size is
 * the target's length. The file systems' own limits (ext4: len + 1 > block size, fscrypt_prepare_symlink;
 * tmpfs: len + 1 > PAGE_SIZE; btrfs: BTRFS_MAX_INLINE_DATA_SIZE, about 16K) cannot be reached by a
 * target getname accepted, with 4 KiB blocks.
 */
function doSymlinkat(w: MWorld, pid: Pid, target: string, dfd: number, path: string): SysResult {
  if (target.length === 0) return fail('ENOENT');
  if (target.length >= PATH_MAX) return fail('ENAMETOOLONG');
  const task = rTask(w, pid);
  const where = filenameCreate(w, task, dfd, path, { isDir: false });
  if (!where.ok) return fail(where.errno);
  const denied = mayCreate(w, task, where.value.dir.dentry);
  if (denied !== null) return fail(denied);
  const d = createChild(w, task, where.value.dir, where.value.last, 'symlink', 0o777);
  const ino = dentryOf(w, d).d_inode;
  if (ino !== null) {
    const inode = inodeOf(w, ino);
    inode.i_link = target;
    inode.i_size = target.length;
  }
  return ok(0);
}

export function sys_symlink(w: MWorld, pid: Pid, sc: SyscallOf<'symlink'>): SysResult {
  return doSymlinkat(w, pid, sc.target, AT_FDCWD, sc.linkpath);
}

export function sys_symlinkat(w: MWorld, pid: Pid, sc: SyscallOf<'symlinkat'>): SysResult {
  return doSymlinkat(w, pid, sc.target, sc.newdirfd, sc.linkpath);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const SYMLINK_CALLS: Handlers<'symlink' | 'symlinkat'> = {
  symlink: sys_symlink,
  symlinkat: sys_symlinkat,
};
