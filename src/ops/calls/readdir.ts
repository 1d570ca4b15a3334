/**
 * getdents64: fs/readdir.c: SYSCALL_DEFINE3(getdents64) → iterate_dir → the file system's iterate
 * (ext4_readdir, btrfs_real_readdir, dcache_readdir) → filldir64.
 *
 * Order: "." and ".." first, then tmpfs lists the newest name first (d_alloc adds at the head of
 * d_subdirs, d_move moves there), btrfs in index order (a new name, a rename's too, gets the next
 * index): both follow Dentry.d_seq. ext4 lists in htree hash order, whose seed is random per file
 * system: the model lists ext4 by d_seq too, and comparisons with a real ext4 must treat a
 * listing as a set (strace replay does).
 *
 * Position: the file's f_dir_pos counts entries already returned, "." and ".." included, and
 * f_dir_cookie keeps what each file system adds to it (see File); lseek to 0 rewinds both
 * (src/ops/calls/rw.ts).
 */
import { DT_DIR, DT_FIFO, DT_LNK, DT_REG } from '../../model/flags.js';
import type { Pid } from '../../model/ids.js';
import { FMODE_PATH, type File } from '../../model/file.js';
import { FS_TYPES, type ReaddirRules } from '../../model/fstype.js';
import { S_DEAD } from '../../model/inode.js';
import type { InodeType } from '../../model/modes.js';
import { fdFile } from '../vfs/fdtable.js';
import { fail, ok, type DirentOut, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { fileOf, rDentry, rFile, rInode, rSb, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

/** offsetof(struct linux_dirent64, d_name): d_ino 8, d_off 8, d_reclen 2, d_type 1. */
const DIRENT64_NAME_OFFSET = 19;

/** fs/readdir.c: filldir64's record length, aligned to 8 bytes. */
function direntReclen(name: string): number {
  return (DIRENT64_NAME_OFFSET + name.length + 1 + 7) & ~7;
}

const DT: Readonly<Record<InodeType, number>> = { reg: DT_REG, dir: DT_DIR, fifo: DT_FIFO, symlink: DT_LNK };

/** A directory entry with its place in the list (d_seq; -1 for the dots). */
interface Listed extends DirentOut {
  readonly seq: number;
}

/** "." and "..", then the positive children oldest first (by d_seq); none for a dead directory. */
function entries(w: RWorld, d: number): { dots: Listed[]; children: Listed[]; rules: ReaddirRules } | null {
  const dentry = rDentry(w, d);
  const selfIno = dentry.d_inode;
  const parentIno = rDentry(w, dentry.d_parent).d_inode;
  if (selfIno === null || parentIno === null) return null;
  const dots: Listed[] = [
    { d_ino: rInode(w, selfIno).i_ino, d_type: DT_DIR, d_name: '.', seq: -1 },
    { d_ino: rInode(w, parentIno).i_ino, d_type: DT_DIR, d_name: '..', seq: -1 },
  ];
  const children: Listed[] = [];
  for (const [name, id] of Object.entries(dentry.d_children)) {
    const child = rDentry(w, id);
    if (child.d_inode === null) continue;
    const inode = rInode(w, child.d_inode);
    children.push({ d_ino: inode.i_ino, d_type: DT[inode.type], d_name: name, seq: child.d_seq });
  }
  children.sort((a, b) => a.seq - b.seq);
  return { dots, children, rules: FS_TYPES[rSb(w, rInode(w, selfIno).i_sb).s_type].readdir };
}

/** Every entry of directory `d`, in the order its file system lists them from the start. */
export function listDir(w: RWorld, d: number): DirentOut[] {
  const e = entries(w, d);
  if (e === null) return [];
  const children = e.rules.kind === 'dcache-cursor' ? [...e.children].reverse() : e.children;
  return [...e.dots, ...children].map(({ d_ino, d_type, d_name }) => ({ d_ino, d_type, d_name }));
}

/**
 * The entries a getdents64 call may return next, in order, for a file that has returned
 * `pos` entries so far. ext4 and btrfs go on from that count until their end mark, after which
 * nothing more comes, not even names made since. tmpfs (fs/libfs.c: dcache_readdir) scans its
 * list newest first: from the head while f_pos is 2 (just after the dots), else from its cursor,
 * and nothing once the cursor has left the list; names made at the head behind the cursor are
 * not seen.
 */
function candidates(e: NonNullable<ReturnType<typeof entries>>, f: File): Listed[] {
  const pos = f.f_dir_pos;
  const cookie = f.f_dir_cookie;
  if (e.rules.kind === 'offset') {
    // btrfs_real_readdir skips indexes past the last one when the directory was opened or seeked.
    const listed = e.rules.lastIndexSnapshot ? e.children.filter((c) => c.seq <= f.f_dir_last_index) : e.children;
    return cookie > 0 ? [] : [...e.dots, ...listed].slice(pos);
  }
  const newestFirst = [...e.children].reverse();
  const dots = e.dots.slice(Math.min(pos, 2));
  if (pos <= 2) return [...dots, ...newestFirst];
  return cookie > 0 ? newestFirst.filter((c) => c.seq <= cookie) : [];
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
  const e = entries(w, f.f_path.dentry);
  if (e === null) return ok(0, { dents: [] });
  const pos = f.f_dir_pos;
  const cookie = f.f_dir_cookie;
  const next = candidates(e, f);
  const dents: DirentOut[] = [];
  let used = 0;
  for (const c of next) {
    const len = direntReclen(c.d_name);
    if (used + len > sc.count) break;
    used += len;
    dents.push({ d_ino: c.d_ino, d_type: c.d_type, d_name: c.d_name });
  }
  const pending = next[dents.length];
  if (dents.length === 0 && pending !== undefined) return fail('EINVAL');
  const fm = fileOf(w, fileId);
  fm.f_dir_pos = pos + dents.length;
  if (e.rules.kind === 'dcache-cursor') {
    // The cursor moves before the entry that did not fit, or leaves the list at the end; a call
    // that stopped within the dots (dir_emit_dots) does not touch it.
    if (pending === undefined) fm.f_dir_cookie = 0;
    else if (pending.seq >= 0) fm.f_dir_cookie = pending.seq;
  } else if (pending === undefined) {
    // ext4_dx_readdir sets the EOF cookie once the last entry is out; btrfs_real_readdir sets
    // INT_MAX when a call runs off the end, and LLONG_MAX when it does so from INT_MAX already.
    if (e.rules.endMarks > 0) fm.f_dir_cookie = Math.min(cookie + 1, e.rules.endMarks);
  }
  return ok(used, { dents });
}

/** A directory's f_pos is LLONG_MAX once its readdir ended: what f_dir_cookie's marks stand for. */
export function dirPosIsLlongMax(w: RWorld, f: File): boolean {
  const rules = FS_TYPES[rSb(w, rInode(w, f.f_inode).i_sb).s_type].readdir;
  return rules.kind === 'offset' && rules.endMarks > 0 && f.f_dir_cookie >= rules.endMarks;
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const READDIR_CALLS: Handlers<'getdents64'> = {
  getdents64: sys_getdents64,
};
