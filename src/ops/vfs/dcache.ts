/** fs/dcache.c and fs/inode.c allocation helpers: dentries and inodes come into being only here. */
import type { DentryId, InodeId, SuperBlockId } from '../../model/ids.js';
import type { InodeType } from '../../model/modes.js';
import { typeBits } from '../../model/modes.js';
import { FS_TYPES } from '../../model/fstype.js';
import { ModelBug } from '../../model/errors.js';
import { dget, dput } from './refs.js';
import { dChild, noChildren } from './d-children.js';
import { dentryOf, sbOf, type MWorld } from './world-draft.js';
import { putRecord } from './touch-log.js';
import { ownField } from './own-field.js';

export interface NewInodeArgs {
  readonly type: InodeType;
  /** Permission bits only; the type bits come from `type`. */
  readonly perm: number;
  readonly uid: number;
  readonly gid: number;
  readonly subvol?: number;
}

/**
 * fs/inode.c: new_inode plus the file system's inode init (ext4_new_inode, shmem_get_inode): the
 * new inode has i_count 1 (the caller's) and i_nlink 1 (2 for a directory: "." and its name),
 * except that btrfs directories count 1.
 */
export function newInode(w: MWorld, s: SuperBlockId, a: NewInodeArgs): InodeId {
  const sb = sbOf(w, s);
  const fs = FS_TYPES[sb.s_type];
  let i_ino: number;
  const reused = sb.s_free_inos.length > 0 ? ownField(sb, 's_free_inos').shift() : undefined;
  if (reused !== undefined) i_ino = reused;
  else i_ino = sb.s_next_ino++;
  const id = w.next.inode++ as InodeId;
  const dirLinks = fs.dirNlinkCountsSubdirs ? 2 : 1;
  putRecord(w.inodes, id, {
    id,
    i_sb: s,
    i_ino,
    type: a.type,
    i_mode: typeBits(a.type) | (a.perm & 0o7777),
    i_uid: a.uid,
    i_gid: a.gid,
    i_nlink: a.type === 'dir' ? dirLinks : 1,
    i_count: 1,
    i_state: 0,
    i_flags: 0,
    i_size: 0,
    i_data: [],
    i_link: null,
    i_pipe: null,
    i_subvol: a.subvol ?? 0,
  });
  return id;
}

/** fs/dcache.c: d_alloc — a negative, unhashed child holding a reference on its parent. */
export function dAlloc(w: MWorld, parent: DentryId, name: string): DentryId {
  const p = dentryOf(w, parent);
  const id = w.next.dentry++ as DentryId;
  dget(w, parent);
  putRecord(w.dentries, id, {
    id,
    d_sb: p.d_sb,
    d_name: name,
    d_parent: parent,
    d_inode: null,
    d_count: 1,
    d_unhashed: true,
    d_children: noChildren(),
    d_seq: id,
  });
  return id;
}

/** A superblock's root dentry (d_make_root): its own parent, hashed, taking the inode reference. */
export function dMakeRoot(w: MWorld, s: SuperBlockId, ino: InodeId): DentryId {
  const id = w.next.dentry++ as DentryId;
  putRecord(w.dentries, id, {
    id,
    d_sb: s,
    d_name: '/',
    d_parent: id,
    d_inode: ino,
    d_count: 1,
    d_unhashed: false,
    d_children: noChildren(),
    d_seq: id,
  });
  return id;
}

/** fs/dcache.c: d_instantiate — attach the inode; the dentry takes over the caller's reference. */
export function dInstantiate(w: MWorld, d: DentryId, ino: InodeId): void {
  const dentry = dentryOf(w, d);
  if (dentry.d_inode !== null) throw new ModelBug(`d_instantiate on positive dentry ${d}`);
  dentry.d_inode = ino;
}

/** fs/dcache.c: d_rehash / d_add — make the dentry findable by name in its parent. */
export function dRehash(w: MWorld, d: DentryId): void {
  const dentry = dentryOf(w, d);
  const parent = dentryOf(w, dentry.d_parent);
  if (dChild(parent, dentry.d_name) !== undefined) {
    throw new ModelBug(`d_rehash: name ${dentry.d_name} already hashed in dentry ${parent.id}`);
  }
  ownField(parent, 'd_children')[dentry.d_name] = d;
  dentry.d_unhashed = false;
}

/** fs/dcache.c: __d_drop — unhash, so lookups no longer find it; users keep it. */
export function dDrop(w: MWorld, d: DentryId): void {
  const dentry = dentryOf(w, d);
  if (dentry.d_unhashed) return;
  const parent = dentryOf(w, dentry.d_parent);
  if (dChild(parent, dentry.d_name) === d) delete ownField(parent, 'd_children')[dentry.d_name];
  dentry.d_unhashed = true;
}

/**
 * Create a name: allocate a dentry under `parent`, instantiate it with `ino` (taking over one
 * i_count reference the caller holds) and hash it. The new dentry is cached with no users.
 */
export function dAddName(w: MWorld, parent: DentryId, name: string, ino: InodeId): DentryId {
  const d = dAlloc(w, parent, name);
  dInstantiate(w, d, ino);
  dRehash(w, d);
  dput(w, d); // the cache keeps it (hashed and positive); nobody holds it
  return d;
}

/**
 * fs/dcache.c: d_delete — after the last name of this dentry is removed: with no users the
 * dentry goes away now (its inode reference is dropped), otherwise it is only unhashed and
 * dies with its last user (dput).
 */
export function dDelete(w: MWorld, d: DentryId): void {
  const dentry = dentryOf(w, d);
  dDrop(w, d);
  if (dentry.d_count === 0) {
    // Nobody uses it: kill it now, as the last dput of an unhashed dentry does.
    dget(w, d);
    dput(w, d);
  }
}

/** Move a hashed dentry to a new parent and name (fs/dcache.c: d_move). */
export function dMove(w: MWorld, d: DentryId, newParent: DentryId, newName: string): void {
  const dentry = dentryOf(w, d);
  const oldParent = dentry.d_parent;
  dDrop(w, d);
  dentry.d_name = newName;
  // __d_move: list_move to the head of the new parent's d_subdirs, as if just made.
  dentry.d_seq = w.next.dentry++;
  if (oldParent !== newParent) {
    dget(w, newParent);
    dentry.d_parent = newParent;
    dput(w, oldParent);
  }
  dRehash(w, d);
}
