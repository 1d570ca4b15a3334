/** fs/file.c: the fd table — lowest free slot, install, close. */
import { castDraft } from 'immer';
import type { Cred } from '../../model/cred.js';
import { FS_TYPES } from '../../model/fstype.js';
import type { FdTableId, FileId } from '../../model/ids.js';
import type { Path } from '../../model/mount.js';
import type { Task } from '../../model/task.js';
import type { World } from '../../model/world.js';
import { Unmodelled } from '../../model/errors.js';
import { fput, pathGet } from './refs.js';
import { fdtableOf, rFdtable, rInode, rSb, rTask, type MWorld, type RWorld } from './world-draft.js';
import { putRecord } from './touch-log.js';
import { ownField } from './own-field.js';

/** include/uapi/linux/fs.h: INR_OPEN_CUR, the RLIMIT_NOFILE soft limit a boot starts with. */
export const INR_OPEN_CUR = 1024;
/** fs/file.c: sysctl_nr_open's default (NR_OPEN): no descriptor reaches it. */
export const NR_OPEN = 1024 * 1024;

/**
 * fs/file.c: alloc_fd — the lowest free fd at or above `start` below `limit` (the caller's
 * RLIMIT_NOFILE), or EMFILE.
 */
export function allocFd(w: MWorld, table: FdTableId, limit: number, start = 0): number | 'EMFILE' {
  const fds = rFdtable(w, table).fds;
  // Ends at the first gap: at most one more step than the table has entries.
  for (let fd = start; fd < limit; fd++) if (fds[fd] === undefined) return fd;
  return 'EMFILE';
}

/** fs/file.c: fd_install — the slot takes over the caller's file reference. */
export function fdInstall(w: MWorld, table: FdTableId, fd: number, file: FileId, cloexec: boolean): void {
  ownField(fdtableOf(w, table), 'fds')[fd] = { file, cloexec };
}

/** fs/file.c: close_fd — remove the slot and drop its reference. Returns false for EBADF. */
export function closeFd(w: MWorld, table: FdTableId, fd: number): boolean {
  const t = fdtableOf(w, table);
  const entry = t.fds[fd];
  if (entry === undefined) return false;
  delete ownField(t, 'fds')[fd];
  fput(w, entry.file);
  return true;
}

/** The file in a task's slot, or null (EBADF for the caller). */
export function fdLookup(w: MWorld, pid: number, fd: number): FileId | null {
  const task = rTask(w, pid);
  const entry = rFdtable(w, task.files).fds[fd];
  return entry === undefined ? null : entry.file;
}

/**
 * fs/btrfs/inode.c: btrfs_get_dir_last_index for a directory of a type that snapshots it
 * (ReaddirRules.lastIndexSnapshot; see File), else 0.
 */
export function btrfsDirLastIndex(w: RWorld, ino: number): number {
  const inode = rInode(w, ino);
  const rules = FS_TYPES[rSb(w, inode.i_sb).s_type].readdir;
  return inode.type === 'dir' && rules.kind === 'offset' && rules.lastIndexSnapshot ? w.next.dentry - 1 : 0;
}

/**
 * fs/file_table.c: alloc_file — a new struct file on `path` with f_count 1; takes its own
 * path references (path_get).
 */
export function allocFile(w: MWorld, path: Path, ino: number, f_flags: number, f_mode: number, f_cred: Cred): FileId {
  const id = w.next.file++ as FileId;
  pathGet(w, path);
  putRecord(w.files, id, {
    id,
    f_path: { mnt: path.mnt, dentry: path.dentry },
    f_inode: ino as never,
    f_flags,
    f_mode,
    f_pos: 0,
    f_count: 1,
    f_cred: castDraft(f_cred),
    f_dir_pos: 0,
    f_dir_cookie: 0,
    f_dir_last_index: btrfsDirLastIndex(w, ino),
  });
  return id;
}

/** include/linux/fdtable.h: files_lookup_fd_raw — the file in a task's fd slot, or null when it is empty. */
export function fdFile(w: World, task: Task, fd: number): number | null {
  const table = w.fdtables[task.files];
  const entry = table?.fds[fd];
  if (entry === undefined) return null;
  // An fsopen(2) descriptor is an anon_inode file the model does not look into (src/ops/calls/fsopen.ts).
  if (w.files[entry.file]?.f_fs_context !== undefined) throw new Unmodelled(`fd ${fd} is an fs_context`);
  return entry.file;
}
