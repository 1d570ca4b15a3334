/**
 * A frame law for the checkpoint/restart flows (patches 04 and 10): a checkpoint changes the names
 * of only the files it checkpoints (the inodes open in the checkpointed tasks), and a cleanup those
 * of only the inodes its checkpoint linked (pinned as it linked them, or else the (st_dev, st_ino)
 * it recorded for each name). The rest of the namespace belongs to other tasks, so a flow that adds
 * or removes one of their names is visible to them: checkpoint/restart must not be.
 */
import type { CreatedName } from '../model/image.js';
import type { InodeId } from '../model/ids.js';
import type { World } from '../model/world.js';
import type { Violation } from './violation.js';

/** The inodes open in `pids`' fd tables: what their checkpoint may link (patch 04). */
export function checkpointFootprint(w: World, pids: readonly number[]): Set<InodeId> {
  const out = new Set<InodeId>();
  for (const pid of pids) {
    const table = w.fdtables[w.tasks[pid]?.files ?? -1];
    for (const entry of Object.values(table?.fds ?? {})) {
      const f = w.files[entry.file];
      if (f !== undefined) out.add(f.f_inode);
    }
  }
  return out;
}

/** A created name, with the inode checkpoint linked there when it was pinned as it linked. */
export type FlowName = CreatedName & { readonly inode?: InodeId | null };

/**
 * The inodes the checkpoint's created names were made for: the pinned inode itself when the name
 * carries one (an (st_dev, st_ino) pair outlives its inode: ext4 gives a freed ino to the next new
 * file), else the live inode with that pair.
 */
export function cleanupFootprint(w: World, names: readonly FlowName[]): Set<InodeId> {
  const out = new Set<InodeId>();
  for (const n of names) {
    if (n.inode !== undefined) {
      if (n.inode !== null) out.add(n.inode);
      continue;
    }
    for (const inode of Object.values(w.inodes)) {
      if (w.superblocks[inode.i_sb]?.s_dev === n.dev && inode.i_ino === n.ino) out.add(inode.id);
    }
  }
  return out;
}

/** The hashed names (dentry ids) of every inode, in one pass. */
function namesByInode(w: World): Map<InodeId, string> {
  const acc = new Map<InodeId, number[]>();
  for (const d of Object.values(w.dentries)) {
    if (d.d_inode === null || d.d_unhashed || d.d_parent === d.id) continue;
    const list = acc.get(d.d_inode) ?? [];
    list.push(d.id);
    acc.set(d.d_inode, list);
  }
  return new Map([...acc].map(([ino, ds]) => [ino, ds.sort((a, b) => a - b).join(',')]));
}

/** Checked over one flow: every inode whose names changed is in the flow's footprint. */
export function flowChangesOnlyItsFiles(before: World, after: World, footprint: ReadonlySet<InodeId>): Violation[] {
  if (before.dentries === after.dentries) return [];
  const was = namesByInode(before);
  const now = namesByInode(after);
  const out: Violation[] = [];
  for (const ino of new Set([...was.keys(), ...now.keys()])) {
    if (footprint.has(ino) || was.get(ino) === now.get(ino)) continue;
    const inode = before.inodes[ino] ?? after.inodes[ino];
    out.push({
      invariant: 'flowChangesOnlyItsFiles',
      message: `the flow changed the names of inode ${ino} (ino ${inode?.i_ino ?? '?'}), which it did not checkpoint`,
    });
  }
  return out;
}
