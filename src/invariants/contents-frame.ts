/**
 * Data conservation, as a frame law over one step: the bytes a regular file stores (i_size and its
 * extents) and the bytes a pipe buffers change only in a call that reads, writes, truncates or
 * moves data (fs/read_write.c, fs/open.c: do_truncate, fs/splice.c), and a call given fds changes
 * only the inodes of those fds. Every other step (a link, a rename, a remount, a checkpoint) leaves
 * them as they were, so a byte written is read back or is still stored. A pipe freed with its last end (fs/pipe.c: put_pipe_info) takes its buffer along:
 * that is not a change of a live pipe's contents.
 */
import type { Inode } from '../model/inode.js';
import type { World } from '../model/world.js';
import type { Violation } from './violation.js';

/**
 * The calls that may change stored or buffered bytes, with the fd arguments that name what they
 * change (open: O_TRUNC and creat, and truncate, name it by path: any inode may change then).
 */
const DATA_CALLS: Readonly<Record<string, readonly string[] | 'by path'>> = {
  read: ['fd'],
  write: ['fd'],
  pread64: ['fd'],
  pwrite64: ['fd'],
  ftruncate: ['fd'],
  splice: ['fd_in', 'fd_out'],
  sendfile: ['in_fd', 'out_fd'],
  copy_file_range: ['fd_in', 'fd_out'],
  truncate: 'by path',
  open: 'by path',
  openat: 'by path',
  creat: 'by path',
};

/** The inodes a step may change the contents of: none, those of its fds, or (by path) any. */
function footprint(w: World, pid: number, sc: StepCall | null): ReadonlySet<number> | 'any' {
  const args = sc === null || !Object.hasOwn(DATA_CALLS, sc.call) ? undefined : DATA_CALLS[sc.call];
  if (args === undefined) return new Set();
  if (args === 'by path' || sc === null) return 'any';
  const table = w.fdtables[w.tasks[pid]?.files ?? -1];
  const out = new Set<number>();
  for (const name of args) {
    const fd = sc[name];
    const file = typeof fd === 'number' ? w.files[table?.fds[fd]?.file ?? -1] : undefined;
    if (file !== undefined) out.add(file.f_inode);
  }
  return out;
}

/** What the law needs of a call: its name and its arguments. */
export type StepCall = { readonly call: string } & Readonly<Record<string, unknown>>;

/**
 * Extents whose fields are the same names in the same order with the same (===) values: their JSON
 * texts are then the same, which lets sameExtents skip the texts in the usual case (the search in
 * place keeps a copy of each record it saves, so an untouched i_data is never the same array).
 */
function sameFields(a: Inode['i_data'], b: Inode['i_data']): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Readonly<Record<string, unknown>> | undefined;
    const y = b[i] as Readonly<Record<string, unknown>> | undefined;
    if (x === y) continue;
    if (x === undefined || y === undefined) return false;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    if (kx.length !== ky.length) return false;
    for (let k = 0; k < kx.length; k++) {
      const key = kx[k] ?? '';
      if (key !== ky[k] || x[key] !== y[key]) return false;
    }
  }
  return true;
}

/** The same extents by their JSON texts (so by value, in order). */
export function sameExtents(a: Inode['i_data'], b: Inode['i_data']): boolean {
  return a === b || sameFields(a, b) || JSON.stringify(a) === JSON.stringify(b);
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

/** The inodes of `after` to look at: all, or the listed ones (ascending) that are there. */
function afterInodes(after: World, changedInodes: readonly number[] | undefined): Inode[] {
  if (changedInodes === undefined) return Object.values(after.inodes);
  const out: Inode[] = [];
  for (const id of changedInodes) {
    const a = after.inodes[id];
    if (a !== undefined) out.push(a);
  }
  return out;
}

/**
 * Checked over one step by `pid`: `sc` is the syscall that ran (for a split call, any of its
 * steps), or null for a flow made of several (checkpoint, cleanup), which may not change data.
 * `changedInodes` (ascending), when given, are the inodes that may differ between the worlds
 * (changed-records.ts): only those are looked at. The same verdicts: an inode is judged only when
 * its two versions are different objects, and one not listed is the same object in both.
 */
export function contentsChangeOnlyThroughData(
  before: World,
  after: World,
  pid: number,
  sc: StepCall | null,
  changedInodes?: readonly number[],
): Violation[] {
  if (before.inodes === after.inodes || changedInodes?.length === 0) return [];
  const may = footprint(before, pid, sc);
  if (may === 'any') return [];
  const out: Violation[] = [];
  for (const a of afterInodes(after, changedInodes)) {
    const b = before.inodes[a.id];
    if (b === undefined || b === a || may.has(a.id)) continue;
    const what = changed(b, a);
    if (what !== null) {
      out.push({
        invariant: 'contentsChangeOnlyThroughData',
        message: `${sc?.call ?? 'a flow'} changed ${what} of inode ${a.id} (ino ${a.i_ino}), which it did not address`,
      });
    }
  }
  return out;
}

/**
 * A pipe is first in, first out (fs/pipe.c: pipe_read takes from the tail buffer, pipe_write adds
 * at the head): one step either reads, leaving a suffix of the buffer, or writes, appending to it.
 * No call does both to one pipe (fs/splice.c: do_splice refuses a pipe spliced to itself, "Splicing
 * to self would be fun, but...", EINVAL), so a step that leaves anything else lost or reordered bytes.
 * `changedInodes` as for contentsChangeOnlyThroughData, and the same verdicts for the same reason.
 */
export function pipeBytesStayInOrder(before: World, after: World, changedInodes?: readonly number[]): Violation[] {
  if (before.inodes === after.inodes || changedInodes?.length === 0) return [];
  const out: Violation[] = [];
  for (const a of afterInodes(after, changedInodes)) {
    const b = before.inodes[a.id];
    if (b === undefined || b === a || b.i_pipe === null || a.i_pipe === null) continue;
    const was = b.i_pipe.buf;
    const now = a.i_pipe.buf;
    if (was === now) continue;
    const readFromFront = was.endsWith(now);
    const wroteAtEnd = now.startsWith(was);
    if (!readFromFront && !wroteAtEnd) {
      out.push({
        invariant: 'pipeBytesStayInOrder',
        message: `the buffer of fifo inode ${a.id} went from ${JSON.stringify(was)} to ${JSON.stringify(now)}, neither by reading from its front nor by writing at its end`,
      });
    }
  }
  return out;
}
