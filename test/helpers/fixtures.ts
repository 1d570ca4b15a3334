// Set-ups for the process, fd and mount tests that do not go through open/close/unlink (other
// families): files are opened, closed, created and unlinked with the model's own allocators.
import { produce } from 'immer';
import type { DentryId, FileId } from '../../src/model/ids.js';
import type { InodeType } from '../../src/model/modes.js';
import type { Path } from '../../src/model/mount.js';
import type { World } from '../../src/model/world.js';
import { AT_FDCWD, O_ACCMODE, O_LARGEFILE, O_PATH, O_RDONLY, O_RDWR, O_WRONLY } from '../../src/model/flags.js';
import { FMODE_PATH, FMODE_READ, FMODE_WRITE } from '../../src/model/file.js';
import { dAddName, dDelete, newInode } from '../../src/ops/vfs/dcache.js';
import { allocFd, allocFile, closeFd, fdInstall } from '../../src/ops/vfs/fdtable.js';
import { filenameLookup, LOOKUP_FOLLOW } from '../../src/ops/vfs/namei.js';
import { dropNlink, incNlink, orphanAdd } from '../../src/ops/vfs/refs.js';
import { dentryOf, rDentry, rFile, rTask, sbOf, taskOf } from '../../src/ops/vfs/world-draft.js';

/** Where `name` leads for `pid` (following symlinks), or the errno. */
export function walk(w: World, name: string, pid = 1): Path {
  const r = filenameLookup(w, rTask(w, pid), AT_FDCWD, name, LOOKUP_FOLLOW);
  if (!r.ok) throw new Error(`walk ${name}: ${r.errno}`);
  if (r.value.kind !== 'path') throw new Error(`walk ${name}: ${r.value.kind}`);
  return r.value.path;
}

/** Open `name` as do_dentry_open leaves it (O_LARGEFILE forced, O_PATH keeps only itself). */
export function openFile(w: World, name: string, flags: number, pid = 1): { world: World; fd: number; file: FileId } {
  const p = walk(w, name, pid);
  let fd = -1;
  let file = -1 as FileId;
  const world = produce(w, (d) => {
    const task = taskOf(d, pid);
    const ino = dentryOf(d, p.dentry).d_inode;
    if (ino === null) throw new Error(`open ${name}: negative`);
    const path = (flags & O_PATH) !== 0;
    const acc = flags & O_ACCMODE;
    const fmode = path
      ? FMODE_PATH
      : (acc === O_RDONLY || acc === O_RDWR ? FMODE_READ : 0) | (acc === O_WRONLY || acc === O_RDWR ? FMODE_WRITE : 0);
    const fFlags = path ? O_PATH : flags | O_LARGEFILE;
    file = allocFile(d, p, ino, fFlags, fmode, task.cred);
    const inode = d.inodes[ino];
    if (inode?.type === 'fifo' && !path) {
      // fs/pipe.c: fifo_open — the pipe lives while an end is open.
      inode.i_pipe ??= { readers: 0, writers: 0, r_counter: 0, w_counter: 0, buf: '', pages: [] };
      if (fmode & FMODE_READ) inode.i_pipe.readers++;
      if (fmode & FMODE_WRITE) inode.i_pipe.writers++;
    }
    const slot = allocFd(d, task.files, task.rlimit_nofile);
    if (slot === 'EMFILE') throw new Error('EMFILE');
    fd = slot;
    fdInstall(d, task.files, fd, file, false);
  });
  return { world, fd, file };
}

export function closeFile(w: World, fd: number, pid = 1): World {
  return produce(w, (d) => {
    if (!closeFd(d, taskOf(d, pid).files, fd)) throw new Error(`close ${fd}: EBADF`);
  });
}

/** Create `name` (a file or directory) in the directory `dir` leads to, as mkdir/creat would. */
export function create(w: World, dir: string, name: string, type: InodeType = 'reg', perm = 0o644): World {
  const p = walk(w, dir);
  return produce(w, (d) => {
    const parent = dentryOf(d, p.dentry);
    const ino = newInode(d, parent.d_sb, { type, perm, uid: 0, gid: 0 });
    dAddName(d, p.dentry, name, ino);
    if (type === 'dir' && parent.d_inode !== null && sbOf(d, parent.d_sb).s_type !== 'btrfs') {
      incNlink(d, parent.d_inode);
    }
  });
}

/** Unlink a regular file the way vfs_unlink → ext4_unlink / shmem_unlink leave it. */
export function unlinkFile(w: World, name: string): World {
  const p = walk(w, name);
  return produce(w, (d) => {
    const ino = dentryOf(d, p.dentry).d_inode;
    if (ino === null) throw new Error('negative');
    dropNlink(d, ino);
    orphanAdd(d, ino);
    dDelete(d, p.dentry);
  });
}

/** The dentry a file of `pid` holds. */
export function fileDentry(w: World, fd: number, pid = 1): DentryId {
  const t = rTask(w, pid);
  const entry = w.fdtables[t.files]?.fds[fd];
  if (entry === undefined) throw new Error(`no fd ${fd}`);
  return rFile(w, entry.file).f_path.dentry;
}

export const dCount = (w: World, d: DentryId): number => rDentry(w, d).d_count;
