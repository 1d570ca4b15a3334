/**
 * open, openat, creat and close: fs/open.c do_sys_openat2 (build_open_flags, getname,
 * get_unused_fd_flags, do_filp_open) and fs/namei.c path_openat (do_tmpfile, do_o_path,
 * open_last_lookups, lookup_open, do_open, may_open), then vfs_open → do_dentry_open and the
 * file's ->open (fs/pipe.c fifo_open). close: fs/file.c close_fd.
 */
import type { Errno } from '../../model/errno.js';
import {
  AT_FDCWD,
  O_ACCMODE,
  O_APPEND,
  O_CLOEXEC,
  O_CREAT,
  O_DIRECT,
  O_EXCL,
  O_LARGEFILE,
  O_NOCTTY,
  O_NONBLOCK,
  O_PATH,
  O_RDONLY,
  O_RDWR,
  O_TRUNC,
  O_WRONLY,
  __O_SYNC,
  __O_TMPFILE,
} from '../../model/flags.js';
import { FMODE_LSEEK, FMODE_PATH, FMODE_PREAD, FMODE_PWRITE, FMODE_READ, FMODE_WRITE } from '../../model/file.js';
import type { FileId, Pid } from '../../model/ids.js';
import { I_LINKABLE, I_TMPFILE_EXCL, S_APPEND, S_DEAD } from '../../model/inode.js';
import { S_IALLUGO } from '../../model/modes.js';
import type { Path } from '../../model/mount.js';
import { SB_RDONLY } from '../../model/superblock.js';
import type { Task } from '../../model/task.js';
import { FS_TYPES } from '../../model/fstype.js';
import { doTruncate } from '../vfs/attr.js';
import { dAlloc, dInstantiate, newInode } from '../vfs/dcache.js';
import { allocFd, allocFile, closeFd, fdInstall } from '../vfs/fdtable.js';
import { createChild } from '../vfs/inode-init.js';
import { mayCreate } from '../vfs/namei-create.js';
import {
  filenameLookup,
  filenameParentat,
  LOOKUP_DIRECTORY,
  LOOKUP_FOLLOW,
  NAME_MAX,
  parentatFromLink,
  PATH_MAX,
  type Parent,
  type Walked,
} from '../vfs/namei.js';
import { followMounts } from '../vfs/follow-mounts.js';
import { mntIsReadonly } from '../vfs/namespace.js';
import { mayCreateInSticky, mayFollowLink } from '../vfs/protected.js';
import { MAY_EXEC, MAY_READ, MAY_WRITE, inodePermission } from '../vfs/permission.js';
import { clearNlink, dput, orphanAdd } from '../vfs/refs.js';
import { ModelBug, Unmodelled } from '../../model/errors.js';
import { blocked, fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import {
  inodeOf,
  kernelOf,
  rDentry,
  rFile,
  rInode,
  rSb,
  rTask,
  taskOf,
  type MWorld,
  type RWorld,
} from '../vfs/world-draft.js';
import { dChild } from '../vfs/d-children.js';
import type { Handlers } from './handler.js';
import { buildOpenFlags, type OpenFlags } from './open-flags.js';
import { modeStripSgid } from './mknod.js';
import { ownField } from '../vfs/own-field.js';

/**
 * Where path_openat ended: an existing object, a name it created, or a tmpfile it made; `dir` is
 * the directory an O_CREAT open found its last name in (nd->dir_mode, nd->dir_uid), else null.
 */
type Opened = { readonly path: Path; readonly created: boolean; readonly dir: Path | null };

/** The modelled procfs: only its fd links can be opened, and they lead to a real path. */
function realPath(at: Walked): Path | Errno {
  if (at.kind === 'path') return at.path;
  if (at.kind === 'proc-fd' || at.kind === 'proc-link') return 'ELOOP'; // the link itself: may_open refuses S_IFLNK
  throw new Unmodelled('opening a /proc directory');
}

/** fs/namei.c: open_last_lookups + lookup_open for O_CREAT, following trailing symlinks. */
function createLookup(w: MWorld, task: Task, of: OpenFlags, first: Parent): Opened | Errno {
  let p: Parent = first;
  let links = 0;
  for (;;) {
    if (p.dir.kind !== 'path') {
      // procfs has no ->create; an existing fd link is opened through (or refused by) may_open.
      return 'ENOENT';
    }
    const dir = p.dir.path;
    if (p.lastType !== 'norm') {
      // handle_dots: the directory itself (or its parent); do_open then says EISDIR.
      return { path: dir, created: false, dir: null };
    }
    // Trailing slashes with O_CREAT: EISDIR before the lookup.
    if (p.trailingSlash) return 'EISDIR';
    const dirIno = rDentry(w, dir.dentry).d_inode;
    if (dirIno === null || (rInode(w, dirIno).i_flags & S_DEAD) !== 0) return 'ENOENT'; // IS_DEADDIR
    const child = dChild(rDentry(w, dir.dentry), p.last);
    const childIno = child === undefined ? null : rDentry(w, child).d_inode;
    if (child !== undefined && childIno !== null) {
      const inode = rInode(w, childIno);
      if (inode.type === 'symlink' && inode.i_link !== null && (of.lookup & LOOKUP_FOLLOW) !== 0) {
        // step_into(WALK_TRAILING) → pick_link → may_follow_link.
        const refused = mayFollowLink(w, task, dir, inode);
        if (refused !== null) return refused;
        const next = parentatFromLink(w, task, dir, inode.i_link, links);
        if (!next.ok) return next.errno;
        links = next.value.links;
        p = next.value;
        continue;
      }
      return { path: followMounts(w, { mnt: dir.mnt, dentry: child }), created: false, dir };
    }
    if (p.last.length > NAME_MAX) return 'ENAMETOOLONG';
    // lookup_open: EROFS (no write access) or may_o_create's error, reported for a negative name.
    if (mntIsReadonly(w, dir.mnt)) return 'EROFS';
    const denied = mayCreate(w, task, dir.dentry);
    if (denied !== null) return denied;
    // vfs_prepare_mode: mode_strip_sgid before the umask (which may clear the group-exec bit).
    const perm = modeStripSgid(w, task, dir.dentry, of.mode) & ~task.umask & S_IALLUGO;
    const d = createChild(w, task, dir, p.last, 'reg', perm);
    return { path: { mnt: dir.mnt, dentry: d }, created: true, dir };
  }
}

/** fs/namei.c: may_open, plus the read-only superblock check of inode_permission (sb_permission). */
function mayOpen(w: RWorld, task: Task, path: Path, accMode: number, flags: number): Errno | null {
  const ino = rDentry(w, path.dentry).d_inode;
  if (ino === null) return 'ENOENT';
  const inode = rInode(w, ino);
  switch (inode.type) {
    case 'symlink':
      return 'ELOOP';
    case 'dir':
      if ((accMode & MAY_WRITE) !== 0) return 'EISDIR';
      if ((accMode & MAY_EXEC) !== 0) return 'EACCES';
      break;
    default:
      break;
  }
  if ((accMode & MAY_WRITE) !== 0 && inode.type !== 'fifo' && (rSb(w, inode.i_sb).s_flags & SB_RDONLY) !== 0) {
    return 'EROFS';
  }
  const perm = inodePermission(task, inode, accMode & (MAY_READ | MAY_WRITE | MAY_EXEC));
  if (perm !== 'ok') return perm;
  // An append-only file must be opened in append mode for writing, and never truncated.
  if ((inode.i_flags & S_APPEND) !== 0) {
    if ((flags & O_ACCMODE) !== O_RDONLY && (flags & O_APPEND) === 0) return 'EPERM';
    if ((flags & O_TRUNC) !== 0) return 'EPERM';
  }
  return null;
}

/** do_dentry_open's f_mode: FMODE_PATH alone for O_PATH, else the access mode and seekability. */
function fmodeFor(flags: number, type: string): number {
  if ((flags & O_PATH) !== 0) return FMODE_PATH;
  const acc = flags & O_ACCMODE;
  let m = 0;
  if (acc === O_RDONLY || acc === O_RDWR) m |= FMODE_READ;
  if (acc === O_WRONLY || acc === O_RDWR) m |= FMODE_WRITE;
  // do_dentry_open sets these for everything; stream_open (fifo_open) takes them away.
  if (type !== 'fifo') m |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
  return m;
}

/** What do_dentry_open keeps in f_flags. */
const fileFlagsOf = (flags: number): number => flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);

/**
 * fs/namei.c: do_tmpfile → vfs_tmpfile — the directory (LOOKUP_DIRECTORY), the mount's write access,
 * write+search permission on it, the file system's ->tmpfile (EOPNOTSUPP without), then an inode
 * with i_nlink 0 on the orphan list under an unhashed dentry named "#<ino>" (d_tmpfile), linkable
 * (I_LINKABLE) unless O_EXCL; with the relink series, O_EXCL sets I_TMPFILE_EXCL instead.
 */
function doTmpfile(w: MWorld, task: Task, dfd: number, name: string, of: OpenFlags): Opened | Errno {
  const r = filenameLookup(w, task, dfd, name, of.lookup | LOOKUP_DIRECTORY);
  if (!r.ok) return r.errno;
  const dir = realPath(r.value);
  if (typeof dir === 'string') return dir;
  if (mntIsReadonly(w, dir.mnt)) return 'EROFS';
  const dirIno = rDentry(w, dir.dentry).d_inode;
  if (dirIno === null) return 'ENOENT';
  const perm = inodePermission(task, rInode(w, dirIno), MAY_WRITE | MAY_EXEC);
  if (perm !== 'ok') return perm;
  const dirInode = rInode(w, dirIno);
  if (!FS_TYPES[rSb(w, dirInode.i_sb).s_type].tmpfile) return 'EOPNOTSUPP';
  const ino = newInode(w, dirInode.i_sb, {
    type: 'reg',
    // vfs_prepare_mode: mode_strip_sgid before the umask, as for a named file.
    perm: modeStripSgid(w, task, dir.dentry, of.mode) & ~task.umask & S_IALLUGO,
    uid: task.cred.fsuid,
    gid: (dirInode.i_mode & 0o2000) !== 0 ? dirInode.i_gid : task.cred.fsgid,
    subvol: dirInode.i_subvol,
  });
  const d = dAlloc(w, dir.dentry, `#${inodeOf(w, ino).i_ino}`);
  dInstantiate(w, d, ino);
  clearNlink(w, ino); // d_tmpfile: inode_dec_link_count
  orphanAdd(w, ino);
  if ((of.flags & O_EXCL) === 0) inodeOf(w, ino).i_state |= I_LINKABLE;
  // Our port remembers O_EXCL, so that .relink can refuse the inode too (kernel-patches/0006).
  else if (kernelOf(w).relinkSeries) inodeOf(w, ino).i_state |= I_TMPFILE_EXCL;
  // The dentry stays unhashed, held by vfs_tmpfile (d_alloc's reference) until the file has it.
  return { path: { mnt: dir.mnt, dentry: d }, created: true, dir: null };
}

/** fs/namei.c: path_openat for everything but O_TMPFILE. */
function pathOpenat(w: MWorld, task: Task, dfd: number, name: string, of: OpenFlags): Opened | Errno {
  if ((of.flags & O_CREAT) === 0) {
    const r = filenameLookup(w, task, dfd, name, of.lookup);
    if (!r.ok) return r.errno;
    if ((of.flags & O_PATH) !== 0 && (r.value.kind === 'proc-fd' || r.value.kind === 'proc-link')) {
      throw new Unmodelled('O_PATH|O_NOFOLLOW on a /proc magic link (the link itself)');
    }
    const path = realPath(r.value);
    return typeof path === 'string' ? path : { path, created: false, dir: null };
  }
  const parent = filenameParentat(w, task, dfd, name);
  if (!parent.ok) return parent.errno;
  if (parent.value.dir.kind !== 'path') {
    // An existing fd link under O_CREAT: followed unless O_NOFOLLOW (or O_EXCL: EEXIST).
    const r = filenameLookup(w, task, dfd, name, of.lookup);
    if (!r.ok) return r.errno;
    if ((of.flags & O_EXCL) !== 0) return 'EEXIST';
    const path = realPath(r.value);
    return typeof path === 'string' ? path : { path, created: false, dir: null };
  }
  return createLookup(w, task, of, parent.value);
}

/** fs/namei.c: do_open — after the lookup, before vfs_open. */
function doOpenChecks(w: RWorld, task: Task, o: Opened, of: OpenFlags): Errno | null {
  const ino = rDentry(w, o.path.dentry).d_inode;
  const isDir = ino !== null && rInode(w, ino).type === 'dir';
  if ((of.flags & O_CREAT) !== 0) {
    if ((of.flags & O_EXCL) !== 0 && !o.created) return 'EEXIST';
    if (isDir) return 'EISDIR';
    const sticky =
      o.created || o.dir === null || ino === null ? null : mayCreateInSticky(w, task, o.dir, rInode(w, ino));
    if (sticky !== null) return sticky;
  }
  if ((of.lookup & LOOKUP_DIRECTORY) !== 0 && !isDir) return 'ENOTDIR';
  if (o.created) return null;
  if ((of.flags & O_PATH) !== 0) return null;
  const isReg = ino !== null && rInode(w, ino).type === 'reg';
  if (isReg && (of.flags & O_TRUNC) !== 0 && mntIsReadonly(w, o.path.mnt)) return 'EROFS';
  const denied = mayOpen(w, task, o.path, of.accMode, of.flags);
  if (denied !== null) return denied;
  // do_dentry_open: write access to a regular file or directory needs a writable mount.
  const type = ino === null ? null : rInode(w, ino).type;
  if ((of.accMode & MAY_WRITE) !== 0 && (type === 'reg' || type === 'dir') && mntIsReadonly(w, o.path.mnt)) {
    return 'EROFS';
  }
  // do_dentry_open: O_DIRECT needs ->direct_IO (FsTypeInfo.directIO). A file of the internal type
  // stands for one on a file system the model does not know, so it is not refused here.
  const fs = type === 'reg' ? FS_TYPES[rSb(w, rInode(w, ino as number).i_sb).s_type] : null;
  if ((of.flags & O_DIRECT) !== 0 && fs !== null && !fs.directIO && !fs.internal) return 'EINVAL';
  return null;
}

/**
 * fs/pipe.c: fifo_open — a reader waits for a writer and a writer for a reader unless O_NONBLOCK
 * (then a lone writer is ENXIO); O_RDWR never waits. Returns null when the open completes now.
 */
function fifoOpen(w: MWorld, file: FileId): { wait: 'r_counter' | 'w_counter'; counter: number } | null {
  const f = rFile(w, file);
  const inode = inodeOf(w, f.f_inode);
  inode.i_pipe ??= { readers: 0, writers: 0, r_counter: 0, w_counter: 0, buf: '', pages: [] };
  const pipe = ownField(inode, 'i_pipe');
  if (pipe === null) throw new ModelBug('a fifo inode without the pipe just given it');
  const rd = (f.f_mode & FMODE_READ) !== 0;
  const wr = (f.f_mode & FMODE_WRITE) !== 0;
  if (rd && wr) {
    pipe.readers++;
    pipe.writers++;
    pipe.r_counter++;
    pipe.w_counter++;
    return null;
  }
  if (rd) {
    pipe.r_counter++;
    pipe.readers++;
    if (pipe.writers === 0 && (f.f_flags & O_NONBLOCK) === 0) return { wait: 'w_counter', counter: pipe.w_counter };
    return null;
  }
  pipe.w_counter++;
  pipe.writers++;
  if (pipe.readers === 0) return { wait: 'r_counter', counter: pipe.r_counter };
  return null;
}

/** fs/open.c: do_sys_openat2. */
function doSysOpen(w: MWorld, pid: Pid, dfd: number, name: string, rawFlags: number, rawMode: number): SysResult {
  const of = buildOpenFlags(rawFlags, rawMode);
  if (typeof of === 'string') return fail(of);
  // getname: empty names and PATH_MAX, before an fd is reserved.
  if (name.length === 0) return fail('ENOENT');
  if (name.length >= PATH_MAX) return fail('ENAMETOOLONG');
  const task = rTask(w, pid);
  // get_unused_fd_flags: EMFILE before the walk.
  if (allocFd(w, task.files, task.rlimit_nofile) === 'EMFILE') return fail('EMFILE');
  const tmpfile = (of.flags & __O_TMPFILE) !== 0;
  const opened = tmpfile ? doTmpfile(w, task, dfd, name, of) : pathOpenat(w, task, dfd, name, of);
  if (typeof opened === 'string') return fail(opened);
  // do_tmpfile opens its new inode itself; everything else goes through do_open.
  const refused = tmpfile ? null : doOpenChecks(w, task, opened, of);
  if (refused !== null) return fail(refused);
  const ino = rDentry(w, opened.path.dentry).d_inode;
  if (ino === null) return fail('ENOENT');
  const inode = rInode(w, ino);
  const fmode = fmodeFor(of.flags, inode.type);
  // fs/pipe.c: fifo_open — an access mode of 3 opens for neither end: its switch's default, EINVAL.
  if (inode.type === 'fifo' && (fmode & (FMODE_READ | FMODE_WRITE | FMODE_PATH)) === 0) return fail('EINVAL');
  if (
    inode.type === 'fifo' &&
    (fmode & (FMODE_READ | FMODE_WRITE)) === FMODE_WRITE &&
    (of.flags & O_NONBLOCK) !== 0 &&
    (inode.i_pipe?.readers ?? 0) === 0
  ) {
    return fail('ENXIO');
  }
  const fFlags = (of.flags & O_PATH) !== 0 ? of.flags & ~O_LARGEFILE : fileFlagsOf(of.flags);
  const file = allocFile(w, opened.path, ino, fFlags, fmode, task.cred);
  // vfs_tmpfile: dput(child) — the file now holds the only reference to its unhashed dentry.
  if (tmpfile) dput(w, opened.path.dentry);
  // handle_truncate: O_TRUNC on an existing regular file empties it (do_truncate).
  if (!opened.created && inode.type === 'reg' && (of.flags & O_TRUNC) !== 0 && (of.flags & O_PATH) === 0) {
    doTruncate(w, task, ino, 0);
  }
  if (inode.type === 'fifo' && (fmode & FMODE_PATH) === 0) {
    const wait = fifoOpen(w, file);
    if (wait !== null)
      return blocked(`fifo_open waits for a ${wait.wait === 'w_counter' ? 'writer' : 'reader'}`, file, wait.counter);
  }
  return installFile(w, pid, file, of.cloexec);
}

function installFile(w: MWorld, pid: Pid, file: FileId, cloexec: boolean): SysResult {
  const task = rTask(w, pid);
  const fd = allocFd(w, task.files, task.rlimit_nofile);
  if (fd === 'EMFILE') throw new ModelBug('unreachable: the fd was checked free');
  fdInstall(w, task.files, fd, file, cloexec);
  return ok(fd);
}

/**
 * A blocked fifo open, retried: it completes when the partner counter it waits on has moved
 * (fs/pipe.c: wait_for_partner), and only then gets its fd.
 */
export function resume_open(w: MWorld, pid: Pid, sc: SyscallOf<'open' | 'openat' | 'creat'>): SysResult {
  const task = rTask(w, pid);
  const b = task.blocked;
  if (b === null || b.file === null || b.counter === null) throw new ModelBug('resume_open without a held file');
  const f = rFile(w, b.file);
  const pipe = rInode(w, f.f_inode).i_pipe;
  if (pipe === null) throw new ModelBug('resume_open: the fifo lost its pipe while a file held it');
  const waitsForWriter = (f.f_mode & FMODE_READ) !== 0;
  const now = waitsForWriter ? pipe.w_counter : pipe.r_counter;
  if (now === b.counter) return blocked(b.reason, b.file, b.counter);
  // creat has no flags of its own: O_CREAT|O_WRONLY|O_TRUNC, never O_CLOEXEC.
  const flags = sc.call === 'creat' ? 0 : sc.flags;
  taskOf(w, pid).blocked = null;
  return installFile(w, pid, b.file, (flags & O_CLOEXEC) !== 0);
}

export function sys_open(w: MWorld, pid: Pid, sc: SyscallOf<'open'>): SysResult {
  return doSysOpen(w, pid, AT_FDCWD, sc.path, sc.flags, sc.mode);
}

export function sys_openat(w: MWorld, pid: Pid, sc: SyscallOf<'openat'>): SysResult {
  return doSysOpen(w, pid, sc.dirfd, sc.path, sc.flags, sc.mode);
}

/** fs/open.c: creat = open(O_CREAT | O_WRONLY | O_TRUNC). */
export function sys_creat(w: MWorld, pid: Pid, sc: SyscallOf<'creat'>): SysResult {
  return doSysOpen(w, pid, AT_FDCWD, sc.path, O_CREAT | O_WRONLY | O_TRUNC, sc.mode);
}

/** fs/file.c: close_fd → EBADF for a free slot; the file goes with its last reference (fput). */
export function sys_close(w: MWorld, pid: Pid, sc: SyscallOf<'close'>): SysResult {
  const task = rTask(w, pid);
  if (!closeFd(w, task.files, sc.fd)) return fail('EBADF');
  return ok(0);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const OPEN_CALLS: Handlers<'open' | 'openat' | 'creat' | 'close'> = {
  open: sys_open,
  openat: sys_openat,
  creat: sys_creat,
  close: sys_close,
};
