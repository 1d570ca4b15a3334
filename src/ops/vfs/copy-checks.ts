/**
 * What the in-kernel copy calls (copy_file_range, sendfile, splice) share: fdget, rw_verify_area
 * and the size limits of fs/read_write.c, and moving bytes from a regular file's page cache into a
 * regular file or a pipe. Offsets and lengths are checked as the kernel's 64-bit integers.
 */
import { castDraft } from 'immer';
import type { FileId, InodeId, Pid } from '../../model/ids.js';
import { FMODE_PATH } from '../../model/file.js';
import type { PipeBuffer } from '../../model/inode.js';
import type { Task } from '../../model/task.js';
import { fileRemovePrivs } from './attr.js';
import { fdFile } from './fdtable.js';
import { readData, readRange, writeRange } from './pagecache.js';
import { PAGE_SIZE, PIPE_DEF_BUFFERS } from './pipe.js';
import type { Errno } from '../../model/errno.js';
import { FS_TYPES } from '../../model/fstype.js';
import { fileOf, inodeOf, rFile, rInode, rSb, rTask, type MWorld, type RWorld } from './world-draft.js';
import { ModelBug } from '../../model/errors.js';

/** include/linux/fs.h: MAX_RW_COUNT = INT_MAX & PAGE_MASK, the most one read or write moves. */
export const MAX_RW_COUNT = 0x7ffff000;
const LLONG_MAX = (1n << 63n) - 1n;
const U64 = 1n << 64n;

/** include/linux/file.h: fdget → __fdget (fs/file.c: __fget_light) — no such fd, or an O_PATH file, is EBADF. */
export function fdget(w: RWorld, pid: Pid, fd: number): FileId | null {
  const id = fdFile(w, rTask(w, pid), fd);
  if (id === null) return null;
  return (rFile(w, id).f_mode & FMODE_PATH) !== 0 ? null : (id as FileId);
}

/**
 * fs/read_write.c: rw_verify_area — a count that is negative as ssize_t, a negative position or
 * one whose end passes LLONG_MAX is EINVAL (no modelled file has unsigned offsets).
 */
export function rwVerifyArea(pos: bigint | null, count: bigint): Errno | null {
  if (count > LLONG_MAX) return 'EINVAL';
  if (pos === null) return null;
  if (pos < 0n) return 'EINVAL';
  if (pos + count > LLONG_MAX) return 'EINVAL';
  return null;
}

/** sb->s_maxbytes of the inode's file system. */
export function maxBytes(w: RWorld, ino: InodeId): bigint {
  const sb = rSb(w, rInode(w, ino).i_sb);
  return FS_TYPES[sb.s_type].s_maxbytes(sb.s_blocksize);
}

/** `pos + count` wraps as the kernel's unsigned 64-bit sum (generic_copy_file_checks). */
export function wraps(pos: bigint, count: bigint): boolean {
  const u = (pos + U64) % U64;
  return (u + count) % U64 < u;
}

/**
 * fs/splice.c: splice_direct_to_actor — copy up to `count` bytes of a regular file from `posIn`
 * into a regular file at `posOut`, through an internal pipe: each round reads what is there now
 * (up to EOF, at most 16 page cache pages) and writes it, until `count` is done or a read finds
 * nothing. A file copied into itself therefore reads back what the earlier rounds wrote. Each
 * round writes through the output's ->write_iter, whose file_modified drops set-id bits as the
 * writer's credentials say (fileRemovePrivs) once there is something to write.
 */
export function copyFileBytes(
  w: MWorld,
  writer: Task,
  fileIn: FileId,
  posIn: number,
  fileOut: FileId,
  posOut: number,
  count: number,
): number {
  let done = 0;
  while (done < count) {
    const at = posIn + done;
    const src = rInode(w, rFile(w, fileIn).f_inode);
    // do_splice_to: as many bytes as the pipe's 16 page buffers take from page `at` on.
    const room = PIPE_DEF_BUFFERS * PAGE_SIZE - (at % PAGE_SIZE);
    // As extents: a copy of a gigabyte hole spells nothing out (it is written as a zero run).
    const data = readRange(src.i_data, src.i_size, at, Math.min(count - done, room));
    if (data.length === 0) break;
    if (done === 0) fileRemovePrivs(w, writer, rFile(w, fileOut).f_inode);
    const out = inodeOf(w, rFile(w, fileOut).f_inode);
    out.i_data = castDraft(writeRange(out.i_data, posOut + done, data));
    out.i_size = Math.max(out.i_size, posOut + done + data.length);
    done += data.length;
  }
  return done;
}

/**
 * fs/splice.c: splice_file_to_pipe → do_splice_to → generic_file_splice_read (lib/iov_iter.c:
 * copy_page_to_iter_pipe) — a regular file's pages go into the pipe as buffers of their own, one
 * per page cache page touched, never merged with a later write (no PIPE_BUF_FLAG_CAN_MERGE), as
 * long as there are free slots. Returns the bytes moved.
 */
export function fileToPipe(w: MWorld, fileIn: FileId, pos: number, pipeIno: InodeId, count: number): number {
  const src = rInode(w, rFile(w, fileIn).f_inode);
  const pipeInode = inodeOf(w, pipeIno);
  const pipe = pipeInode.i_pipe;
  if (pipe === null) throw new ModelBug('a fifo without its pipe');
  const pages: PipeBuffer[] = pipe.pages.map((p) => ({ ...p }));
  const end = Math.min(src.i_size, pos + count);
  let at = pos;
  let data = '';
  while (at < end && pages.length < PIPE_DEF_BUFFERS) {
    const inPage = at % PAGE_SIZE;
    const n = Math.min(PAGE_SIZE - inPage, end - at);
    pages.push({ off: inPage, len: n, noMerge: true });
    data += readData(src.i_data, src.i_size, at, n);
    at += n;
  }
  if (data.length > 0) pipeInode.i_pipe = castDraft({ ...pipe, buf: pipe.buf + data, pages });
  return data.length;
}

/** Move a file's position after a copy that read or wrote through it. */
export function advance(w: MWorld, file: FileId, to: number): void {
  fileOf(w, file).f_pos = to;
}
