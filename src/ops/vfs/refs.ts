/**
 * Reference and link counts change only here: the kernel's get/put pairs (fs/inode.c, fs/dcache.c,
 * fs/namespace.c, fs/file_table.c). A put that reaches zero frees the object the way the kernel does.
 */
import type { DentryId, FileId, InodeId, MountId, SuperBlockId } from '../../model/ids.js';
import { I_LINKABLE } from '../../model/inode.js';
import type { Path } from '../../model/mount.js';
import { FMODE_READ, FMODE_WRITE } from '../../model/file.js';
import { ModelBug } from '../../model/errors.js';
import { dentryOf, fileOf, inodeOf, mountOf, rInode, sbOf, type MWorld } from './world-draft.js';
import { dropRecord } from './touch-log.js';
import { FS_TYPES } from '../../model/fstype.js';
import { dChild } from './d-children.js';
import { ownField } from './own-field.js';

/** fs/inode.c: ihold — take a reference on an inode already in use. */
export function ihold(w: MWorld, ino: InodeId): void {
  const inode = inodeOf(w, ino);
  if (inode.i_count < 1) throw new ModelBug(`ihold on inode ${ino} with i_count ${inode.i_count}`);
  inode.i_count++;
}

/**
 * fs/inode.c: iput — drop a reference; the final iput of an inode with i_nlink 0 evicts it
 * (iput_final → evict), which takes it off the orphan list (ext4_evict_inode → ext4_orphan_del)
 * and frees its number for reuse.
 */
export function iput(w: MWorld, ino: InodeId): void {
  const inode = inodeOf(w, ino);
  if (inode.i_count < 1) throw new ModelBug(`iput on inode ${ino} with i_count ${inode.i_count}`);
  inode.i_count--;
  if (inode.i_count > 0) return;
  if (inode.i_nlink === 0) evict(w, ino);
}

function evict(w: MWorld, ino: InodeId): void {
  const inode = inodeOf(w, ino);
  const sb = sbOf(w, inode.i_sb);
  orphanDel(w, ino);
  insertSorted(ownField(sb, 's_free_inos'), inode.i_ino);
  dropRecord(w.inodes, ino);
}

/** Keeps the free list ascending (the allocator takes its head) without re-sorting it per free. */
function insertSorted(list: number[], n: number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] ?? 0) < n) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, n);
}

/** fs/ext4/orphan.c: ext4_orphan_add / btrfs_orphan_add — only file systems that keep orphans. */
export function orphanAdd(w: MWorld, ino: InodeId): void {
  const inode = inodeOf(w, ino);
  const sb = sbOf(w, inode.i_sb);
  if (!FS_TYPES[sb.s_type].orphans) return;
  if (sb.s_orphans.includes(ino)) return; // ext4_orphan_add: already on the list is a no-op
  ownField(sb, 's_orphans').push(ino);
}

/** fs/ext4/orphan.c: ext4_orphan_del / btrfs_orphan_del. */
export function orphanDel(w: MWorld, ino: InodeId): void {
  const inode = inodeOf(w, ino);
  const sb = sbOf(w, inode.i_sb);
  const i = sb.s_orphans.indexOf(ino);
  if (i >= 0) ownField(sb, 's_orphans').splice(i, 1);
}

/**
 * fs/inode.c: inc_nlink — warns when raising a zero count of an inode that is not I_LINKABLE. The
 * relink series raises i_nlink from 0 on purpose and says so with `relink`.
 */
export function incNlink(w: MWorld, ino: InodeId, opts: { relink?: boolean } = {}): void {
  const inode = inodeOf(w, ino);
  if (inode.i_nlink === 0 && (inode.i_state & I_LINKABLE) === 0 && opts.relink !== true) {
    throw new ModelBug(`inc_nlink of inode ${ino} at i_nlink 0 without I_LINKABLE`);
  }
  inode.i_nlink++;
}

/** fs/inode.c: drop_nlink — warns on zero. */
export function dropNlink(w: MWorld, ino: InodeId): void {
  const inode = inodeOf(w, ino);
  if (inode.i_nlink === 0) throw new ModelBug(`drop_nlink of inode ${ino} at i_nlink 0`);
  inode.i_nlink--;
}

/** fs/inode.c: set_nlink (only seeded bugs use it: the model's file systems count with inc/drop). */
export function setNlink(w: MWorld, ino: InodeId, n: number): void {
  inodeOf(w, ino).i_nlink = n;
}

/** fs/inode.c: clear_nlink. */
export function clearNlink(w: MWorld, ino: InodeId): void {
  inodeOf(w, ino).i_nlink = 0;
}

/** include/linux/dcache.h: dget. */
export function dget(w: MWorld, d: DentryId): void {
  dentryOf(w, d).d_count++;
}

/**
 * fs/dcache.c: dput — drop a reference; an unused dentry that is unhashed or negative is killed
 * (dentry_kill → __dentry_kill), which releases its inode (iput) and its parent (dput). Hashed
 * positive dentries stay cached: in the model the cache is the directory.
 */
export function dput(w: MWorld, d: DentryId): void {
  let cur: DentryId | null = d;
  while (cur !== null) {
    const dentry = dentryOf(w, cur);
    if (dentry.d_count < 1) throw new ModelBug(`dput on dentry ${cur} with d_count ${dentry.d_count}`);
    dentry.d_count--;
    if (dentry.d_count > 0) return;
    const isRoot = dentry.d_parent === cur;
    if (!dentry.d_unhashed && dentry.d_inode !== null) return;
    if (isRoot && !dentry.d_unhashed) return;
    cur = dentryKill(w, cur);
  }
}

/** fs/dcache.c: __dentry_kill — returns the parent to dput next, or null. */
function dentryKill(w: MWorld, d: DentryId): DentryId | null {
  const dentry = dentryOf(w, d);
  const parentId = dentry.d_parent;
  if (!dentry.d_unhashed && parentId !== d) {
    const parent = dentryOf(w, parentId);
    if (dChild(parent, dentry.d_name) === d) delete ownField(parent, 'd_children')[dentry.d_name];
  }
  const ino = dentry.d_inode;
  dropRecord(w.dentries, d);
  if (ino !== null) iput(w, ino);
  return parentId === d ? null : parentId;
}

/** fs/namespace.c: mntget. */
export function mntget(w: MWorld, m: MountId): void {
  mountOf(w, m).mnt_count++;
}

/**
 * fs/namespace.c: mntput → mntput_no_expire — the last reference of a detached mount frees it
 * (cleanup_mnt): its root dentry is released and the superblock deactivated.
 */
export function mntput(w: MWorld, m: MountId): void {
  const mnt = mountOf(w, m);
  if (mnt.mnt_count < 1) throw new ModelBug(`mntput on mount ${m} with mnt_count ${mnt.mnt_count}`);
  mnt.mnt_count--;
  if (mnt.mnt_count > 0) return;
  if (mnt.mnt_ns !== null) throw new ModelBug(`mount ${m} reached mnt_count 0 while attached`);
  const sb = mnt.mnt_sb;
  const root = mnt.mnt_root;
  dropRecord(w.mounts, m);
  dput(w, root);
  deactivateSuper(w, sb);
}

/** fs/super.c: deactivate_super — the last active reference shuts the superblock down. */
function deactivateSuper(w: MWorld, s: SuperBlockId): void {
  const sb = sbOf(w, s);
  if (sb.s_active < 1) throw new ModelBug(`deactivate_super on sb ${s} with s_active ${sb.s_active}`);
  sb.s_active--;
  if (sb.s_active > 0) return;
  genericShutdownSuper(w, s);
}

/**
 * fs/super.c: generic_shutdown_super — shrink the dcache and evict every inode. By now nothing but
 * the cache holds them, or a reference was leaked, which the checker's ledger reports.
 */
function genericShutdownSuper(w: MWorld, s: SuperBlockId): void {
  const sb = sbOf(w, s);
  if (sb.s_relink_dir !== null) {
    const rd = sb.s_relink_dir;
    sb.s_relink_dir = null;
    dput(w, rd);
  }
  for (const [id, d] of Object.entries(w.dentries)) {
    if (d.d_sb === s) dropRecord(w.dentries, Number(id));
  }
  for (const [id, i] of Object.entries(w.inodes)) {
    if (i.i_sb === s) dropRecord(w.inodes, Number(id));
  }
  dropRecord(w.superblocks, s);
}

/** fs/namei.c: path_get / path_put. */
export function pathGet(w: MWorld, p: Path): void {
  mntget(w, p.mnt);
  dget(w, p.dentry);
}

export function pathPut(w: MWorld, p: Path): void {
  dput(w, p.dentry);
  mntput(w, p.mnt);
}

/** include/linux/fs.h: get_file. */
export function fget(w: MWorld, f: FileId): void {
  fileOf(w, f).f_count++;
}

/**
 * fs/file_table.c: fput → __fput — the last reference releases the file: fifo ends go
 * (fs/pipe.c: pipe_release, the buffer is freed with the last end), then the path.
 */
export function fput(w: MWorld, f: FileId): void {
  const file = fileOf(w, f);
  if (file.f_count < 1) throw new ModelBug(`fput on file ${f} with f_count ${file.f_count}`);
  file.f_count--;
  if (file.f_count > 0) return;
  // Only a fifo's inode changes (its pipe's ends): another's is read, not taken writable.
  const inode = rInode(w, file.f_inode).i_pipe === null ? null : inodeOf(w, file.f_inode);
  if (inode !== null && inode.i_pipe !== null) {
    const pipe = ownField(inode, 'i_pipe');
    if (pipe === null) throw new ModelBug('a fifo inode lost its pipe');
    if (file.f_mode & FMODE_READ) pipe.readers--;
    if (file.f_mode & FMODE_WRITE) pipe.writers--;
    if (pipe.readers === 0 && pipe.writers === 0) inode.i_pipe = null;
  }
  const path = { mnt: file.f_path.mnt, dentry: file.f_path.dentry };
  dropRecord(w.files, f);
  pathPut(w, path);
}
