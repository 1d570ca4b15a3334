/**
 * A regular file's contents: sorted, non-overlapping extents over i_size, each written text or a
 * written run of NULs; the gaps read as NULs too (holes). Reads return `Bytes`, the same shape
 * relative to the read, so a read as long as MAX_RW_COUNT costs what the written data costs, not
 * its length: nothing is spelled out until a caller asks for text (and it asks for little).
 */
import type { Extent } from '../../model/inode.js';

/** A read's result: `length` bytes, of which `extents` (offsets from 0) were written; the rest are holes. */
export interface Bytes {
  readonly length: number;
  readonly extents: readonly Extent[];
}

export const NO_BYTES: Bytes = { length: 0, extents: [] };

export const extentLength = (e: Extent): number => ('zeros' in e ? e.zeros : e.bytes.length);

/** The part of `e` in [from, to) (absolute offsets), placed at `from + shift`. */
function clip(e: Extent, from: number, to: number, shift: number): Extent {
  if ('zeros' in e) return { off: from + shift, zeros: to - from };
  return { off: from + shift, bytes: e.bytes.slice(from - e.off, to - e.off) };
}

/** Bytes [off, off + count) of a file of `size` bytes, clipped at EOF. */
export function readRange(extents: readonly Extent[], size: number, off: number, count: number): Bytes {
  const end = Math.min(size, off + count);
  if (end <= off) return NO_BYTES;
  const out: Extent[] = [];
  for (const e of extents) {
    const eEnd = e.off + extentLength(e);
    if (eEnd <= off) continue;
    if (e.off >= end) break;
    out.push(clip(e, Math.max(e.off, off), Math.min(eEnd, end), -off));
  }
  return { length: end - off, extents: out };
}

/** Text of the first `max` bytes at most (holes and zero runs as NULs): for the few who need text. */
export function bytesText(b: Bytes, max = b.length): string {
  const end = Math.min(max, b.length);
  const parts: string[] = [];
  let pos = 0;
  for (const e of b.extents) {
    if (e.off >= end) break;
    if (e.off > pos) parts.push('\0'.repeat(e.off - pos));
    const take = Math.min(e.off + extentLength(e), end);
    parts.push('zeros' in e ? '\0'.repeat(take - e.off) : e.bytes.slice(0, take - e.off));
    pos = take;
  }
  if (pos < end) parts.push('\0'.repeat(end - pos));
  return parts.join('');
}

/** Whether `b` holds exactly the bytes of `text`, without spelling `b` out. */
export function bytesEqual(b: Bytes, text: string): boolean {
  return b.length === text.length && bytesText(b) === text;
}

export function bytesOf(text: string): Bytes {
  return text.length === 0 ? NO_BYTES : { length: text.length, extents: [{ off: 0, bytes: text }] };
}

/** Bytes [off, off + count) as text: for callers whose count is bounded (a pipe's room). */
export function readData(extents: readonly Extent[], size: number, off: number, count: number): string {
  return bytesText(readRange(extents, size, off, count));
}

const ALL_NULS = /^\0+$/;

/** One written piece as stored: text of NULs only is a zero run (same bytes, same allocation). */
const stored = (off: number, bytes: string): Extent =>
  ALL_NULS.test(bytes) ? { off, zeros: bytes.length } : { off, bytes };

/**
 * The extents after writing `b` at `off`: the range [off, off + b.length) becomes b, its holes
 * written as NULs (a copy allocates what it copies). Overlapped parts are replaced; touching
 * extents of the same kind are merged, so equal contents have one representation.
 */
export function writeRange(extents: readonly Extent[], off: number, b: Bytes): Extent[] {
  if (b.length === 0) return [...extents];
  const end = off + b.length;
  const pieces: Extent[] = [];
  let pos = off;
  for (const e of b.extents) {
    if (off + e.off > pos) pieces.push({ off: pos, zeros: off + e.off - pos });
    pieces.push('zeros' in e ? { off: off + e.off, zeros: e.zeros } : stored(off + e.off, e.bytes));
    pos = off + e.off + extentLength(e);
  }
  if (pos < end) pieces.push({ off: pos, zeros: end - pos });
  const kept: Extent[] = [];
  for (const e of extents) {
    const eEnd = e.off + extentLength(e);
    if (eEnd <= off || e.off >= end) kept.push(e);
    else {
      if (e.off < off) kept.push(clip(e, e.off, off, 0));
      if (eEnd > end) kept.push(clip(e, end, eEnd, 0));
    }
  }
  return mergeTouching([...kept, ...pieces].sort((x, y) => x.off - y.off));
}

function mergeTouching(sorted: readonly Extent[]): Extent[] {
  const out: Extent[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last === undefined || last.off + extentLength(last) !== e.off) out.push(e);
    else if ('zeros' in last && 'zeros' in e) out[out.length - 1] = { off: last.off, zeros: last.zeros + e.zeros };
    else if ('bytes' in last && 'bytes' in e) out[out.length - 1] = { off: last.off, bytes: last.bytes + e.bytes };
    else out.push(e);
  }
  return out;
}

/** The extents after writing `bytes` at `off`. */
export function writeData(extents: readonly Extent[], off: number, bytes: string): Extent[] {
  return writeRange(extents, off, bytesOf(bytes));
}

/**
 * The extents after truncating to `size` bytes (growing leaves a hole). A block of `block` bytes
 * that straddles the new size stays allocated (ext4_truncate and btrfs_truncate_inode_items free
 * only the blocks past it, shmem_undo_range keeps the partial page, zeroing its tail): when its
 * written bytes all lay past `size`, its part below `size` stays as written zeros, so SEEK_HOLE and
 * st_blocks still see it (measured: 1 KiB ext4, a byte at 1500 truncated to 1100 keeps 2 blocks).
 */
export function truncateData(extents: readonly Extent[], size: number, block: number): Extent[] {
  const out: Extent[] = [];
  for (const e of extents) {
    if (e.off >= size) continue;
    const eEnd = e.off + extentLength(e);
    out.push(eEnd <= size ? e : clip(e, e.off, size, 0));
  }
  const start = size - (size % block);
  const touches = (xs: readonly Extent[], from: number, to: number): boolean =>
    xs.some((e) => e.off < to && e.off + extentLength(e) > from);
  if (start < size && touches(extents, start, start + block) && !touches(out, start, size)) {
    return mergeTouching([...out, { off: start, zeros: size - start }].sort((x, y) => x.off - y.off));
  }
  return out;
}

/** Bytes written, zero runs included (what a copy of the file reads and writes). */
export function writtenBytes(extents: readonly Extent[]): number {
  return extents.reduce((s, e) => s + extentLength(e), 0);
}

/**
 * lseek SEEK_DATA / SEEK_HOLE and st_blocks see allocation in blocks of sb->s_blocksize (ext4's 1,
 * 2 or 4 KiB blocks, btrfs's sectors, tmpfs's pages), so written ranges are widened to whole blocks
 * first: a block partly written is allocated whole, and a truncate inside it keeps it.
 */
function blockRanges(extents: readonly Extent[], block: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const e of extents) {
    const start = Math.floor(e.off / block) * block;
    const end = Math.ceil((e.off + extentLength(e)) / block) * block;
    const last = out[out.length - 1];
    if (last !== undefined && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

/** The first data offset at or after `off`, or null when only a hole follows. */
export function nextData(extents: readonly Extent[], off: number, block: number): number | null {
  for (const r of blockRanges(extents, block)) {
    if (r.end > off) return Math.max(r.start, off);
  }
  return null;
}

/** The first hole offset at or after `off`; end of file counts as a hole. */
export function nextHole(extents: readonly Extent[], size: number, off: number, block: number): number {
  let pos = off;
  for (const r of blockRanges(extents, block)) {
    if (r.start > pos) break;
    if (r.end > pos) pos = r.end;
  }
  return Math.min(pos, size);
}

/** Bytes of the blocks the written ranges touch: what the file system allocated for them. */
export function allocatedBytes(extents: readonly Extent[], block: number): number {
  return blockRanges(extents, block).reduce((n, r) => n + r.end - r.start, 0);
}

/** The runs of contiguous blocks the written ranges make: an extent-mapped file's extents. */
export function allocatedRuns(extents: readonly Extent[], block: number): { start: number; end: number }[] {
  return blockRanges(extents, block);
}
