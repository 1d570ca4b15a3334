/**
 * read, write, pread64, pwrite64, lseek, truncate and ftruncate: fs/read_write.c (ksys_read,
 * vfs_read, ksys_write, vfs_write, ksys_pread64, ksys_pwrite64, ksys_lseek, generic_file_llseek,
 * ext4_llseek) and fs/open.c (do_sys_truncate, vfs_truncate, do_sys_ftruncate), with regular files'
 * data in src/ops/vfs/pagecache.ts and fifos' in src/ops/vfs/pipe.ts.
 */
import {
  AT_FDCWD,
  O_APPEND,
  O_NONBLOCK,
  SEEK_CUR,
  SEEK_DATA,
  SEEK_END,
  SEEK_HOLE,
  SEEK_SET,
} from '../../model/flags.js';
import { FMODE_LSEEK, FMODE_PREAD, FMODE_PWRITE, FMODE_READ, FMODE_WRITE } from '../../model/file.js';
import { castDraft } from 'immer';
import type { FileId, InodeId, Pid } from '../../model/ids.js';
import { S_APPEND } from '../../model/inode.js';
import { doTruncate, fileRemovePrivs } from '../vfs/attr.js';
import { filenameLookup, LOOKUP_FOLLOW } from '../vfs/namei.js';
import { mntIsReadonly } from '../vfs/namespace.js';
import { dirPosIsLlongMax } from './readdir.js';
import { fdget, MAX_RW_COUNT, maxBytes } from '../vfs/copy-checks.js';
import { bytesOf, nextData, nextHole, NO_BYTES, readRange, writeData } from '../vfs/pagecache.js';
import { MAY_WRITE, inodePermission } from '../vfs/permission.js';
import { pipeRead, pipeWrite } from '../vfs/pipe.js';
import { ModelBug, Unmodelled } from '../../model/errors.js';
import { blocked, fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { fileOf, inodeOf, rFile, rInode, rSb, rTask, taskOf, type MWorld, type RWorld } from '../vfs/world-draft.js';
import { btrfsDirLastIndex } from '../vfs/fdtable.js';
import type { Handlers } from './handler.js';

/** sb->s_maxbytes as a number: the model's offsets and sizes are below 2^53, where it is exact enough. */
const fileMaxBytes = (w: RWorld, ino: InodeId): number => Number(maxBytes(w, ino));

const LLONG_MAX = (1n << 63n) - 1n;

/**
 * The largest count whose buffer can fit in user space whatever its address: TASK_SIZE_MAX (x86_64,
 * 2^47 - 4096) less mmap_min_addr (65536). A larger count, or a negative one (a huge size_t), fails
 * access_ok; below it the answer depends on the buffer's address, which a trace does not give.
 */
const ACCESS_OK_MAX = 2 ** 47 - 4096 - 65536;

/** vfs_read on a file at `pos` (null: the file's f_pos, advanced). */
function vfsRead(w: MWorld, file: FileId, wanted: number, pos: number | null): SysResult {
  const f = rFile(w, file);
  if ((f.f_mode & FMODE_READ) === 0) return fail('EBADF');
  // vfs_read: access_ok first (EFAULT), then rw_verify_area, then at most MAX_RW_COUNT bytes.
  if (wanted < 0 || wanted > ACCESS_OK_MAX) return fail('EFAULT');
  const count = Math.min(wanted, MAX_RW_COUNT);
  const inode = rInode(w, f.f_inode);
  if (inode.type === 'dir') {
    // rw_verify_area first: a position past LLONG_MAX - count is EINVAL; then generic_read_dir.
    const at = pos === null ? (dirPosIsLlongMax(w, f) ? LLONG_MAX : 0n) : BigInt(pos);
    return wanted > 0 && at + BigInt(wanted) > LLONG_MAX ? fail('EINVAL') : fail('EISDIR');
  }
  if (inode.type === 'fifo') {
    if (count === 0) return ok(0, { data: NO_BYTES });
    const pipe = inode.i_pipe;
    if (pipe === null) throw new ModelBug('a fifo file without its pipe');
    const r = pipeRead(pipe, count);
    if (r.kind === 'eof') return ok(0, { data: NO_BYTES });
    if (r.kind === 'empty') {
      if ((f.f_flags & O_NONBLOCK) !== 0) return fail('EAGAIN');
      return blocked('pipe_read waits for data or for the last writer to go');
    }
    inodeOf(w, f.f_inode).i_pipe = castDraft(r.pipe);
    return ok(r.data.length, { data: bytesOf(r.data) });
  }
  const at = pos ?? f.f_pos;
  const data = readRange(inode.i_data, inode.i_size, at, count);
  if (pos === null && data.length > 0) fileOf(w, file).f_pos = at + data.length;
  return ok(data.length, { data });
}

/** vfs_write on a file at `pos` (null: f_pos, or the end with O_APPEND). */
function vfsWrite(w: MWorld, pid: Pid, file: FileId, data: string, pos: number | null): SysResult {
  const f = rFile(w, file);
  if ((f.f_mode & FMODE_WRITE) === 0) return fail('EBADF');
  const inode = rInode(w, f.f_inode);
  if (data.length === 0) return ok(0);
  if (inode.type === 'fifo') return fifoWrite(w, pid, file, data, 0);
  // generic_write_checks: O_APPEND writes at the end, even for pwrite (a documented Linux quirk).
  const at = (f.f_flags & O_APPEND) !== 0 ? inode.i_size : (pos ?? f.f_pos);
  // generic_write_check_limits: at or past s_maxbytes is EFBIG (with SIGXFSZ), else cut to fit.
  const limit = fileMaxBytes(w, f.f_inode);
  if (at >= limit) return fail('EFBIG');
  const n = Math.min(data.length, limit - at);
  fileRemovePrivs(w, rTask(w, pid), f.f_inode);
  const i = inodeOf(w, f.f_inode);
  i.i_data = writeData(i.i_data, at, data.slice(0, n));
  i.i_size = Math.max(i.i_size, at + n);
  if (pos === null) fileOf(w, file).f_pos = at + n;
  return ok(n);
}

/**
 * pipe_write: no reader is EPIPE (SIGPIPE is not modelled: a process that does not ignore it dies);
 * a full pipe is EAGAIN with O_NONBLOCK when nothing was written yet, else the partial count; a
 * blocking writer sleeps with its progress recorded, and is resumed by resume_write.
 */
function fifoWrite(w: MWorld, pid: Pid, file: FileId, data: string, done: number): SysResult {
  const f = rFile(w, file);
  const inode = inodeOf(w, f.f_inode);
  const pipe = inode.i_pipe;
  if (pipe === null) throw new ModelBug('a fifo file without its pipe');
  if (pipe.readers === 0) return done > 0 ? ok(done) : fail('EPIPE');
  const out = pipeWrite(pipe, data.slice(done), done === 0);
  if (out.written > 0) inode.i_pipe = castDraft(out.pipe);
  const total = done + out.written;
  if (!out.full) return ok(total);
  if ((f.f_flags & O_NONBLOCK) !== 0) return total > 0 ? ok(total) : fail('EAGAIN');
  const t = taskOf(w, pid);
  if (t.blocked !== null) t.blocked = { ...t.blocked, counter: total };
  return blocked('pipe_write waits for room', undefined, total);
}

/** A sleeping write to a fifo, retried: it goes on from the bytes it already put in. */
export function resume_write(w: MWorld, pid: Pid, sc: SyscallOf<'write'>): SysResult {
  const b = rTask(w, pid).blocked;
  const file = fdget(w, pid, sc.fd);
  if (b === null || file === null) throw new ModelBug('resume_write without its file');
  const done = b.counter ?? 0;
  return fifoWrite(w, pid, file, sc.data, done);
}

/** fs/read_write.c: ksys_read. */
export function sys_read(w: MWorld, pid: Pid, sc: SyscallOf<'read'>): SysResult {
  const file = fdget(w, pid, sc.fd);
  if (file === null) return fail('EBADF');
  return vfsRead(w, file, sc.count, null);
}

/** fs/read_write.c: ksys_write. */
export function sys_write(w: MWorld, pid: Pid, sc: SyscallOf<'write'>): SysResult {
  const file = fdget(w, pid, sc.fd);
  if (file === null) return fail('EBADF');
  return vfsWrite(w, pid, file, sc.data, null);
}

/** fs/read_write.c: ksys_pread64 — a negative offset is EINVAL first; no FMODE_PREAD (fifos) ESPIPE. */
export function sys_pread64(w: MWorld, pid: Pid, sc: SyscallOf<'pread64'>): SysResult {
  if (sc.offset < 0) return fail('EINVAL');
  const file = fdget(w, pid, sc.fd);
  if (file === null) return fail('EBADF');
  if ((rFile(w, file).f_mode & FMODE_PREAD) === 0) return fail('ESPIPE');
  return vfsRead(w, file, sc.count, sc.offset);
}

/** fs/read_write.c: ksys_pwrite64. */
export function sys_pwrite64(w: MWorld, pid: Pid, sc: SyscallOf<'pwrite64'>): SysResult {
  if (sc.offset < 0) return fail('EINVAL');
  const file = fdget(w, pid, sc.fd);
  if (file === null) return fail('EBADF');
  if ((rFile(w, file).f_mode & FMODE_PWRITE) === 0) return fail('ESPIPE');
  return vfsWrite(w, pid, file, sc.data, sc.offset);
}

/**
 * fs/read_write.c: ksys_lseek — EBADF, whence past SEEK_HOLE EINVAL, no FMODE_LSEEK (fifos) ESPIPE;
 * generic_file_llseek_size / ext4_llseek: a negative result or one past s_maxbytes is EINVAL,
 * SEEK_DATA/SEEK_HOLE at or past EOF (or negative) ENXIO. Directories: only a rewind is modelled
 * (ext4 directory offsets are htree hash cookies).
 */
export function sys_lseek(w: MWorld, pid: Pid, sc: SyscallOf<'lseek'>): SysResult {
  const file = fdget(w, pid, sc.fd);
  if (file === null) return fail('EBADF');
  if (sc.whence < SEEK_SET || sc.whence > SEEK_HOLE) return fail('EINVAL');
  const f = rFile(w, file);
  if ((f.f_mode & FMODE_LSEEK) === 0) return fail('ESPIPE');
  const inode = rInode(w, f.f_inode);
  if (inode.type === 'dir') {
    if (sc.whence === SEEK_SET && sc.offset === 0) {
      const fm = fileOf(w, file);
      fm.f_pos = 0;
      fm.f_dir_pos = 0;
      fm.f_dir_cookie = 0;
      fm.f_dir_last_index = btrfsDirLastIndex(w, f.f_inode);
      return ok(0);
    }
    throw new Unmodelled('lseek in a directory other than a rewind');
  }
  const size = inode.i_size;
  // iomap_seek_data/iomap_seek_hole (ext4), btrfs's find_desired_extent and shmem_file_llseek see
  // whole blocks, sectors or pages: sb->s_blocksize of the file's file system.
  const block = rSb(w, inode.i_sb).s_blocksize;
  let pos: number;
  switch (sc.whence) {
    case SEEK_SET:
      pos = sc.offset;
      break;
    case SEEK_CUR:
      pos = f.f_pos + sc.offset;
      break;
    case SEEK_END:
      pos = size + sc.offset;
      break;
    case SEEK_DATA: {
      if (sc.offset < 0 || sc.offset >= size) return fail('ENXIO');
      const d = nextData(inode.i_data, sc.offset, block);
      if (d === null || d >= size) return fail('ENXIO');
      pos = d;
      break;
    }
    default: {
      if (sc.offset < 0 || sc.offset >= size) return fail('ENXIO');
      pos = nextHole(inode.i_data, size, sc.offset, block);
    }
  }
  if (pos < 0 || pos > fileMaxBytes(w, f.f_inode)) return fail('EINVAL');
  fileOf(w, file).f_pos = pos;
  return ok(pos);
}

/** fs/open.c: do_sys_truncate → vfs_truncate. */
export function sys_truncate(w: MWorld, pid: Pid, sc: SyscallOf<'truncate'>): SysResult {
  if (sc.length < 0) return fail('EINVAL');
  const task = rTask(w, pid);
  const r = filenameLookup(w, task, AT_FDCWD, sc.path, LOOKUP_FOLLOW);
  if (!r.ok) return fail(r.errno);
  if (r.value.kind !== 'path') throw new Unmodelled('truncate of a /proc object');
  const p = r.value.path;
  const ino = w.dentries[p.dentry]?.d_inode ?? null;
  if (ino === null) return fail('ENOENT');
  const inode = rInode(w, ino);
  if (inode.type === 'dir') return fail('EISDIR');
  if (inode.type !== 'reg') return fail('EINVAL');
  if (mntIsReadonly(w, p.mnt)) return fail('EROFS');
  const perm = inodePermission(task, inode, MAY_WRITE);
  if (perm !== 'ok') return fail(perm);
  if ((inode.i_flags & S_APPEND) !== 0) return fail('EPERM');
  if (sc.length > fileMaxBytes(w, ino)) return fail('EFBIG'); // inode_newsize_ok
  doTruncate(w, task, ino, sc.length);
  return ok(0);
}

/** fs/open.c: do_sys_ftruncate — EINVAL for a negative length, a non-regular file or one not open for writing. */
export function sys_ftruncate(w: MWorld, pid: Pid, sc: SyscallOf<'ftruncate'>): SysResult {
  if (sc.length < 0) return fail('EINVAL');
  const file = fdget(w, pid, sc.fd);
  if (file === null) return fail('EBADF');
  const f = rFile(w, file);
  const inode = rInode(w, f.f_inode);
  if (inode.type !== 'reg' || (f.f_mode & FMODE_WRITE) === 0) return fail('EINVAL');
  if ((inode.i_flags & S_APPEND) !== 0) return fail('EPERM');
  if (sc.length > fileMaxBytes(w, f.f_inode)) return fail('EFBIG');
  doTruncate(w, rTask(w, pid), f.f_inode, sc.length);
  return ok(0);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const RW_CALLS: Handlers<'read' | 'write' | 'pread64' | 'pwrite64' | 'lseek' | 'truncate' | 'ftruncate'> = {
  read: sys_read,
  write: sys_write,
  pread64: sys_pread64,
  pwrite64: sys_pwrite64,
  lseek: sys_lseek,
  truncate: sys_truncate,
  ftruncate: sys_ftruncate,
};
