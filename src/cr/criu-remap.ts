/**
 * CRIU's path remaps, as CRIU has them (checkpoint-restore/criu, criu/files-reg.c, read at
 * 2cf8f13c, Nov 2025), so that `relinklab compare` pits the series against CRIU's own algorithm:
 *
 * - check_path_remap: a ghost only at i_nlink 0; a link remap (refused without --link-remap) else.
 * - dump_ghost_remap: an open file whose inode has i_nlink 0 becomes a ghost, one per (dev, ino)
 *   (the ghost_files list), numbered from 1 (ghost_file_ids) — two files of one inode share it.
 * - create_link_remap: an open file whose name is gone while the inode keeps another becomes a
 *   hard link `link_remap.<id>` in the directory the name was in, one per open file; if that
 *   directory is gone too, trim_last_parent moves the name up a level until linkat stops
 *   answering ENOENT.
 * - restore: prepare_remaps → open_remap_ghost creates each ghost once, as `<path of its first
 *   file>.cr.<id hex>.ghost` (ghost_path), again moving up a level on ENOENT (create_ghost_dentry).
 *   open_path → rfi_remap then links the ghost or link remap in at the file's own name (creating
 *   missing parents, make_parent_dirs_if_need; `<name>.cr_link` when the name is taken: EEXIST),
 *   opens that name and unlinks it again (rm_parent_dirs). So the restored fd reads in
 *   /proc/PID/fd as its original path, " (deleted)".
 * - try_clean_remaps, after the tasks are restored: unlink every ghost and every link remap.
 */
import type { Errno } from '../model/errno.js';
import type { Extent } from '../model/inode.js';
import { AT_FDCWD, O_CREAT, O_EXCL, O_WRONLY } from '../model/flags.js';
import { S_IFIFO } from '../model/modes.js';
import { allocatedRuns, extentLength, writtenBytes } from '../ops/vfs/pagecache.js';
import { ModelBug } from '../model/errors.js';
import type { Syscall } from '../model/syscall/syscall.js';

/** The syscalls a remap needs, made by the restarter. */
export interface Restorer {
  /** A call whose failure aborts the restart. */
  sys(sc: Syscall): number;
  /** A call whose errno the algorithm answers itself (ENOENT: move up; EEXIST: another name). */
  attempt(sc: Syscall): number | Errno;
  /** One metadata operation done (the compare tables' unit). */
  meta(): void;
  /** File data written back. */
  wrote(bytes: number): void;
  /** Abort the restart: `call` failed with `errno` (and why, when the errno alone does not say). */
  fail(errno: Errno, call: string, reason?: string): never;
}

/**
 * CRIU without --link-remap: check_path_remap makes a ghost only at st_nlink 0; a file whose name
 * is gone while its inode keeps another goes to dump_linked_remap, and create_link_remap fails the
 * dump unless opts.link_remap_ok. CRIU gives no errno (-1 and a log line); the model names each of
 * CRIU's refusals by the errno a syscall gives for its cause: EFBIG for a ghost past --ghost-limit
 * (a file too large), EOPNOTSUPP for this one (an option the dump was not given, as the relink
 * strategy's missing relink= is).
 */
export const linkRemapRefused = (origPath: string): string =>
  `its inode keeps another name, which criu dump refuses without --link-remap: ` +
  `"Can't create link remap for ${origPath}. Use link-remap option." (criu/files-reg.c: create_link_remap)`;

/** criu/files-reg.c: ghost_path — "%s.cr.%x.ghost". */
export const ghostPath = (origPath: string, remapId: number): string => `${origPath}.cr.${remapId.toString(16)}.ghost`;

/** criu/files-reg.c: create_link_remap — "link_remap.%d" in place of the last component. */
export function linkRemapPath(origPath: string, id: number): string {
  return `${origPath.slice(0, origPath.lastIndexOf('/') + 1)}link_remap.${id}`;
}

/** criu/files-reg.c: open_path — the name used when a file's own name is taken (EEXIST). */
export const crLinkPath = (origPath: string): string => `${origPath}.cr_link`;

/** criu/files-reg.c: trim_last_parent — "a/b/c/d" becomes "a/b/d"; null when there is no parent left. */
export function trimLastParent(path: string): string | null {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  if (slash < 0 || name === '') return null;
  const dir = path.slice(0, slash).replace(/\/+$/, '');
  if (dir === '') return null;
  return `${dir.slice(0, dir.lastIndexOf('/') + 1)}${name}`;
}

/** criu/files-reg.c: GHOST_CHUNKS_THRESH — from 3 pages on, a ghost is stored as data chunks. */
const GHOST_CHUNKS_THRESH = 3 * 4096;

/**
 * What dump_ghost_file puts in the image, as extents that cover each range it copies: a file under
 * GHOST_CHUNKS_THRESH whole (copy_file: its holes read as zeros), a larger one as the ranges
 * lseek(SEEK_DATA)/lseek(SEEK_HOLE) find (copy_file_to_chunks: whole blocks, cut at the size).
 * The limit check uses the blocks the data holds; an extent-tree block (st_blocks counts it) is
 * not modelled, so a file within one block of the limit may pass here and fail under CRIU.
 */
export function ghostChunks(data: readonly Extent[], size: number, block: number): Extent[] {
  const ranges =
    size < GHOST_CHUNKS_THRESH
      ? size > 0
        ? [{ start: 0, end: size }]
        : []
      : allocatedRuns(data, block)
          .map((r) => ({ start: r.start, end: Math.min(r.end, size) }))
          .filter((r) => r.end > r.start);
  const out: Extent[] = [];
  for (const r of ranges) {
    let pos = r.start;
    for (const e of data) {
      const start = Math.max(e.off, r.start);
      const end = Math.min(e.off + extentLength(e), r.end);
      if (end <= start) continue;
      if (start > pos) out.push({ off: pos, zeros: start - pos });
      out.push(
        'zeros' in e
          ? { off: start, zeros: end - start }
          : { off: start, bytes: e.bytes.slice(start - e.off, end - e.off) },
      );
      pos = end;
    }
    if (r.end > pos) out.push({ off: pos, zeros: r.end - pos });
  }
  return out;
}

/** A zero run is written back as NULs, a mebibyte per pwrite: the image holds it as written data. */
const ZERO_CHUNK = 1 << 20;
const ZEROS = '\0'.repeat(ZERO_CHUNK);

function* writes(e: Extent): Generator<{ data: string; offset: number }> {
  if (!('zeros' in e)) {
    yield { data: e.bytes, offset: e.off };
    return;
  }
  for (let done = 0; done < e.zeros; done += ZERO_CHUNK)
    yield { data: ZEROS.slice(0, Math.min(ZERO_CHUNK, e.zeros - done)), offset: e.off + done };
}

export interface GhostContents {
  readonly type: 'reg' | 'dir' | 'fifo';
  readonly mode: number;
  readonly size: number;
  readonly data: readonly Extent[];
}

const createCall = (path: string, g: GhostContents): Syscall =>
  g.type === 'fifo'
    ? { call: 'mknodat', dirfd: AT_FDCWD, path, mode: S_IFIFO | (g.mode & 0o7777), dev: 0 }
    : { call: 'openat', dirfd: AT_FDCWD, path, flags: O_CREAT | O_EXCL | O_WRONLY, mode: g.mode & 0o7777 };

/**
 * criu/files-reg.c: create_ghost_dentry (mkreg_ghost, or mknod for a fifo) — create the ghost,
 * moving up a directory while its parent is missing; returns the name it got.
 */
export function createGhost(r: Restorer, wanted: string, g: GhostContents): string {
  if (g.type === 'dir') throw new ModelBug('a ghost directory: checkpoint refuses unlinked directories');
  r.meta();
  // ghost_apply_metadata chmods the ghost to the file's mode; the model has no chmod, so the
  // restarter creates it under umask 0 instead (the same bits by another call).
  const umask = r.sys({ call: 'umask', mask: 0 });
  for (let path = wanted; ;) {
    const sc = createCall(path, g);
    const made = r.attempt(sc);
    if (typeof made === 'number') {
      if (g.type === 'reg') fill(r, made, g);
      r.sys({ call: 'umask', mask: umask });
      return path;
    }
    const up = made === 'ENOENT' ? trimLastParent(path) : null;
    if (up === null) return r.fail(made, sc.call);
    path = up;
  }
}

/**
 * mkreg_ghost: a chunked ghost is sized first (copy_file_from_chunks: ftruncate), then each chunk
 * written where it was, so what was not copied stays a hole; a small one is written whole.
 */
function fill(r: Restorer, fd: number, g: GhostContents): void {
  r.wrote(writtenBytes(g.data));
  if (g.size >= GHOST_CHUNKS_THRESH) r.sys({ call: 'ftruncate', fd, length: g.size });
  for (const e of g.data) for (const w of writes(e)) r.sys({ call: 'pwrite64', fd, ...w });
  r.sys({ call: 'close', fd });
}

/** Where rfi_remap put a file's name, and how many parent directories it had to create. */
export interface Placed {
  readonly path: string;
  readonly madeDirs: number;
}

/**
 * criu/files-reg.c: rfi_remap — link the remap (ghost or link remap) in at the file's own name,
 * creating missing parents first; when that name is taken (EEXIST), open_path retries with
 * `<name>.cr_link` ("strictly speaking, this is cheating").
 */
export function linkIntoPlace(r: Restorer, remapPath: string, origPath: string): Placed {
  for (const path of [origPath, crLinkPath(origPath)]) {
    const madeDirs = makeParentDirs(r, path);
    r.meta();
    const sc: Syscall = { call: 'link', oldpath: remapPath, newpath: path };
    const linked = r.attempt(sc);
    if (typeof linked === 'number') return { path, madeDirs };
    removeParentDirs(r, path, madeDirs);
    if (linked !== 'EEXIST' || path !== origPath) return r.fail(linked, sc.call);
  }
  throw new ModelBug('rfi_remap: neither the name nor its .cr_link was tried');
}

/** open_path, after the open: unlinkat the name rfi_remap made, then rm_parent_dirs. */
export function unlinkFromPlace(r: Restorer, placed: Placed): void {
  r.meta();
  r.sys({ call: 'unlink', path: placed.path });
  removeParentDirs(r, placed.path, placed.madeDirs);
}

/** The directories above `path`, outermost first: "/a/b/f" gives "/a", "/a/b". */
function parents(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '');
  return parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

/**
 * criu/files-reg.c: make_parent_dirs_if_need — when the parent is missing, mkdirat every level
 * (mode 0777, EEXIST is fine), counting the ones it made.
 */
function makeParentDirs(r: Restorer, path: string): number {
  const dirs = parents(path);
  const parent = dirs[dirs.length - 1];
  if (parent === undefined) return 0;
  r.meta();
  const sc: Syscall = { call: 'stat', path: parent };
  const st = r.attempt(sc);
  if (typeof st === 'number') return 0;
  if (st !== 'ENOENT') return r.fail(st, sc.call);
  let made = 0;
  for (const dir of dirs) {
    r.meta();
    const mk: Syscall = { call: 'mkdir', path: dir, mode: 0o777 };
    const m = r.attempt(mk);
    if (typeof m === 'number') made++;
    else if (m !== 'EEXIST') return r.fail(m, mk.call);
  }
  return made;
}

/** criu/files-reg.c: rm_parent_dirs — remove the `count` innermost parents of `path`. */
function removeParentDirs(r: Restorer, path: string, count: number): void {
  const dirs = parents(path);
  for (let i = 0; i < count; i++) {
    const dir = dirs[dirs.length - 1 - i];
    if (dir === undefined) throw new ModelBug(`rm_parent_dirs: ${path} has fewer than ${count} parents`);
    r.meta();
    r.sys({ call: 'rmdir', path: dir });
  }
}
