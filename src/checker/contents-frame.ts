/**
 * Data conservation, as a frame law over one step: the bytes a regular file stores (i_size and its
 * extents) and the bytes a pipe buffers change only in a call that reads, writes, truncates or
 * moves data (fs/read_write.c, fs/open.c: do_truncate, fs/splice.c). Every other step (a link, a
 * rename, a remount, a checkpoint) leaves them as they were, so a byte written is read back or is
 * still stored. A pipe freed with its last end (fs/pipe.c: put_pipe_info) takes its buffer along:
 * that is not a change of a live pipe's contents.
 */
import type { Inode } from '../model/inode.js';
import type { World } from '../model/world.js';
import type { Violation } from './violation.js';

/** The calls that may change stored or buffered bytes (open: O_TRUNC and creat). */
const DATA_CALLS: ReadonlySet<string> = new Set([
  'read',
  'write',
  'pread64',
  'pwrite64',
  'truncate',
  'ftruncate',
  'open',
  'openat',
  'creat',
  'splice',
  'sendfile',
  'copy_file_range',
]);

export const isDataCall = (call: string | null): boolean => call !== null && DATA_CALLS.has(call);

function sameExtents(a: Inode['i_data'], b: Inode['i_data']): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** What changed in `b`'s contents on the way to `a`, or null. */
function changed(b: Inode, a: Inode): string | null {
  if (b.type === 'reg' && (b.i_size !== a.i_size || !sameExtents(b.i_data, a.i_data))) {
    return `its size or bytes (i_size ${b.i_size} → ${a.i_size})`;
  }
  if (b.type === 'fifo' && b.i_pipe !== null && a.i_pipe !== null && b.i_pipe.buf !== a.i_pipe.buf) {
    return `its pipe buffer (${b.i_pipe.buf.length} → ${a.i_pipe.buf.length} bytes)`;
  }
  return null;
}

/**
 * Checked over one step: `call` is the syscall that ran (for a split call, any of its steps), or
 * null for a flow made of several (checkpoint, cleanup), which may not change data either.
 */
export function contentsChangeOnlyThroughData(before: World, after: World, call: string | null): Violation[] {
  if (before.inodes === after.inodes || isDataCall(call)) return [];
  const out: Violation[] = [];
  for (const a of Object.values(after.inodes)) {
    const b = before.inodes[a.id];
    if (b === undefined || b === a) continue;
    const what = changed(b, a);
    if (what !== null) {
      out.push({
        invariant: 'contentsChangeOnlyThroughData',
        message: `${call ?? 'a flow'} changed ${what} of inode ${a.id} (ino ${a.i_ino}), which no data call addressed`,
      });
    }
  }
  return out;
}
