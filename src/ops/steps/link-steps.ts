/**
 * link and linkat (and so the relink series' relink, linkat(fd, "", dirfd, name, AT_EMPTY_PATH))
 * in four steps, cut where fs/namei.c do_linkat takes or drops a lock:
 *
 * 1. lookup: filename_lookup (old) and filename_parentat (new): walks, no locks; both paths held.
 * 2. lock_dir: filename_create's inode_lock_nested(dir, I_MUTEX_PARENT), lookup_one_qstr_excl,
 *    then do_linkat's and vfs_link's checks before inode_lock(inode) (may_create, EXDEV, EPERM).
 * 3. link: vfs_link's inode_lock(inode): the i_nlink check again (the relink series' rule reads
 *    i_nlink and s_relink_dir here), ->relink or ->link, I_LINKABLE cleared, inode_unlock(inode).
 * 4. unlock: done_path_create (inode_unlock(dir), path_put(new)), path_put(old).
 *
 * Seeded bugs: 'relink-missing-lock' never takes the directory lock in step 2, so an rmdir or a
 * rename over relink_dir can run between the checks and the link; 'relink-no-recheck' decides in
 * step 2, before inode_lock(inode), whether the inode may be linked (i_nlink, relink_dir) and acts
 * on that decision in step 3 without looking again; 'link-nlink-lost-update' reads i_nlink in step 2
 * and writes that value + 1 in step 3, losing an unlink that ran in between.
 */
import type { HeldLock } from '../../model/inflight.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_FOLLOW } from '../../model/flags.js';
import type { Pid } from '../../model/ids.js';
import { hasBug } from '../../model/kernel.js';
import { doLink, linkatLookupFlags, linkCheckLocked, linkCheckUnlocked } from '../calls/link.js';
import { filenameCreateLocked, filenameCreateParent, type CreateTarget } from '../vfs/namei-create.js';
import { filenameLookup } from '../vfs/namei.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { kernelOf, rDentry, rInode, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';
import { setNlink } from '../vfs/refs.js';
import {
  callOf,
  decideErrno,
  endInflight,
  endWithErrno,
  goTo,
  held,
  hold,
  inflightOf,
  lock,
  release,
  setData,
  unlockAll,
  unwindWithErrno,
} from './inflight.js';
import { NO_LOCKS, type SplitCall } from './types.js';
import { dChild } from '../vfs/d-children.js';

type LinkCall = SyscallOf<'link'> | SyscallOf<'linkat'>;

const args = (sc: LinkCall) =>
  sc.call === 'link'
    ? { olddfd: AT_FDCWD, oldname: sc.oldpath, newdfd: AT_FDCWD, newname: sc.newpath, flags: 0 }
    : { olddfd: sc.olddirfd, oldname: sc.oldpath, newdfd: sc.newdirfd, newname: sc.newpath, flags: sc.flags };

const missingLock = (w: RWorld): boolean => hasBug(kernelOf(w), 'relink-missing-lock');

/** The new name's parent directory's lock (filename_create's inode_lock_nested). */
function dirLock(w: RWorld, pid: Pid): HeldLock[] {
  if (missingLock(w)) return [];
  const ino = rDentry(w, held(w, pid, 'new', 'path').path.dentry).d_inode;
  return ino === null ? [] : [{ kind: 'i_rwsem', inode: ino }];
}

function target(w: RWorld, pid: Pid): CreateTarget {
  const last = inflightOf(w, pid)?.data['last'];
  return { dir: held(w, pid, 'new', 'path').path, last: typeof last === 'string' ? last : '' };
}

function lookupStep(w: MWorld, pid: Pid): SysResult | null {
  const a = args(callOf(w, pid, 'link', 'linkat'));
  if ((a.flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) !== 0) return endWithErrno(w, pid, 'EINVAL');
  const task = rTask(w, pid);
  const how = linkatLookupFlags(w, task, a.flags);
  if (how === 'ENOENT') return endWithErrno(w, pid, how);
  const old = filenameLookup(w, task, a.olddfd, a.oldname, how);
  if (!old.ok) return endWithErrno(w, pid, old.errno);
  const p = filenameCreateParent(w, task, a.newdfd, a.newname);
  if (!p.ok) return endWithErrno(w, pid, p.errno);
  hold(w, pid, 'new', { kind: 'path', path: p.value.dir });
  setData(w, pid, 'last', p.value.last);
  setData(w, pid, 'slash', p.value.trailingSlash);
  // A /proc entry or magic link that was not followed is on procfs: another mount (EXDEV below).
  if (old.value.kind === 'path') hold(w, pid, 'old', { kind: 'path', path: old.value.path });
  return goTo(w, pid, 'lock_dir');
}

function lockDirStep(w: MWorld, pid: Pid): SysResult | null {
  const task = rTask(w, pid);
  const locks = dirLock(w, pid);
  for (const l of locks) lock(w, pid, l);
  const inf = inflightOf(w, pid);
  const pending = { ...target(w, pid), trailingSlash: inf?.data['slash'] === true };
  const created = filenameCreateLocked(w, pending, { isDir: false });
  const refused = !created.ok
    ? created.errno
    : inf?.refs['old'] === undefined
      ? 'EXDEV'
      : linkCheckUnlocked(w, task, held(w, pid, 'old', 'path').path, created.value);
  if (refused !== null) return unwindWithErrno(w, pid, refused);
  // 'link-nlink-lost-update' reads i_nlink now, before inode_lock, for the link step to write + 1.
  if (hasBug(kernelOf(w), 'link-nlink-lost-update')) {
    const ino = rDentry(w, held(w, pid, 'old', 'path').path.dentry).d_inode;
    setData(w, pid, 'nlink', ino === null ? null : rInode(w, ino).i_nlink);
  }
  // The seeded bug decides now, before inode_lock, and never looks again.
  if (hasBug(kernelOf(w), 'relink-no-recheck')) {
    setData(w, pid, 'decided', linkCheckLocked(w, rTask(w, pid), held(w, pid, 'old', 'path').path, target(w, pid)));
  }
  return goTo(w, pid, 'link');
}

function linkStep(w: MWorld, pid: Pid): SysResult | null {
  const old = held(w, pid, 'old', 'path').path;
  const t = target(w, pid);
  const decided = inflightOf(w, pid)?.data['decided'];
  const refused = hasBug(kernelOf(w), 'relink-no-recheck')
    ? ((decided ?? null) as ReturnType<typeof linkCheckLocked>)
    : linkCheckLocked(w, rTask(w, pid), old, t);
  const taken = dChild(rDentry(w, t.dir.dentry), t.last);
  if (refused !== null) decideErrno(w, pid, refused);
  // ext4_add_entry → ext4_find_dest_de: the name appeared meanwhile (only without the dir lock).
  else if (taken !== undefined && rDentry(w, taken).d_inode !== null) decideErrno(w, pid, 'EEXIST');
  else {
    doLink(w, old, t);
    const read = inflightOf(w, pid)?.data['nlink'];
    const ino = rDentry(w, old.dentry).d_inode;
    if (typeof read === 'number' && ino !== null) setNlink(w, ino, read + 1); // the lost update
  }
  return goTo(w, pid, 'unlock');
}

function unlockStep(w: MWorld, pid: Pid): SysResult {
  unlockAll(w, pid);
  const errno = inflightOf(w, pid)?.errno ?? null;
  release(w, pid, 'new');
  release(w, pid, 'old');
  return errno === null ? endInflight(w, pid, ok(0)) : endInflight(w, pid, fail(errno));
}

export const LINKAT: SplitCall = {
  first: 'lookup',
  steps: {
    lookup: {
      doc: 'fs/namei.c: do_linkat → filename_lookup(old), filename_parentat(new); no locks, both paths held',
      takes: NO_LOCKS,
      run: lookupStep,
    },
    lock_dir: {
      doc: 'fs/namei.c: filename_create → inode_lock_nested(dir, I_MUTEX_PARENT), lookup_one_qstr_excl; do_linkat, vfs_link checks before inode_lock(inode)',
      takes: dirLock,
      run: lockDirStep,
    },
    link: {
      doc: 'fs/namei.c: vfs_link → inode_lock(inode), i_nlink and relink_dir checked again, ->relink or ->link, inode_unlock(inode)',
      takes: NO_LOCKS,
      run: linkStep,
    },
    unlock: {
      doc: 'fs/namei.c: done_path_create → inode_unlock(dir), path_put(new); path_put(old)',
      takes: NO_LOCKS,
      run: unlockStep,
    },
  },
};
