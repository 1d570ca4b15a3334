/**
 * getdents64: fs/readdir.c ksys_getdents64 → iterate_dir → the file system's iterate (ext4_readdir,
 * btrfs_real_readdir, dcache_readdir) → filldir64.
 *
 * Order: "." and ".." first, then tmpfs lists the newest name first (d_alloc adds at the head of
 * d_subdirs), btrfs in index order (creation order). ext4 lists in htree hash order, whose seed is
 * random per file system: the model lists ext4 in creation order, and comparisons with a real ext4
 * must treat a listing as a set (strace replay does).
 *
 * Position: the file's f_dir_pos counts entries already returned, "." and ".." included; lseek to
 * 0 rewinds it (src/ops/rw.ts).
 */
import { DT_DIR, DT_FIFO, DT_LNK, DT_REG } from '../model/flags.js';
import type { Pid } from '../model/ids.js';
import { FMODE_PATH } from '../model/file.js';
import { S_DEAD } from '../model/inode.js';
import type { InodeType } from '../model/modes.js';
import { fdFile } from './namei.js';
import { fail, ok, type DirentOut, type SysResult } from './result.js';
import type { SyscallOf } from './syscalls.js';
import { fileOf, rDentry, rFile, rInode, rSb, rTask, type MWorld, type RWorld } from './world-draft.js';

/** offsetof(struct linux_dirent64, d_name): d_ino 8, d_off 8, d_reclen 2, d_type 1. */
const DIRENT64_NAME_OFFSET = 19;

/** fs/readdir.c: filldir64's record length, aligned to 8 bytes. */
export function direntReclen(name: string): number {
  return (DIRENT64_NAME_OFFSET + name.length + 1 + 7) & ~7;
}

const DT: Readonly<Record<InodeType, number>> = { reg: DT_REG, dir: DT_DIR, fifo: DT_FIFO, symlink: DT_LNK };

/** Every entry of directory `d`, in the order its file system lists them. */
export function listDir(w: RWorld, d: number): DirentOut[] {
  const dentry = rDentry(w, d);
  const selfIno = dentry.d_inode;
  const parentIno = rDentry(w, dentry.d_parent).d_inode;
  const out: DirentOut[] = [];
  if (selfIno === null || parentIno === null) return out;
  out.push({ d_ino: rInode(w, selfIno).i_ino, d_type: DT_DIR, d_name: '.' });
  out.push({ d_ino: rInode(w, parentIno).i_ino, d_type: DT_DIR, d_name: '..' });
  const children = Object.entries(dentry.d_children)
    .map(([name, id]) => ({ name, id, ino: rDentry(w, id).d_inode }))
    .filter((c) => c.ino !== null)
    .sort((a, b) => a.id - b.id);
  if (rSb(w, rInode(w, selfIno).i_sb).s_type === 'tmpfs') children.reverse();
  for (const c of children) {
    const inode = rInode(w, c.ino as number);
    out.push({ d_ino: inode.i_ino, d_type: DT[inode.type], d_name: c.name });
  }
  return out;
}

/**
 * fs/readdir.c: getdents64 — EBADF for a bad or O_PATH fd (fdget_pos), ENOTDIR without an iterate
 * operation, ENOENT for a removed directory (IS_DEADDIR in iterate_dir), EINVAL when not even the
 * first record fits; otherwise the bytes filled, 0 at the end.
 */
export function sys_getdents64(w: MWorld, pid: Pid, sc: SyscallOf<'getdents64'>): SysResult {
  const fileId = fdFile(w, rTask(w, pid), sc.fd);
  if (fileId === null) return fail('EBADF');
  const f = rFile(w, fileId);
  if ((f.f_mode & FMODE_PATH) !== 0) return fail('EBADF');
  const inode = rInode(w, f.f_inode);
  if (inode.type !== 'dir') return fail('ENOTDIR');
  if ((inode.i_flags & S_DEAD) !== 0) return fail('ENOENT');
  const all = listDir(w, f.f_path.dentry);
  const dents: DirentOut[] = [];
  let used = 0;
  for (const e of all.slice(f.f_dir_pos)) {
    const len = direntReclen(e.d_name);
    if (used + len > sc.count) break;
    used += len;
    dents.push(e);
  }
  if (dents.length === 0 && f.f_dir_pos < all.length) return fail('EINVAL');
  if (dents.length > 0) fileOf(w, fileId).f_dir_pos = f.f_dir_pos + dents.length;
  return ok(used, { dents });
}
