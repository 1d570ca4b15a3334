/**
 * splice(2) between the files the model has: fs/splice.c (6.1) SYSCALL_DEFINE6(splice) →
 * __do_splice → do_splice. One side must be a pipe (here a fifo's): a file into a pipe
 * (splice_file_to_pipe), a pipe into a file (do_splice_from → iter_file_splice_write), or a pipe
 * into another pipe (splice_pipe_to_pipe, which moves whole buffers and splits the last one).
 * A call that would sleep for data or room is not modelled (the task's wait is not kept).
 */
import { castDraft } from 'immer';
import type { FileId, InodeId, Pid } from '../../model/ids.js';
import { FMODE_PREAD, FMODE_PWRITE, FMODE_READ, FMODE_WRITE } from '../../model/file.js';
import type { PipeBuffer, PipeInodeInfo } from '../../model/inode.js';
import { O_APPEND, O_NONBLOCK } from '../../model/flags.js';
import { advance, fdget, fileToPipe, maxBytes, rwVerifyArea } from '../vfs/copy-checks.js';
import type { Task } from '../../model/task.js';
import { fileRemovePrivs } from '../vfs/attr.js';
import { writeData } from '../vfs/pagecache.js';
import { PIPE_DEF_BUFFERS } from '../vfs/pipe.js';
import { ModelBug, Unmodelled } from '../../model/errors.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { inodeOf, rFile, rInode, rTask, type MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

/** include/linux/splice.h: SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT. */
const SPLICE_F_ALL = 0x0f;
const SPLICE_F_NONBLOCK = 0x02;

type Splice = SyscallOf<'splice'>;

export function sys_splice(w: MWorld, pid: Pid, sc: Splice): SysResult {
  if (sc.len === 0) return ok(0);
  if ((sc.flags & ~SPLICE_F_ALL) !== 0) return fail('EINVAL');
  const fileIn = fdget(w, pid, sc.fd_in);
  if (fileIn === null) return fail('EBADF');
  const fileOut = fdget(w, pid, sc.fd_out);
  if (fileOut === null) return fail('EBADF');
  const inPipe = pipeInode(w, fileIn);
  const outPipe = pipeInode(w, fileOut);
  // __do_splice: an offset on a pipe side.
  if ((inPipe !== null && sc.off_in !== undefined) || (outPipe !== null && sc.off_out !== undefined))
    return fail('ESPIPE');
  const fin = rFile(w, fileIn);
  const fout = rFile(w, fileOut);
  if ((fin.f_mode & FMODE_READ) === 0 || (fout.f_mode & FMODE_WRITE) === 0) return fail('EBADF');
  let nonblock = (sc.flags & SPLICE_F_NONBLOCK) !== 0;
  if (inPipe !== null && outPipe !== null) {
    if (inPipe === outPipe) return fail('EINVAL'); // "Splicing to self would be fun, but..."
    nonblock ||= ((fin.f_flags | fout.f_flags) & O_NONBLOCK) !== 0;
    return pipeToPipe(w, inPipe, outPipe, sc.len, nonblock);
  }
  if (inPipe !== null) {
    if (sc.off_out !== undefined && (fout.f_mode & FMODE_PWRITE) === 0) return fail('EINVAL');
    const offset = sc.off_out ?? fout.f_pos;
    if ((fout.f_flags & O_APPEND) !== 0) return fail('EINVAL');
    const bad = rwVerifyArea(BigInt(offset), BigInt(sc.len));
    if (bad !== null) return fail(bad);
    nonblock ||= (fin.f_flags & O_NONBLOCK) !== 0;
    const r = pipeToFile(w, rTask(w, pid), inPipe, fileOut, offset, sc.len, nonblock);
    if (r.ok !== true) return r;
    if (sc.off_out === undefined) advance(w, fileOut, offset + r.ret);
    return sc.off_out === undefined ? r : ok(r.ret, { offsets: { out: offset + r.ret } });
  }
  if (outPipe !== null) {
    if (sc.off_in !== undefined && (fin.f_mode & FMODE_PREAD) === 0) return fail('EINVAL');
    const offset = sc.off_in ?? fin.f_pos;
    nonblock ||= (fout.f_flags & O_NONBLOCK) !== 0;
    const r = fileIntoPipe(w, fileIn, offset, outPipe, sc.len, nonblock);
    if (r.ok !== true) return r;
    if (sc.off_in === undefined) advance(w, fileIn, offset + r.ret);
    return sc.off_in === undefined ? r : ok(r.ret, { offsets: { in: offset + r.ret } });
  }
  return fail('EINVAL');
}

/** fs/pipe.c: get_pipe_info — the pipe of a fifo's file, else null. */
function pipeInode(w: MWorld, file: FileId): InodeId | null {
  const ino = rFile(w, file).f_inode;
  return rInode(w, ino).type === 'fifo' ? ino : null;
}

function pipeOf(w: MWorld, ino: InodeId): PipeInodeInfo {
  const pipe = rInode(w, ino).i_pipe;
  if (pipe === null) throw new ModelBug('a fifo without its pipe');
  return pipe;
}

/** splice_file_to_pipe: wait_for_space (no reader EPIPE; full EAGAIN or a sleep), then do_splice_to. */
function fileIntoPipe(
  w: MWorld,
  fileIn: FileId,
  offset: number,
  pipe: InodeId,
  len: number,
  nonblock: boolean,
): SysResult {
  const p = pipeOf(w, pipe);
  if (p.readers === 0) return fail('EPIPE');
  if (p.pages.length >= PIPE_DEF_BUFFERS) {
    if (nonblock) return fail('EAGAIN');
    throw new Unmodelled('splice waiting for room in a full pipe');
  }
  const bad = rwVerifyArea(BigInt(offset), BigInt(len));
  if (bad !== null) return fail(bad);
  // A directory has no ->splice_read.
  if (rInode(w, rFile(w, fileIn).f_inode).type !== 'reg') return fail('EINVAL');
  return ok(fileToPipe(w, fileIn, offset, pipe, len));
}

/**
 * splice_from_pipe_next: an empty pipe is EOF (0) with no writer, EAGAIN when not blocking, else a
 * sleep; then iter_file_splice_write writes what is buffered, up to `len`, at `offset`, through
 * the file's ->write_iter (whose file_modified drops set-id bits as the writer's credentials say).
 */
function pipeToFile(
  w: MWorld,
  writer: Task,
  pipe: InodeId,
  fileOut: FileId,
  offset: number,
  len: number,
  nonblock: boolean,
): SysResult {
  const p = pipeOf(w, pipe);
  if (p.buf.length === 0) {
    if (p.writers === 0) return ok(0);
    if (nonblock) return fail('EAGAIN');
    throw new Unmodelled('splice waiting for data in an empty pipe');
  }
  const outIno = rFile(w, fileOut).f_inode;
  if (BigInt(offset) >= maxBytes(w, outIno)) return fail('EFBIG');
  const { taken, rest } = takeBytes(p, len);
  inodeOf(w, pipe).i_pipe = castDraft(rest);
  fileRemovePrivs(w, writer, outIno);
  const out = inodeOf(w, outIno);
  out.i_data = castDraft(writeData(out.i_data, offset, taken.data));
  out.i_size = Math.max(out.i_size, offset + taken.data.length);
  return ok(taken.data.length);
}

/**
 * splice_pipe_to_pipe: wait for data in the input (EOF 0 with no writer) and room in the output
 * (EPIPE with no reader), then move whole buffers; a buffer longer than what is left is split,
 * and its moved part loses PIPE_BUF_FLAG_CAN_MERGE.
 */
function pipeToPipe(w: MWorld, inIno: InodeId, outIno: InodeId, len: number, nonblock: boolean): SysResult {
  const ip = pipeOf(w, inIno);
  const op = pipeOf(w, outIno);
  // ipipe_prep, then opipe_prep.
  if (ip.buf.length === 0) {
    if (ip.writers === 0) return ok(0);
    if (nonblock) return fail('EAGAIN');
    throw new Unmodelled('splice waiting for data in an empty pipe');
  }
  if (op.readers === 0) return fail('EPIPE');
  if (op.pages.length >= PIPE_DEF_BUFFERS) {
    if (nonblock) return fail('EAGAIN');
    throw new Unmodelled('splice waiting for room in a full pipe');
  }
  const room = PIPE_DEF_BUFFERS - op.pages.length;
  const { taken, rest } = takeBytes(ip, len, room);
  inodeOf(w, inIno).i_pipe = castDraft(rest);
  inodeOf(w, outIno).i_pipe = castDraft({ ...op, buf: op.buf + taken.data, pages: [...op.pages, ...taken.pages] });
  return ok(taken.data.length);
}

/** Take up to `len` bytes off the front of a pipe, buffer by buffer (at most `maxBuffers` of them). */
function takeBytes(
  p: PipeInodeInfo,
  len: number,
  maxBuffers = PIPE_DEF_BUFFERS,
): { taken: { data: string; pages: PipeBuffer[] }; rest: PipeInodeInfo } {
  const pages: PipeBuffer[] = [];
  const left = [...p.pages];
  let n = 0;
  while (n < len && left.length > 0 && pages.length < maxBuffers) {
    const b = left[0];
    if (b === undefined) break;
    if (len - n >= b.len) {
      pages.push(b);
      left.shift();
      n += b.len;
    } else {
      const part = len - n;
      pages.push({ off: b.off, len: part, noMerge: true });
      left[0] = { ...b, off: b.off + part, len: b.len - part };
      n += part;
    }
  }
  return { taken: { data: p.buf.slice(0, n), pages }, rest: { ...p, buf: p.buf.slice(n), pages: left } };
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const SPLICE_CALLS: Handlers<'splice'> = {
  splice: sys_splice,
};
