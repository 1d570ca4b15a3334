/**
 * fs/namespace.c: the mount tree of a namespace — walk it, copy it, take it apart. The model has no
 * mount propagation (every mount is private), so umount_tree and copy_tree are their private cases.
 */
import type { DentryId, MntNsId, MountId, SuperBlockId } from '../../model/ids.js';
import { FMODE_PATH, FMODE_WRITE } from '../../model/file.js';
import { MNT_READONLY, type Path } from '../../model/mount.js';
import { SB_RDONLY } from '../../model/superblock.js';
import type { Task } from '../../model/task.js';
import { allocMount, attachMount, makeNamespaceRoot } from './super.js';
import { dput, mntput } from './refs.js';
import { ModelBug } from '../../model/errors.js';
import { mountOf, mntnsOf, rDentry, rInode, rMount, rSb, type MWorld, type RWorld } from './world-draft.js';
import { dropRecord } from './touch-log.js';
import { ownField } from './own-field.js';

/** fs/namespace.c: check_mnt — the mount belongs to the caller's namespace. */
export function checkMnt(w: RWorld, task: Task, mnt: MountId): boolean {
  return rMount(w, mnt).mnt_ns === task.mnt_ns;
}

/** fs/mount.h: mnt_has_parent — attached below another mount (not a namespace root, not detached). */
export function mntHasParent(w: RWorld, mnt: MountId): boolean {
  return rMount(w, mnt).mnt_parent !== mnt;
}

/** fs/namespace.c: next_mnt — `root` and every mount below it, parents before children. */
function mountSubtree(w: RWorld, root: MountId): MountId[] {
  const out: MountId[] = [];
  const visit = (m: MountId): void => {
    out.push(m);
    for (const c of rMount(w, m).mnt_mounts) visit(c);
  };
  visit(root);
  return out;
}

/** fs/dcache.c: is_subdir — `d` is `ancestor` or lies below it. */
export function isSubdir(w: RWorld, d: DentryId, ancestor: DentryId): boolean {
  let cur = d;
  for (;;) {
    if (cur === ancestor) return true;
    const parent = rDentry(w, cur).d_parent;
    if (parent === cur) return false;
    cur = parent;
  }
}

/** d_is_dir: the dentry's inode is a directory. */
export function dIsDir(w: RWorld, d: DentryId): boolean {
  const ino = rDentry(w, d).d_inode;
  return ino !== null && rInode(w, ino).type === 'dir';
}

/**
 * fs/namespace.c: lock_mount — the place a new mount hangs. A dentry that was unlinked or removed
 * cannot be mounted on (cant_mount, d_set_mounted: ENOENT, also when an ancestor was unhashed);
 * when something is already mounted there, the new mount goes on top of the stack (lookup_mnt).
 */
export function lockMount(w: RWorld, p: Path): Path | 'ENOENT' {
  if (dUnlinked(w, p.dentry)) return 'ENOENT';
  let cur = p;
  for (;;) {
    const top = mountedHere(w, cur);
    if (top === null) break;
    cur = { mnt: top, dentry: rMount(w, top).mnt_root };
  }
  if (!dMountpoint(w, cur.dentry)) {
    // fs/dcache.c: d_set_mounted — every ancestor up to the root must still be hashed.
    for (let d = rDentry(w, cur.dentry).d_parent; ;) {
      const dentry = rDentry(w, d);
      if (dentry.d_parent === d) break;
      if (dentry.d_unhashed) return 'ENOENT';
      d = dentry.d_parent;
    }
    if (dUnlinked(w, cur.dentry)) return 'ENOENT';
  }
  return cur;
}

/** fs/namespace.c: lookup_mnt — the mount attached on (mnt, dentry), if any (the last one wins). */
function mountedHere(w: RWorld, p: Path): MountId | null {
  let found: MountId | null = null;
  for (const c of rMount(w, p.mnt).mnt_mounts) {
    if (rMount(w, c).mnt_mountpoint === p.dentry) found = c;
  }
  return found;
}

/** include/linux/dcache.h: d_unlinked — unhashed and not a root. */
export function dUnlinked(w: RWorld, d: DentryId): boolean {
  const dentry = rDentry(w, d);
  return dentry.d_unhashed && dentry.d_parent !== d;
}

/** include/linux/dcache.h: d_mountpoint — some attached mount (in any namespace) sits on it. */
function dMountpoint(w: RWorld, d: DentryId): boolean {
  return Object.values(w.mounts).some((m) => m.mnt_ns !== null && m.mnt_parent !== m.id && m.mnt_mountpoint === d);
}

/**
 * fs/namespace.c: __is_local_mountpoint — a mount of the caller's namespace sits on `d`.
 * vfs_unlink, vfs_rmdir and vfs_rename refuse such a dentry with EBUSY.
 */
export function isLocalMountpoint(w: RWorld, task: Task, d: DentryId): boolean {
  return Object.values(w.mounts).some((m) => m.mnt_ns === task.mnt_ns && m.mnt_mountpoint === d);
}

/**
 * fs/namespace.c: __detach_mounts — after a successful unlink, rmdir or rename over `d`, the mounts
 * other namespaces had on it are lazily unmounted. The kernel keeps their submounts connected to
 * them (UMOUNT_CONNECTED); the model disconnects them like MNT_DETACH does, which differs only in
 * a walk that starts inside the detached mount and goes down into a submount.
 */
export function detachMounts(w: MWorld, d: DentryId): void {
  const on = Object.values(w.mounts)
    .filter((m) => m.mnt_ns !== null && m.mnt_parent !== m.id && m.mnt_mountpoint === d)
    .map((m) => m.id);
  for (const id of on) {
    const m = w.mounts[id];
    // An earlier one's umount_tree may already have taken it (a mount stacked on another).
    if (m !== undefined && m.mnt_ns !== null && m.mnt_mountpoint === d) umountTree(w, id);
  }
}

/**
 * fs/namespace.c: umount_tree (how = 0 or UMOUNT_SYNC, no propagation) — take `mnt` and everything
 * below it out of the namespace. Each mount is disconnected (disconnect_mount): it drops its
 * parent's reference and its mountpoint (umount_mnt → put_mountpoint), then the tree's own
 * reference goes (namespace_unlock → mntput). Mounts still in use live on, detached, and are freed
 * by their last mntput (cleanup_mnt).
 */
export function umountTree(w: MWorld, mnt: MountId): void {
  for (const id of umountTreeDisconnect(w, mnt)) mntput(w, id);
}

/**
 * umount_tree without namespace_unlock's final puts: the mounts taken out, each still holding the
 * tree's reference, which the caller drops (mntput) once it has released namespace_sem.
 */
export function umountTreeDisconnect(w: MWorld, mnt: MountId): MountId[] {
  const tree = mountSubtree(w, mnt);
  for (const id of tree) mountOf(w, id).mnt_ns = null;
  for (const id of tree) {
    const m = mountOf(w, id);
    if (m.mnt_parent === id) continue;
    const parent = m.mnt_parent;
    const mountpoint = m.mnt_mountpoint;
    // unhash_mnt: the mount becomes its own parent, mounted on its own root.
    const siblings = ownField(mountOf(w, parent), 'mnt_mounts');
    const i = siblings.indexOf(id);
    if (i < 0) throw new ModelBug(`mount ${id} missing from its parent ${parent}`);
    siblings.splice(i, 1);
    m.mnt_parent = id;
    m.mnt_mountpoint = m.mnt_root;
    mntput(w, parent); // mnt_add_count(p->mnt_parent, -1): the parent still holds its tree reference
    dput(w, mountpoint);
  }
  return tree;
}

/** fs/namespace.c: clone_mnt — a new, unattached mount of the same superblock rooted at `root`. */
export function cloneMnt(w: MWorld, old: MountId, root: DentryId): MountId {
  const m = mountOf(w, old);
  return allocMount(w, m.mnt_sb, root, m.mnt_flags, m.mnt_devname);
}

/**
 * fs/namespace.c: copy_tree, second half — clone every mount below `src` whose mountpoint lies
 * under `dentry`, with all their submounts, and hang the clones on `rootClone` the way the
 * originals hang on `src`, in namespace `ns`. Returns original → clone for every copied mount.
 */
export function copySubmounts(
  w: MWorld,
  src: MountId,
  dentry: DentryId,
  rootClone: MountId,
  ns: MntNsId,
): Map<MountId, MountId> {
  const map = new Map<MountId, MountId>([[src, rootClone]]);
  for (const r of [...rMount(w, src).mnt_mounts]) {
    if (!isSubdir(w, rMount(w, r).mnt_mountpoint, dentry)) continue;
    for (const s of mountSubtree(w, r)) {
      const sm = rMount(w, s);
      const parentClone = map.get(sm.mnt_parent);
      if (parentClone === undefined) throw new ModelBug(`copy_tree: parent of mount ${s} not copied`);
      const q = cloneMnt(w, s, sm.mnt_root);
      attachMount(w, q, parentClone, sm.mnt_mountpoint, ns);
      map.set(s, q);
    }
  }
  return map;
}

/**
 * fs/namespace.c: copy_mnt_ns (CLONE_NEWNS) — a new namespace holding a copy of the whole tree: the
 * clones share mnt_root and mnt_sb with the originals (s_active counts them). Returns the new
 * namespace and original → clone, by which the caller moves the child's root and pwd.
 */
export function copyMntNs(w: MWorld, old: MntNsId): { ns: MntNsId; map: Map<MountId, MountId> } {
  const oldRoot = mntnsOf(w, old).root;
  const rootClone = cloneMnt(w, oldRoot, rMount(w, oldRoot).mnt_root);
  const ns = makeNamespaceRoot(w, rootClone);
  const map = copySubmounts(w, oldRoot, rMount(w, oldRoot).mnt_root, rootClone, ns);
  return { ns, map };
}

/**
 * fs/namespace.c: put_mnt_ns — a task leaves its namespace; the last one out takes the whole tree
 * down (drop_collected_mounts → umount_tree) and frees the namespace. After a lazy unmount of the
 * namespace root the tree is already gone; only what is still attached is unmounted.
 */
export function putMntNs(w: MWorld, id: MntNsId): void {
  const ns = mntnsOf(w, id);
  if (ns.count < 1) throw new ModelBug(`put_mnt_ns on namespace ${id} with count ${ns.count}`);
  ns.count--;
  if (ns.count > 0) return;
  const root = w.mounts[ns.root];
  if (root !== undefined && root.mnt_ns === id) umountTree(w, ns.root);
  dropRecord(w.mntns, id);
}

/**
 * fs/namespace.c: do_umount → propagate_mount_busy(mnt, 2) (fs/pnode.c) without peers — a mount is
 * busy when it has child mounts or more references than the tree's own. The kernel's threshold is 2
 * because its path walk holds one more; walks in the model take no references, so here busy means
 * mnt_count > 1, plus `walkRefs` when the caller does hold its walk's reference (a split umount,
 * src/ops/steps/).
 */
export function propagateMountBusy(w: RWorld, mnt: MountId, walkRefs = 0): boolean {
  const m = rMount(w, mnt);
  return m.mnt_mounts.length > 0 || m.mnt_count > 1 + walkRefs;
}

/**
 * fs/namespace.c: mnt_get_writers — files open for writing through this mount. do_dentry_open takes
 * write access (FMODE_WRITER) for FMODE_WRITE opens of anything but special files.
 */
export function mntWriters(w: RWorld, mnt: MountId): number {
  let n = 0;
  for (const f of Object.values(w.files)) {
    if (f.f_path.mnt !== mnt || (f.f_mode & FMODE_PATH) !== 0 || (f.f_mode & FMODE_WRITE) === 0) continue;
    if (rInode(w, f.f_inode).type === 'fifo') continue; // special_file: no write access taken
    n++;
  }
  return n;
}

/** fs/namespace.c: __mnt_is_readonly — the mount or its superblock is read-only (EROFS). */
export function mntIsReadonly(w: RWorld, mnt: MountId): boolean {
  const m = rMount(w, mnt);
  return (m.mnt_flags & MNT_READONLY) !== 0 || (rSb(w, m.mnt_sb).s_flags & SB_RDONLY) !== 0;
}

/**
 * fs/namespace.c: sb_prepare_remount_readonly — EBUSY while an inode with i_nlink 0 is still in use
 * (s_remove_count: drop_nlink/clear_nlink count it until the inode is destroyed) or a writable
 * mount of the superblock, attached or not, has a file open for writing.
 */
export function sbPrepareRemountReadonly(w: RWorld, sb: SuperBlockId): 'EBUSY' | null {
  if (Object.values(w.inodes).some((i) => i.i_sb === sb && i.i_nlink === 0)) return 'EBUSY';
  for (const m of Object.values(w.mounts)) {
    if (m.mnt_sb !== sb || (m.mnt_flags & MNT_READONLY) !== 0) continue;
    if (mntWriters(w, m.id) > 0) return 'EBUSY';
  }
  return null;
}
