/**
 * A regular file's contents: sorted, non-overlapping extents of written bytes over i_size; the
 * gaps read as NUL bytes (holes). Sizes in the GiB range cost nothing until bytes are written.
 */
import type { Extent } from '../model/inode.js';

/** Bytes [off, off + count) of a file of `size` bytes, clipped at EOF; holes read as NULs. */
export function readData(extents: readonly Extent[], size: number, off: number, count: number): string {
  const end = Math.min(size, off + count);
  if (end <= off) return '';
  const parts: string[] = [];
  let pos = off;
  for (const e of extents) {
    const eEnd = e.off + e.bytes.length;
    if (eEnd <= pos) continue;
    if (e.off >= end) break;
    if (e.off > pos) {
      parts.push('\0'.repeat(e.off - pos));
      pos = e.off;
    }
    const take = Math.min(eEnd, end);
    parts.push(e.bytes.slice(pos - e.off, take - e.off));
    pos = take;
  }
  if (pos < end) parts.push('\0'.repeat(end - pos));
  return parts.join('');
}

/** The extents after writing `bytes` at `off`: overlapped parts replaced, touching extents merged. */
export function writeData(extents: readonly Extent[], off: number, bytes: string): Extent[] {
  if (bytes.length === 0) return [...extents];
  const end = off + bytes.length;
  const out: Extent[] = [];
  let merged: Extent = { off, bytes };
  for (const e of extents) {
    const eEnd = e.off + e.bytes.length;
    if (eEnd < off || e.off > end) {
      out.push(e);
      continue;
    }
    // Overlapping or touching: keep what lies outside the new bytes, around them.
    const before = e.off < merged.off ? e.bytes.slice(0, merged.off - e.off) : '';
    const mergedEnd = merged.off + merged.bytes.length;
    const after = eEnd > mergedEnd ? e.bytes.slice(mergedEnd - e.off) : '';
    merged = { off: Math.min(e.off, merged.off), bytes: before + merged.bytes + after };
  }
  out.push(merged);
  out.sort((a, b) => a.off - b.off);
  return out;
}

/** The extents after truncating to `size` bytes (growing leaves a hole). */
export function truncateData(extents: readonly Extent[], size: number): Extent[] {
  const out: Extent[] = [];
  for (const e of extents) {
    if (e.off >= size) continue;
    const keep = Math.min(e.bytes.length, size - e.off);
    out.push(keep === e.bytes.length ? e : { off: e.off, bytes: e.bytes.slice(0, keep) });
  }
  return out;
}

/**
 * lseek SEEK_DATA / SEEK_HOLE see allocation in blocks (ext4_llseek, btrfs, shmem_file_llseek: 4 KiB
 * pages or blocks), so written ranges are widened to whole blocks first.
 */
function blockRanges(extents: readonly Extent[], block: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const e of extents) {
    const start = Math.floor(e.off / block) * block;
    const end = Math.ceil((e.off + e.bytes.length) / block) * block;
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
