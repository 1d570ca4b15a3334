/**
 * Reading and writing a fifo's pipe: fs/pipe.c pipe_read and pipe_write (6.1). The data sits in up
 * to 16 page buffers of 4 KiB; a write first merges its sub-page tail into the last buffer when it
 * fits there, then fills new pages one at a time, so a write of at most PIPE_BUF bytes is atomic.
 */
import type { PipeBuffer, PipeInodeInfo } from '../../model/inode.js';

export const PAGE_SIZE = 4096;
/** include/linux/pipe_fs_i.h: PIPE_DEF_BUFFERS — pipe->max_usage of a new pipe. */
export const PIPE_DEF_BUFFERS = 16;

export type PipeReadOutcome =
  | { readonly kind: 'data'; readonly data: string; readonly pipe: PipeInodeInfo }
  | { readonly kind: 'eof' }
  | { readonly kind: 'empty' };

/** pipe_read: what is buffered, up to `count`; EOF (0) with no writers; otherwise empty (wait or EAGAIN). */
export function pipeRead(pipe: PipeInodeInfo, count: number): PipeReadOutcome {
  if (pipe.buf.length > 0) {
    const n = Math.min(count, pipe.buf.length);
    const pages: PipeBuffer[] = [];
    let left = n;
    for (const p of pipe.pages) {
      if (left >= p.len) {
        left -= p.len;
        continue;
      }
      pages.push(left > 0 ? { ...p, off: p.off + left, len: p.len - left } : p);
      left = 0;
    }
    return { kind: 'data', data: pipe.buf.slice(0, n), pipe: { ...pipe, buf: pipe.buf.slice(n), pages } };
  }
  if (pipe.writers === 0) return { kind: 'eof' };
  return { kind: 'empty' };
}

/** pipe_write's progress: bytes taken, and the pipe after them; `full` when it stopped for space. */
export interface PipeWriteOutcome {
  readonly written: number;
  readonly pipe: PipeInodeInfo;
  readonly full: boolean;
}

/** Put as much of `data` into the pipe as fits, the way pipe_write fills pages. */
export function pipeWrite(pipe: PipeInodeInfo, data: string, mergeTail: boolean): PipeWriteOutcome {
  const pages = pipe.pages.map((p) => ({ ...p }));
  let written = 0;
  // Merge the sub-page remainder into the last buffer when it fits (only at the call's start).
  const chars = data.length & (PAGE_SIZE - 1);
  const last = pages[pages.length - 1];
  // A page spliced in from a file cannot take it (pipe_buf_can_merge: no PIPE_BUF_FLAG_CAN_MERGE).
  const canMerge = last !== undefined && last.noMerge !== true;
  if (mergeTail && chars > 0 && last !== undefined && canMerge && last.off + last.len + chars <= PAGE_SIZE) {
    last.len += chars;
    written = chars;
  }
  while (written < data.length && pages.length < PIPE_DEF_BUFFERS) {
    const n = Math.min(PAGE_SIZE, data.length - written);
    pages.push({ off: 0, len: n });
    written += n;
  }
  return {
    written,
    pipe: { ...pipe, buf: pipe.buf + data.slice(0, written), pages },
    full: written < data.length,
  };
}
