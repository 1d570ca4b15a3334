/**
 * copy_file_range(2): fs/read_write.c (6.1) SYSCALL_DEFINE6(copy_file_range) → vfs_copy_file_range
 * → generic_copy_file_checks → generic_copy_file_range → do_splice_direct. Only regular files on
 * one superblock: none of the modelled file systems has ->copy_file_range, so across superblocks
 * it is EXDEV (6.1; 5.3 to 5.18 copied across them). btrfs's ->remap_file_range, tried first, may
 * clone instead: over a hole the model does not answer (FsTypeInfo.remapFileRange). Checked on Linux 6.18 with
 * test/corpus/programs/copy.c: the same errnos in the same order.
 */
import type { Pid } from '../../model/ids.js';
import { FMODE_READ, FMODE_WRITE } from '../../model/file.js';
import { O_APPEND } from '../../model/flags.js';
import { advance, copyFileBytes, fdget, MAX_RW_COUNT, maxBytes, rwVerifyArea, wraps } from '../vfs/copy-checks.js';
import { FS_TYPES } from '../../model/fstype.js';
import type { Extent } from '../../model/inode.js';
import { extentLength } from '../vfs/pagecache.js';
import { Unmodelled } from '../../model/errors.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { rFile, rInode, rSb, rTask, type MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

export function sys_copy_file_range(w: MWorld, pid: Pid, sc: SyscallOf<'copy_file_range'>): SysResult {
  const fileIn = fdget(w, pid, sc.fd_in);
  if (fileIn === null) return fail('EBADF');
  const fileOut = fdget(w, pid, sc.fd_out);
  if (fileOut === null) return fail('EBADF');
  const fin = rFile(w, fileIn);
  const fout = rFile(w, fileOut);
  // Offsets through the pointers, else the file positions.
  const posIn = BigInt(sc.off_in ?? fin.f_pos);
  const posOut = BigInt(sc.off_out ?? fout.f_pos);
  if (sc.flags !== 0) return fail('EINVAL');
  const inodeIn = rInode(w, fin.f_inode);
  const inodeOut = rInode(w, fout.f_inode);
  // generic_file_rw_checks: directories, then anything not regular (fifos), then the modes.
  if (inodeIn.type === 'dir' || inodeOut.type === 'dir') return fail('EISDIR');
  if (inodeIn.type !== 'reg' || inodeOut.type !== 'reg') return fail('EINVAL');
  if ((fin.f_mode & FMODE_READ) === 0 || (fout.f_mode & FMODE_WRITE) === 0 || (fout.f_flags & O_APPEND) !== 0)
    return fail('EBADF');
  // generic_copy_file_checks: no ->copy_file_range on either side, so one superblock only.
  if (inodeIn.i_sb !== inodeOut.i_sb) return fail('EXDEV');
  let count = BigInt(sc.len);
  if (wraps(posIn, count) || wraps(posOut, count)) return fail('EOVERFLOW');
  // Shorten the copy to EOF.
  const sizeIn = BigInt(inodeIn.i_size);
  count = posIn >= sizeIn ? 0n : min(count, sizeIn - posIn);
  // generic_write_check_limits (no RLIMIT_FSIZE; O_LARGEFILE on 64-bit): at s_maxbytes EFBIG.
  const max = maxBytes(w, fout.f_inode);
  if (posOut >= max) return fail('EFBIG');
  count = min(count, max - posOut);
  // No overlapping copy within one file.
  if (fin.f_inode === fout.f_inode && posOut + count > posIn && posOut < posIn + count) return fail('EINVAL');
  const bad = rwVerifyArea(posIn, count) ?? rwVerifyArea(posOut, count);
  if (bad !== null) return fail(bad);
  if (count === 0n) return ok(0, offsets(sc, posIn, posOut));
  // vfs_copy_file_range tries ->remap_file_range first: btrfs may clone, keeping holes a copy fills.
  const sb = rSb(w, inodeIn.i_sb);
  if (FS_TYPES[sb.s_type].remapFileRange && hasHole(inodeIn.i_data, Number(posIn), Number(posIn + count)))
    throw new Unmodelled(`copy_file_range over a hole on ${sb.s_type}: a clone keeps it, a copy writes zeros`);
  // generic_copy_file_range → do_splice_direct: at most MAX_RW_COUNT bytes.
  const n = copyFileBytes(
    w,
    rTask(w, pid),
    fileIn,
    Number(posIn),
    fileOut,
    Number(posOut),
    Number(min(count, BigInt(MAX_RW_COUNT))),
  );
  const newIn = Number(posIn) + n;
  const newOut = Number(posOut) + n;
  if (n > 0) {
    if (sc.off_in === undefined) advance(w, fileIn, newIn);
    if (sc.off_out === undefined) advance(w, fileOut, newOut);
  }
  return ok(n, offsets(sc, BigInt(newIn), BigInt(newOut)));
}

/** The offsets written back through the pointers the call was given. */
function offsets(
  sc: SyscallOf<'copy_file_range'>,
  posIn: bigint,
  posOut: bigint,
): { offsets: { in?: number; out?: number } } | undefined {
  if (sc.off_in === undefined && sc.off_out === undefined) return undefined;
  return {
    offsets: {
      ...(sc.off_in === undefined ? {} : { in: Number(posIn) }),
      ...(sc.off_out === undefined ? {} : { out: Number(posOut) }),
    },
  };
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** Whether [from, to) has a byte no extent covers. */
function hasHole(extents: readonly Extent[], from: number, to: number): boolean {
  let pos = from;
  for (const e of extents) {
    if (e.off > pos) break;
    pos = Math.max(pos, e.off + extentLength(e));
    if (pos >= to) return false;
  }
  return pos < to;
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const COPY_FILE_RANGE_CALLS: Handlers<'copy_file_range'> = {
  copy_file_range: sys_copy_file_range,
};
