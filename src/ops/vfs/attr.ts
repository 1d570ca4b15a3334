/**
 * fs/attr.c: changing an inode's owner, group and mode — notify_change with its checks
 * (may_setattr, setattr_prepare) and its copy (setattr_copy), as every modelled file system's
 * ->setattr runs them (ext4_setattr, btrfs_setattr, shmem_setattr). Times are not modelled: a
 * change of times is only its permission check (ATTR_TOUCH, ATTR_TIMES_SET). Security modules'
 * hooks (security_inode_killpriv and file capabilities) are not modelled.
 */
import { CAP_CHOWN, CAP_FSETID } from '../../model/cred.js';
import type { Errno } from '../../model/errno.js';
import { ModelBug, Unmodelled } from '../../model/errors.js';
import type { InodeId } from '../../model/ids.js';
import { S_APPEND, S_IMMUTABLE, type Inode } from '../../model/inode.js';
import { S_ISGID, S_ISUID } from '../../model/modes.js';
import type { Task } from '../../model/task.js';
import { capable, capableWrtInode, inGroupP, inodeOwnerOrCapable } from './cred.js';
import { truncateData } from './pagecache.js';
import { MAY_WRITE, inodePermission } from './permission.js';
import { inodeOf, rInode, rSb, type MWorld } from './world-draft.js';

const S_IXGRP = 0o010;
const S_IALLUGO = 0o7777;

/** include/linux/fs.h: struct iattr, the parts the model keeps. */
export interface IAttr {
  /** ATTR_UID: the new owner. */
  readonly uid?: number;
  /** ATTR_GID: the new group. */
  readonly gid?: number;
  /** ATTR_MODE: the new mode, file type bits included. */
  readonly mode?: number;
  /** ATTR_KILL_SUID / ATTR_KILL_SGID: drop the set-id bits if set (chown, write, truncate). */
  readonly killSuid?: boolean;
  readonly killSgid?: boolean;
  /** ATTR_TIMES_SET: explicit times (owner or CAP_FOWNER). */
  readonly timesSet?: boolean;
  /** ATTR_TOUCH: times set to now (owner, CAP_FOWNER, or write permission). */
  readonly touch?: boolean;
  /** ATTR_FORCE: no permission checks (file_remove_privs after a write the task may make). */
  readonly force?: boolean;
}

/** fs/inode.c: in_group_or_capable — may a task keep S_ISGID on a file of group `gid`? */
export function inGroupOrCapable(task: Task, inode: Inode, gid: number): boolean {
  return inGroupP(task.cred, gid) || capableWrtInode(task, inode, CAP_FSETID);
}

/** fs/attr.c: setattr_should_drop_sgid — S_ISGID goes when group-executable or not the task's to keep. */
export function shouldDropSgid(task: Task, inode: Inode): boolean {
  if ((inode.i_mode & S_ISGID) === 0) return false;
  if ((inode.i_mode & S_IXGRP) !== 0) return true;
  return !inGroupOrCapable(task, inode, inode.i_gid);
}

/**
 * fs/attr.c: setattr_should_drop_suidgid — what a write or truncate by `task` drops: S_ISUID
 * always, S_ISGID as above; nothing for a task with CAP_FSETID or a file that is not regular.
 */
export function shouldDropSuidgid(task: Task, inode: Inode): { suid: boolean; sgid: boolean } | null {
  const suid = (inode.i_mode & S_ISUID) !== 0;
  const sgid = shouldDropSgid(task, inode);
  if (!(suid || sgid) || capable(task, CAP_FSETID) || inode.type !== 'reg') return null;
  return { suid, sgid };
}

/** fs/attr.c: chown_ok — the owner may "change" the owner to itself; CAP_CHOWN anything. */
function chownOk(task: Task, inode: Inode, uid: number): boolean {
  if (task.cred.fsuid === inode.i_uid && uid === inode.i_uid) return true;
  return capableWrtInode(task, inode, CAP_CHOWN);
}

/** fs/attr.c: chgrp_ok — the owner may give the file its group or one of the owner's groups. */
function chgrpOk(task: Task, inode: Inode, gid: number): boolean {
  if (task.cred.fsuid === inode.i_uid && (gid === inode.i_gid || inGroupP(task.cred, gid))) return true;
  return capableWrtInode(task, inode, CAP_CHOWN);
}

/** fs/attr.c: may_setattr — an immutable or append-only inode keeps its attributes. */
function maySetattr(task: Task, inode: Inode, a: IAttr): Errno | null {
  const sticky = (inode.i_flags & (S_IMMUTABLE | S_APPEND)) !== 0;
  if (sticky && (a.mode !== undefined || a.uid !== undefined || a.gid !== undefined || a.timesSet === true)) {
    return 'EPERM';
  }
  if (a.touch === true) {
    if ((inode.i_flags & S_IMMUTABLE) !== 0) return 'EPERM';
    if (!inodeOwnerOrCapable(task, inode)) {
      const perm = inodePermission(task, inode, MAY_WRITE);
      if (perm !== 'ok') return perm;
    }
  }
  return null;
}

/** fs/attr.c: setattr_prepare — the owner, group, mode and times checks (EPERM); may clear S_ISGID. */
function setattrPrepare(task: Task, inode: Inode, a: IAttr): { errno: Errno } | { mode: number | undefined } {
  if (a.uid !== undefined && !chownOk(task, inode, a.uid)) return { errno: 'EPERM' };
  if (a.gid !== undefined && !chgrpOk(task, inode, a.gid)) return { errno: 'EPERM' };
  let mode = a.mode;
  if (mode !== undefined) {
    if (!inodeOwnerOrCapable(task, inode)) return { errno: 'EPERM' };
    if (!inGroupOrCapable(task, inode, a.gid ?? inode.i_gid)) mode &= ~S_ISGID;
  }
  if (a.timesSet === true && !inodeOwnerOrCapable(task, inode)) return { errno: 'EPERM' };
  return { mode };
}

/**
 * fs/attr.c: notify_change → ->setattr (setattr_prepare, setattr_copy). The kill bits become a
 * mode change only when the bit is set; then the owner and group change, and last the mode, whose
 * S_ISGID setattr_copy drops again unless the task may keep it for the inode's (new) group.
 */
export function notifyChange(w: MWorld, task: Task, ino: InodeId, attr: IAttr): Errno | null {
  const inode = rInode(w, ino);
  const denied = maySetattr(task, inode, attr);
  if (denied !== null) return denied;
  // A symlink's mode is never changed (chmod through an O_PATH descriptor's /proc link).
  if (attr.mode !== undefined && inode.type === 'symlink') return 'EOPNOTSUPP';
  let a = attr;
  if (a.killSuid === true && (inode.i_mode & S_ISUID) !== 0) a = { ...a, mode: inode.i_mode & ~S_ISUID };
  if (a.killSgid === true && (inode.i_mode & S_ISGID) !== 0) a = { ...a, mode: (a.mode ?? inode.i_mode) & ~S_ISGID };
  const prepared = a.force === true ? { mode: a.mode } : setattrPrepare(task, inode, a);
  if ('errno' in prepared) return prepared.errno;
  const i = inodeOf(w, ino);
  if (a.uid !== undefined) i.i_uid = a.uid;
  if (a.gid !== undefined) i.i_gid = a.gid;
  if (prepared.mode !== undefined) {
    const keep = inGroupOrCapable(task, i, i.i_gid);
    i.i_mode = keep ? prepared.mode : prepared.mode & ~S_ISGID;
  }
  return null;
}

/**
 * fs/inode.c: __file_remove_privs → dentry_needs_remove_privs → __remove_privs — before a write
 * puts bytes into a regular file, notify_change with ATTR_FORCE and the kill bits
 * setattr_should_drop_suidgid chooses for `task`: the writer, whatever credentials opened the file.
 * Every modelled file system's ->write_iter calls it only once generic_write_checks left something
 * to write (a write of 0 bytes, or one refused with EFBIG, drops nothing).
 */
export function fileRemovePrivs(w: MWorld, task: Task, ino: InodeId): void {
  const inode = rInode(w, ino);
  const kill = shouldDropSuidgid(task, inode);
  if (kill === null) return;
  // ext4_setattr refuses ATTR_MODE on an append-only inode, so there the write fails with EPERM;
  // btrfs and shmem drop the bits. No modelled call sets S_APPEND (chattr's ioctl is not modelled).
  if ((inode.i_flags & S_APPEND) !== 0) throw new Unmodelled('a write dropping set-id bits of an append-only file');
  const err = notifyChange(w, task, ino, { force: true, killSuid: kill.suid, killSgid: kill.sgid });
  // may_setattr refuses nothing here: the kill bits become a mode change after it.
  if (err !== null) throw new ModelBug(`file_remove_privs refused with ${err}`);
}

/**
 * fs/open.c: do_truncate — one notify_change with ATTR_SIZE and, as dentry_needs_remove_privs
 * says for `task`, the kill bits and ATTR_FORCE: a truncation by a task without CAP_FSETID drops
 * set-id bits even when the size does not change. The callers have made its checks
 * (inode_newsize_ok's EFBIG among them): from here it cannot fail. Data past the new size goes,
 * growth is a hole.
 */
export function doTruncate(w: MWorld, task: Task, ino: InodeId, length: number): void {
  fileRemovePrivs(w, task, ino);
  const i = inodeOf(w, ino);
  i.i_data = truncateData(i.i_data, length, rSb(w, i.i_sb).s_blocksize);
  i.i_size = length;
}

/** fs/open.c: chmod_common's new mode: the permission bits asked, the file type kept. */
export function chmodMode(inode: Inode, mode: number): number {
  return (mode & S_IALLUGO) | (inode.i_mode & ~S_IALLUGO);
}
