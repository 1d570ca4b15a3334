/**
 * A backup of the file systems a namespace has mounted, as rsync or snapshots would take them
 * between checkpoint and restart, into a fresh world (the machine restart runs on): every name
 * reachable from each file system's root, with its data, hard links kept as hard links. The root
 * file system becomes the new machine's root; every other file system mounted whole is copied
 * once and mounted where it was (the new machine's fstab), on a device that keeps its number
 * (st_dev), so the image's mounts name it still. Bind mounts are not carried: they are views,
 * not data, and restart puts back the ones its files need (restore-mounts.ts). An open file with
 * no name is not in the backup: that is why the series relinks before the backup is taken.
 */
import { castDraft, produce } from 'immer';
import type { DentryId, InodeId, MountId, SuperBlockId } from '../model/ids.js';
import { FS_TYPES, isInternalFsType } from '../model/fstype.js';
import type { Mount } from '../model/mount.js';
import type { SuperBlock } from '../model/superblock.js';
import { SB_RDONLY } from '../model/superblock.js';
import type { World } from '../model/world.js';
import { bootWorld } from '../ops/vfs/boot.js';
import { dAddName, newInode } from '../ops/vfs/dcache.js';
import { incDirParentNlink } from '../ops/vfs/inode-init.js';
import { writtenBytes } from '../ops/vfs/pagecache.js';
import { dget, ihold, incNlink } from '../ops/vfs/refs.js';
import { ModelBug } from '../model/errors.js';
import { allocMount, attachMount, mkfs } from '../ops/vfs/super.js';
import { rDentry, rInode, rMount, rSb, rTask, sbOf, type MWorld, type RWorld } from '../ops/vfs/world-draft.js';

export interface BackupStats {
  readonly files: number;
  readonly bytes: number;
}

/** The new world, with pid 1 as the restarter, and what the copy read. */
export function backupRootFs(w: World, pid = 1): { world: World; stats: BackupStats } {
  const task = rTask(w, pid);
  const rootMnt = rMount(w, task.root.mnt);
  const srcSb = rSb(w, rootMnt.mnt_sb);
  const fresh = bootWorld({
    kernel: w.kernel,
    // The new machine is set up as the old one was: the same distribution, the same sysctls.
    sysctl: w.sysctl,
    rootFs: isInternalFsType(srcSb.s_type) ? 'ext4' : srcSb.s_type,
    // The restore goes to a file system made like the one backed up (mkfs -b).
    blocksize: isInternalFsType(srcSb.s_type) ? undefined : srcSb.s_blocksize,
    outsideFds: [0, 1, 2],
  });
  const stats = { files: 0, bytes: 0 };
  const world = produce(fresh, (d: MWorld) => {
    const me = d.tasks[1];
    if (me === undefined) throw new ModelBug('a fresh world without pid 1');
    const dstSb = rDentry(d, me.root.dentry).d_sb;
    const dentries = new Map<DentryId, DentryId>();
    copyTree(w, d, rootMnt.mnt_root, me.root.dentry, dstSb, dentries, stats);
    carryOptions(d, srcSb, dstSb, dentries);
    // The other file systems, parents before children, each at its first whole mount.
    const mounts = new Map<MountId, MountId>([[rootMnt.id, me.root.mnt]]);
    const copiedSbs = new Set<SuperBlockId>([srcSb.id]);
    for (const m of mountTree(w, rootMnt.id)) {
      const sb = rSb(w, m.mnt_sb);
      const parent = mounts.get(m.mnt_parent);
      const mountpoint = dentries.get(m.mnt_mountpoint);
      if (parent === undefined || mountpoint === undefined) continue; // under a mount not carried
      if (FS_TYPES[sb.s_type].internal || copiedSbs.has(sb.id) || m.mnt_root !== sb.s_root) continue; // a bind mount
      copiedSbs.add(sb.id);
      const copy = copyFs(w, d, sb, dentries, stats);
      const mnt = allocMount(d, copy, sbOf(d, copy).s_root, m.mnt_flags, m.mnt_devname);
      attachMount(d, mnt, parent, mountpoint, me.mnt_ns);
      mounts.set(m.id, mnt);
    }
  });
  return { world, stats };
}

/** The mounts under `root` in its namespace, parents before children. */
function mountTree(w: RWorld, root: MountId): Mount[] {
  const out: Mount[] = [];
  const queue = [...rMount(w, root).mnt_mounts];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const m = rMount(w, id);
    out.push(m);
    queue.push(...m.mnt_mounts);
  }
  return out;
}

/** A new superblock like `sb`, on the same device number, with a copy of all its names. */
function copyFs(
  w: RWorld,
  d: MWorld,
  sb: SuperBlock,
  dentries: Map<DentryId, DentryId>,
  stats: { files: number; bytes: number },
): SuperBlockId {
  if (FS_TYPES[sb.s_type].internal) throw new ModelBug(`the internal ${sb.s_type} file system is not backed up`);
  const copy = mkfs(d, {
    type: sb.s_type,
    blocksize: sb.s_blocksize,
    options: sb.s_options,
    readOnly: (sb.s_flags & SB_RDONLY) !== 0,
    rootPerm: rInode(w, rDentry(w, sb.s_root).d_inode ?? -1).i_mode & 0o7777,
  });
  if (Object.values(d.superblocks).some((s) => s.id !== copy && s.s_dev === sb.s_dev))
    throw new ModelBug(`device number ${sb.s_dev} is taken in the new machine`);
  sbOf(d, copy).s_dev = sb.s_dev;
  d.next.dev = Math.max(d.next.dev, sb.s_dev + 1);
  const root = sbOf(d, copy).s_root;
  copyTree(w, d, sb.s_root, root, copy, dentries, stats);
  carryOptions(d, sb, copy, dentries);
  return copy;
}

/** Copy every name below `src` (in world `w`) below `dst` (in the new world), mapping dentries. */
function copyTree(
  w: RWorld,
  d: MWorld,
  src: DentryId,
  dst: DentryId,
  dstSb: SuperBlockId,
  dentries: Map<DentryId, DentryId>,
  stats: { files: number; bytes: number },
): void {
  const copied = new Map<InodeId, InodeId>();
  dentries.set(src, dst);
  const walk = (from: DentryId, to: DentryId): void => {
    for (const [name, child] of Object.entries(rDentry(w, from).d_children)) {
      const ino = rDentry(w, child).d_inode;
      if (ino === null) continue;
      const inode = rInode(w, ino);
      const again = copied.get(ino);
      if (again !== undefined) {
        // A hard link: one more name for the copy.
        incNlink(d, again);
        ihold(d, again);
        dentries.set(child, dAddName(d, to, name, again));
        continue;
      }
      const n = newInode(d, dstSb, {
        type: inode.type,
        perm: inode.i_mode & 0o7777,
        uid: inode.i_uid,
        gid: inode.i_gid,
      });
      copied.set(ino, n);
      const ni = d.inodes[n];
      if (ni !== undefined) {
        ni.i_size = inode.i_size;
        ni.i_data = castDraft(inode.i_data.map((e) => ({ ...e })));
        ni.i_link = inode.i_link;
      }
      stats.files++;
      stats.bytes += writtenBytes(inode.i_data);
      const nd = dAddName(d, to, name, n);
      dentries.set(child, nd);
      if (inode.type === 'dir') {
        const parentIno = rDentry(d, to).d_inode;
        if (parentIno !== null) incDirParentNlink(d, parentIno);
        walk(child, nd);
      }
    }
  };
  walk(src, dst);
}

/** relink= travels with the file system's options; relink_dir is the same directory in the copy. */
function carryOptions(d: MWorld, src: SuperBlock, dst: SuperBlockId, dentries: ReadonlyMap<DentryId, DentryId>): void {
  sbOf(d, dst).s_options = src.s_options;
  const rel = src.s_relink_dir;
  if (rel === null) return;
  const copy = dentries.get(rel);
  const dd = copy === undefined ? undefined : d.dentries[copy];
  if (copy === undefined || dd === undefined) return; // relink_dir was not reachable by name
  dget(d, copy);
  sbOf(d, dst).s_relink_dir = copy;
}
