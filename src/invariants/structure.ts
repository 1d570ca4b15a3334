/** Structural invariants: link counts, orphan lists, flags and references that must agree. */
import { FS_TYPES } from '../model/fstype.js';
import { I_LINKABLE, S_DEAD } from '../model/inode.js';
import type { World } from '../model/world.js';
import type { Violation } from './violation.js';

/**
 * i_nlink equals the names of the inode: for a non-directory, its hashed dentries; for a live
 * directory, "." plus its name (or, at a root, ".." of itself) plus each subdirectory's "..",
 * where the file system counts them (btrfs keeps directories at 1); a removed directory has 0.
 * ext4 may also show 1 for a live directory: its count stuck there after passing EXT4_LINK_MAX.
 */
export function nlinkMatchesNames(w: World): Violation[] {
  const names = new Map<number, number>();
  const subdirs = new Map<number, number>();
  const hashedDirDentry = new Map<number, number>();
  for (const d of Object.values(w.dentries)) {
    if (d.d_inode === null || d.d_unhashed) continue;
    const isRoot = d.d_parent === d.id;
    if (!isRoot) names.set(d.d_inode, (names.get(d.d_inode) ?? 0) + 1);
    const inode = w.inodes[d.d_inode];
    if (inode?.type === 'dir') {
      hashedDirDentry.set(d.d_inode, d.id);
      if (!isRoot) {
        const parentIno = w.dentries[d.d_parent]?.d_inode;
        if (parentIno !== null && parentIno !== undefined) subdirs.set(parentIno, (subdirs.get(parentIno) ?? 0) + 1);
      }
    }
  }
  const out: Violation[] = [];
  for (const inode of Object.values(w.inodes)) {
    const sb = w.superblocks[inode.i_sb];
    if (sb === undefined) continue;
    let want: number;
    if (inode.type !== 'dir') want = names.get(inode.id) ?? 0;
    else if ((inode.i_flags & S_DEAD) !== 0 || !hashedDirDentry.has(inode.id)) want = 0;
    else if (!FS_TYPES[sb.s_type].dirNlinkCountsSubdirs) want = 1;
    else want = 2 + (subdirs.get(inode.id) ?? 0);
    const stuck = inode.type === 'dir' && want > 0 && inode.i_nlink === 1 && FS_TYPES[sb.s_type].dirNlinkSticksAtOne;
    if (inode.i_nlink !== want && !stuck) {
      out.push({
        invariant: 'nlinkMatchesNames',
        message: `inode ${inode.id} (${inode.type}, ino ${inode.i_ino}): i_nlink ${inode.i_nlink}, names ${want}`,
      });
    }
  }
  return out;
}

/**
 * ext4's orphan list (fs/ext4/orphan.c) and btrfs orphan items hold exactly the inodes with
 * i_nlink 0 that are still in use; other file systems keep none.
 */
export function orphanListIsExact(w: World): Violation[] {
  const out: Violation[] = [];
  for (const sb of Object.values(w.superblocks)) {
    const keeps = FS_TYPES[sb.s_type].orphans;
    const listed = new Set<number>(sb.s_orphans);
    if (listed.size !== sb.s_orphans.length) {
      out.push({ invariant: 'orphanListIsExact', message: `superblock ${sb.id} lists an inode twice` });
    }
    for (const inode of Object.values(w.inodes)) {
      if (inode.i_sb !== sb.id) continue;
      const want = keeps && inode.i_nlink === 0 && inode.i_count > 0;
      if (want !== listed.has(inode.id)) {
        out.push({
          invariant: 'orphanListIsExact',
          message: `inode ${inode.id} (i_nlink ${inode.i_nlink}, i_count ${inode.i_count}) ${want ? 'missing from' : 'wrongly on'} the orphan list of superblock ${sb.id}`,
        });
      }
    }
    for (const id of listed) {
      if (w.inodes[id] === undefined) {
        out.push({ invariant: 'orphanListIsExact', message: `superblock ${sb.id} lists freed inode ${id}` });
      }
    }
  }
  return out;
}

/** fs/namei.c: vfs_tmpfile / vfs_link — I_LINKABLE marks only never-named O_TMPFILE inodes. */
export function linkableOnlyUnlinked(w: World): Violation[] {
  const out: Violation[] = [];
  for (const inode of Object.values(w.inodes)) {
    if ((inode.i_state & I_LINKABLE) !== 0 && inode.i_nlink !== 0) {
      out.push({
        invariant: 'linkableOnlyUnlinked',
        message: `inode ${inode.id} is I_LINKABLE with i_nlink ${inode.i_nlink}`,
      });
    }
  }
  return out;
}

/** Every id a record holds names a live record of the right table. */
export function noDanglingIds(w: World): Violation[] {
  const out: Violation[] = [];
  const bad = (message: string): void => {
    out.push({ invariant: 'noDanglingIds', message });
  };
  for (const d of Object.values(w.dentries)) {
    if (w.dentries[d.d_parent] === undefined) bad(`dentry ${d.id} has dead parent ${d.d_parent}`);
    if (d.d_inode !== null && w.inodes[d.d_inode] === undefined) bad(`dentry ${d.id} has dead inode ${d.d_inode}`);
    for (const [name, child] of Object.entries(d.d_children)) {
      const c = w.dentries[child];
      if (c === undefined) bad(`dentry ${d.id} hashes dead child ${child} as ${name}`);
      else if (c.d_parent !== d.id || c.d_name !== name || c.d_unhashed) {
        bad(`dentry ${d.id} hashes ${child} as ${name} but it is ${c.d_name} under ${c.d_parent}`);
      }
    }
  }
  for (const f of Object.values(w.files)) {
    if (w.mounts[f.f_path.mnt] === undefined) bad(`file ${f.id} has dead mount ${f.f_path.mnt}`);
    if (w.dentries[f.f_path.dentry] === undefined) bad(`file ${f.id} has dead dentry ${f.f_path.dentry}`);
    if (w.inodes[f.f_inode] === undefined) bad(`file ${f.id} has dead inode ${f.f_inode}`);
  }
  for (const t of Object.values(w.tasks)) {
    if (t.state === 'zombie') continue;
    if (w.fdtables[t.files] === undefined) bad(`task ${t.pid} has dead fd table ${t.files}`);
    if (w.mntns[t.mnt_ns] === undefined) bad(`task ${t.pid} has dead namespace ${t.mnt_ns}`);
  }
  for (const m of Object.values(w.mounts)) {
    if (w.superblocks[m.mnt_sb] === undefined) bad(`mount ${m.id} has dead superblock ${m.mnt_sb}`);
    if (w.dentries[m.mnt_root] === undefined) bad(`mount ${m.id} has dead root ${m.mnt_root}`);
    if (w.mounts[m.mnt_parent] === undefined) bad(`mount ${m.id} has dead parent ${m.mnt_parent}`);
  }
  return out;
}
