/**
 * link and linkat: fs/namei.c do_linkat → filename_lookup (old), filename_create (new), the
 * same-mount rule, may_linkat, vfs_link and the file system's ->link (ext4_link, btrfs_link,
 * shmem_link). The relink series hooks into vfs_link's "i_nlink == 0" test (src/cr/relink-file/relink.ts).
 */
import { CAP_DAC_READ_SEARCH } from '../../model/cred.js';
import type { Errno } from '../../model/errno.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_FOLLOW } from '../../model/flags.js';
import { FS_TYPES } from '../../model/fstype.js';
import type { DentryId, Pid } from '../../model/ids.js';
import { I_LINKABLE, S_APPEND, S_IMMUTABLE } from '../../model/inode.js';
import { hasBug } from '../../model/kernel.js';
import type { Path } from '../../model/mount.js';
import type { Task } from '../../model/task.js';
import { dAddName } from '../vfs/dcache.js';
import { filenameCreate, mayCreate, type CreateTarget } from '../vfs/namei-create.js';
import { filenameLookup, LOOKUP_EMPTY, LOOKUP_FOLLOW, LOOKUP_LINKAT_EMPTY } from '../vfs/namei.js';
import { capable } from '../vfs/cred.js';
import { mayLinkat } from '../vfs/protected.js';
import { ihold, incNlink, orphanDel, setNlink } from '../vfs/refs.js';
import { mayRelink } from '../relink/relink-op.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { inodeOf, kernelOf, rDentry, rInode, rSb, rTask, type MWorld, type RWorld } from '../vfs/world-draft.js';
import { ModelBug } from '../../model/errors.js';
import type { Handlers } from './handler.js';

/**
 * What the file system's ->link refuses: ext4_link EMLINK at EXT4_LINK_MAX; btrfs_link EXDEV
 * across subvolumes, then EMLINK at BTRFS_LINK_MAX (the model keeps both limits in s_max_links).
 */
function fsLinkCheck(w: RWorld, inodeNlink: number, sbId: number, dirSubvol: number, subvol: number): Errno | null {
  const sb = rSb(w, sbId);
  if (FS_TYPES[sb.s_type].rootSubvol !== 0 && dirSubvol !== subvol) return 'EXDEV';
  if (sb.s_max_links > 0 && inodeNlink >= sb.s_max_links) return 'EMLINK';
  return null;
}

/**
 * Everything after filename_create that can refuse linking `old` as `target`, in do_linkat's and
 * vfs_link's order: EXDEV across mounts, may_linkat, may_create, EXDEV across superblocks,
 * append-only or immutable (EPERM), directories (EPERM), then under the inode lock an unlinked
 * inode (ENOENT unless I_LINKABLE or, with the relink series, a relink into relink_dir), then the
 * file system's own checks.
 */
export function linkCheck(w: RWorld, task: Task, old: Path, target: CreateTarget): Errno | null {
  return linkCheckUnlocked(w, task, old, target) ?? linkCheckLocked(w, task, old, target);
}

/** linkCheck's part before vfs_link's inode_lock(inode). */
export function linkCheckUnlocked(w: RWorld, task: Task, old: Path, target: CreateTarget): Errno | null {
  if (old.mnt !== target.dir.mnt && !(hasBug(kernelOf(w), 'relink-cross-mount') && isRelink(w, task, old, target))) {
    return 'EXDEV';
  }
  const denied = mayLinkat(w, task, old);
  if (denied !== null) return denied;
  const created = mayCreate(w, task, target.dir.dentry);
  if (created !== null) return created;
  const ino = rDentry(w, old.dentry).d_inode;
  if (ino === null) return 'ENOENT';
  const inode = rInode(w, ino);
  const dirIno = rDentry(w, target.dir.dentry).d_inode;
  if (dirIno === null) return 'ENOENT';
  const dir = rInode(w, dirIno);
  if (dir.i_sb !== inode.i_sb) return 'EXDEV';
  if ((inode.i_flags & (S_APPEND | S_IMMUTABLE)) !== 0) return 'EPERM';
  if (inode.type === 'dir') return 'EPERM';
  return null;
}

/**
 * linkCheck's part under vfs_link's inode_lock(inode): an unlinked inode (ENOENT unless I_LINKABLE
 * or a relink into relink_dir), then the file system's ->link checks. The relink series' rule reads
 * i_nlink and s_relink_dir here, under the lock, so a concurrent unlink or remount cannot slip in.
 */
export function linkCheckLocked(w: RWorld, task: Task, old: Path, target: CreateTarget): Errno | null {
  const ino = rDentry(w, old.dentry).d_inode;
  const dirIno = rDentry(w, target.dir.dentry).d_inode;
  if (ino === null || dirIno === null) return 'ENOENT';
  const inode = rInode(w, ino);
  const unlinked = inode.i_nlink === 0 && (inode.i_state & I_LINKABLE) === 0;
  const resurrects = hasBug(kernelOf(w), 'relink-falls-back-to-link');
  if (unlinked && !mayRelink(w, task, ino, target.dir.dentry) && !resurrects) return 'ENOENT';
  return fsLinkCheck(w, inode.i_nlink, inode.i_sb, rInode(w, dirIno).i_subvol, inode.i_subvol);
}

/** Is this link the relink series' relink (an unlinked, non-I_LINKABLE inode)? */
function isRelink(w: RWorld, task: Task, old: Path, target: CreateTarget): boolean {
  const ino = rDentry(w, old.dentry).d_inode;
  if (ino === null) return false;
  const inode = rInode(w, ino);
  return inode.i_nlink === 0 && (inode.i_state & I_LINKABLE) === 0 && mayRelink(w, task, ino, target.dir.dentry);
}

/**
 * The link itself: the file system's ->link (or, for the relink series, the file's ->relink, which
 * is the same with I_LINKABLE set for the duration: generic_relink). i_nlink 0 → 1 takes the inode
 * off the orphan list (__ext4_link, btrfs_link: "only for a tmpfile linked the first time"); then
 * vfs_link clears I_LINKABLE. Returns the new dentry.
 */
export function doLink(w: MWorld, old: Path, target: CreateTarget): DentryId {
  const ino = rDentry(w, old.dentry).d_inode;
  if (ino === null) throw new ModelBug('doLink: negative old dentry');
  const inode = inodeOf(w, ino);
  const relink = inode.i_nlink === 0 && (inode.i_state & I_LINKABLE) === 0;
  const bugs = kernelOf(w);
  // Seeded bug: set_nlink(inode, 1) to quiet inc_nlink's warning, then ->link counts it again.
  if (relink && hasBug(bugs, 'relink-double-count')) setNlink(w, ino, 1);
  // 'relink-falls-back-to-link' gets here with an unlinked inode outside relink_dir too: ->link's
  // inc_nlink warns (WARN_ON, not modelled) and raises the count all the same.
  incNlink(w, ino, { relink });
  if (inode.i_nlink === 1 && !(relink && hasBug(bugs, 'relink-keeps-orphan'))) orphanDel(w, ino);
  if (relink && inode.type === 'fifo' && inode.i_pipe !== null && hasBug(bugs, 'fifo-relink-drops-buffer')) {
    inode.i_pipe = { ...inode.i_pipe, buf: '' };
  }
  // Seeded bug: the relink returns before vfs_link's tail, keeping the I_LINKABLE generic_relink set.
  if (relink && hasBug(bugs, 'relink-leaves-linkable')) inode.i_state |= I_LINKABLE;
  else inode.i_state &= ~I_LINKABLE;
  ihold(w, ino); // the new dentry's reference (d_instantiate)
  return dAddName(w, target.dir.dentry, target.last, ino);
}

/**
 * do_linkat's lookup flags for the old name, by the kernel's AT_EMPTY_PATH rule
 * (KernelConfig.linkatEmptyPath): 6.1 answers "To use null names we require CAP_DAC_READ_SEARCH"
 * with ENOENT before the lookup; from 6.10 path_init asks instead (LOOKUP_LINKAT_EMPTY).
 */
export function linkatLookupFlags(w: RWorld, task: Task, flags: number): number | 'ENOENT' {
  const how = (flags & AT_SYMLINK_FOLLOW) !== 0 ? LOOKUP_FOLLOW : 0;
  if ((flags & AT_EMPTY_PATH) === 0) return how;
  switch (kernelOf(w).linkatEmptyPath) {
    case 'capable':
      return capable(task, CAP_DAC_READ_SEARCH) ? how | LOOKUP_EMPTY : 'ENOENT';
    case 'opener-cred':
      return how | LOOKUP_EMPTY | LOOKUP_LINKAT_EMPTY;
  }
}

/** fs/namei.c: do_linkat. */
function doLinkat(
  w: MWorld,
  pid: Pid,
  olddfd: number,
  oldname: string,
  newdfd: number,
  newname: string,
  flags: number,
): SysResult {
  if ((flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) !== 0) return fail('EINVAL');
  const task = rTask(w, pid);
  const how = linkatLookupFlags(w, task, flags);
  if (how === 'ENOENT') return fail(how);
  const old = filenameLookup(w, task, olddfd, oldname, how);
  if (!old.ok) return fail(old.errno);
  const target = filenameCreate(w, task, newdfd, newname, { isDir: false });
  if (!target.ok) return fail(target.errno);
  // A /proc entry or magic link that was not followed is on procfs: another mount.
  if (old.value.kind !== 'path') return fail('EXDEV');
  const refused = linkCheck(w, task, old.value.path, target.value);
  if (refused !== null) return fail(refused);
  doLink(w, old.value.path, target.value);
  return ok(0);
}

export function sys_link(w: MWorld, pid: Pid, sc: SyscallOf<'link'>): SysResult {
  return doLinkat(w, pid, AT_FDCWD, sc.oldpath, AT_FDCWD, sc.newpath, 0);
}

export function sys_linkat(w: MWorld, pid: Pid, sc: SyscallOf<'linkat'>): SysResult {
  return doLinkat(w, pid, sc.olddirfd, sc.oldpath, sc.newdirfd, sc.newpath, sc.flags);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const LINK_CALLS: Handlers<'link' | 'linkat'> = {
  link: sys_link,
  linkat: sys_linkat,
};
