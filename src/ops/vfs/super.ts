/** fs/super.c and fs/namespace.c helpers: make a file system and mount it. */
import type { DentryId, MntNsId, MountId, SuperBlockId } from '../../model/ids.js';
import type { FsTypeName } from '../../model/fstype.js';
import { defaultBlocksize, FS_TYPES } from '../../model/fstype.js';
import { dMakeRoot, newInode } from './dcache.js';
import { dget, dput, mntget } from './refs.js';
import { ModelBug } from '../../model/errors.js';
import { mountOf, sbOf, type MWorld } from './world-draft.js';
import { putRecord } from './touch-log.js';
import { ownField } from './own-field.js';

/**
 * The device the root file system is mounted from. A mount(2) of it again gets the same
 * superblock (sget); the executor maps the name to the device the trace's root really is on.
 */
export const ROOT_DEVICE = '/dev/root';

export interface MkfsOptions {
  readonly type: FsTypeName;
  readonly rootPerm?: number;
  readonly options?: string;
  readonly readOnly?: boolean;
  /** sb->s_blocksize, one of the type's blocksizes; its default (mkfs without -b) when absent. */
  readonly blocksize?: number;
}

/**
 * A fresh file system: the superblock (sget + fill_super) with its root inode and dentry. The
 * root dentry starts with no users; the first mount takes one (mnt_root), and s_active counts
 * mounts.
 */
export function mkfs(w: MWorld, o: MkfsOptions): SuperBlockId {
  const fs = FS_TYPES[o.type];
  const blocksize = o.blocksize ?? defaultBlocksize(o.type);
  if (!fs.blocksizes.includes(blocksize)) throw new ModelBug(`${o.type} cannot have ${blocksize}-byte blocks`);
  const id = w.next.sb++ as SuperBlockId;
  const dev = w.next.dev++;
  putRecord(w.superblocks, id, {
    id,
    s_type: o.type,
    s_root: -1 as DentryId,
    s_active: 0,
    s_flags: o.readOnly === true ? 1 : 0,
    s_max_links: fs.s_max_links,
    s_blocksize: blocksize,
    s_orphans: [],
    s_next_ino: fs.rootIno,
    s_free_inos: [],
    s_relink_dir: null,
    s_options: o.options ?? '',
    s_dev: dev,
  });
  const root = newInode(w, id, {
    type: 'dir',
    perm: o.rootPerm ?? 0o755,
    uid: 0,
    gid: 0,
    subvol: fs.rootSubvol,
  });
  const sb = sbOf(w, id);
  sb.s_next_ino = fs.firstIno;
  const rootDentry = dMakeRoot(w, id, root);
  sb.s_root = rootDentry;
  dput(w, rootDentry); // nobody uses the root until the first mount (a hashed root stays cached)
  return id;
}

/**
 * fs/namespace.c: vfs_create_mount / clone_mnt — a new mount of `sb` rooted at `root` with
 * mnt_count 0; attachMount or the namespace gives it its first reference.
 */
export function allocMount(w: MWorld, sb: SuperBlockId, root: DentryId, flags: number, devname: string): MountId {
  const id = w.next.mount++ as MountId;
  const mnt_id = w.next.mnt_id++;
  dget(w, root);
  // Through the accessor, as every write: the copy-on-write step and the touch log see it.
  if (w.superblocks[sb] !== undefined) sbOf(w, sb).s_active++;
  putRecord(w.mounts, id, {
    id,
    mnt_id,
    mnt_sb: sb,
    mnt_root: root,
    mnt_parent: id,
    mnt_mountpoint: root,
    mnt_flags: flags,
    mnt_count: 0,
    mnt_ns: null,
    mnt_mounts: [],
    mnt_devname: devname,
  });
  return id;
}

/**
 * fs/namespace.c: attach_mnt / mnt_set_mountpoint — hang `child` on (parent, mountpoint): the
 * tree holds the child (one mnt_count), the child holds its parent and its mountpoint dentry.
 */
export function attachMount(w: MWorld, child: MountId, parent: MountId, mountpoint: DentryId, ns: MntNsId): void {
  const c = mountOf(w, child);
  c.mnt_parent = parent;
  c.mnt_mountpoint = mountpoint;
  c.mnt_ns = ns;
  mntget(w, child);
  mntget(w, parent);
  dget(w, mountpoint);
  ownField(mountOf(w, parent), 'mnt_mounts').push(child);
}

/** Make `mnt` the root of a new namespace: the namespace holds it. */
export function makeNamespaceRoot(w: MWorld, mnt: MountId): MntNsId {
  const ns = w.next.mntns++ as MntNsId;
  const m = mountOf(w, mnt);
  m.mnt_ns = ns;
  mntget(w, mnt);
  putRecord(w.mntns, ns, { id: ns, root: mnt, count: 0 });
  return ns;
}
