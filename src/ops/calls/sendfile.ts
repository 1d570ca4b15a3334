/**
 * sendfile(2) (x86_64's sendfile is sendfile64): fs/read_write.c (6.1) do_sendfile → into a
 * regular file, do_splice_direct → splice_direct_to_actor; into a fifo, splice_file_to_pipe. The
 * input must be a regular file (a fifo has no FMODE_LSEEK, a directory no ->splice_read: EINVAL).
 * Checked on Linux 6.18 with test/corpus/programs/copy.c.
 */
import type { FileId, Pid } from '../../model/ids.js';
import { FMODE_LSEEK, FMODE_PREAD, FMODE_READ, FMODE_WRITE } from '../../model/file.js';
import { O_APPEND, O_NONBLOCK } from '../../model/flags.js';
import { advance, copyFileBytes, fdget, fileToPipe, MAX_RW_COUNT, maxBytes, rwVerifyArea } from '../vfs/copy-checks.js';
import { PIPE_DEF_BUFFERS } from '../vfs/pipe.js';
import { ModelBug, Unmodelled } from '../../model/errors.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { rFile, rInode, rTask, type MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

export function sys_sendfile(w: MWorld, pid: Pid, sc: SyscallOf<'sendfile'>): SysResult {
  const fileIn = fdget(w, pid, sc.in_fd);
  if (fileIn === null) return fail('EBADF');
  const fin = rFile(w, fileIn);
  if ((fin.f_mode & FMODE_READ) === 0) return fail('EBADF');
  // An offset through the pointer needs a file that can pread (not a fifo).
  if (sc.offset !== undefined && (fin.f_mode & FMODE_PREAD) === 0) return fail('ESPIPE');
  let pos = BigInt(sc.offset ?? fin.f_pos);
  const bad = rwVerifyArea(pos, BigInt(sc.count));
  if (bad !== null) return fail(bad);
  let count = BigInt(Math.min(sc.count, MAX_RW_COUNT));
  const fileOut = fdget(w, pid, sc.out_fd);
  if (fileOut === null) return fail('EBADF');
  const fout = rFile(w, fileOut);
  if ((fout.f_mode & FMODE_WRITE) === 0) return fail('EBADF');
  const inodeIn = rInode(w, fin.f_inode);
  const inodeOut = rInode(w, fout.f_inode);
  // max = the smaller s_maxbytes: reading from past it is EOVERFLOW, up to it is cut short.
  const maxIn = maxBytes(w, fin.f_inode);
  const maxOut = maxBytes(w, fout.f_inode);
  const max = maxIn < maxOut ? maxIn : maxOut;
  if (pos + count > max) {
    if (pos >= max) return fail('EOVERFLOW');
    count = max - pos;
  }
  if (inodeOut.type === 'fifo') return toPipe(w, sc, fileIn, fileOut, pos, Number(count));
  // do_splice_direct: O_APPEND is EINVAL, then the write side's area, then a seekable regular input.
  if ((fout.f_flags & O_APPEND) !== 0) return fail('EINVAL');
  const badOut = rwVerifyArea(BigInt(fout.f_pos), count);
  if (badOut !== null) return fail(badOut);
  if ((fin.f_mode & FMODE_LSEEK) === 0) return fail('EINVAL');
  // splice_direct_to_actor reads only while there is something to copy: a directory (no
  // ->splice_read) is EINVAL then, and a count of 0 copies nothing from anything.
  if (count === 0n) return ok(0, sc.offset === undefined ? undefined : { offsets: { in: Number(pos) } });
  if (inodeIn.type !== 'reg') return fail('EINVAL');
  const n = copyFileBytes(w, rTask(w, pid), fileIn, Number(pos), fileOut, fout.f_pos, Number(count));
  if (n > 0) {
    advance(w, fileOut, fout.f_pos + n);
    pos += BigInt(n);
    if (sc.offset === undefined) advance(w, fileIn, Number(pos));
  }
  return ok(n, sc.offset === undefined ? undefined : { offsets: { in: Number(pos) } });
}

/**
 * fs/splice.c: splice_file_to_pipe — wait_for_space (no reader: EPIPE; full: EAGAIN with
 * O_NONBLOCK, otherwise the task sleeps), then do_splice_to (a regular input only).
 */
function toPipe(
  w: MWorld,
  sc: SyscallOf<'sendfile'>,
  fileIn: FileId,
  fileOut: FileId,
  pos: bigint,
  count: number,
): SysResult {
  const fout = rFile(w, fileOut);
  const pipe = rInode(w, fout.f_inode).i_pipe;
  if (pipe === null) throw new ModelBug('a fifo without its pipe');
  if (pipe.readers === 0) return fail('EPIPE');
  if (pipe.pages.length >= PIPE_DEF_BUFFERS) {
    if ((fout.f_flags & O_NONBLOCK) !== 0) return fail('EAGAIN');
    throw new Unmodelled('sendfile waiting for room in a full pipe');
  }
  const fin = rFile(w, fileIn);
  if (rInode(w, fin.f_inode).type !== 'reg') return fail('EINVAL');
  const n = fileToPipe(w, fileIn, Number(pos), fout.f_inode, count);
  const end = Number(pos) + n;
  if (n > 0 && sc.offset === undefined) advance(w, fileIn, end);
  return ok(n, sc.offset === undefined ? undefined : { offsets: { in: end } });
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const SENDFILE_CALLS: Handlers<'sendfile'> = {
  sendfile: sys_sendfile,
};
