/**
 * A deleted file stays deleted: an inode whose last name is gone (i_nlink 0, not I_LINKABLE) gets
 * a name again only through its .relink, into its superblock's relink_dir while that is private to
 * root, and (when the step's task is known) by a task the kernel lets checkpoint
 * (checkpoint_restore_ns_capable; docs/security.md). Mainline refuses every
 * such link (fs/namei.c: vfs_link, "fs: Don't allow to create hardlink for deleted file",
 * aae8a97d3ec3, which also closed a link/unlink race); the relink series opens exactly one door.
 */
import { I_LINKABLE } from '../model/inode.js';
import type { World } from '../model/world.js';
import { checkpointRestoreCapable, relinkAllowed } from '../ops/relink/relink-op.js';
import type { Violation } from './violation.js';

/** Hashed names of `ino`, as their dentry ids. */
function namesOf(w: World, ino: number): Set<number> {
  const out = new Set<number>();
  for (const d of Object.values(w.dentries)) {
    if (d.d_inode === ino && !d.d_unhashed && d.d_parent !== d.id) out.add(d.id);
  }
  return out;
}

/**
 * Checked over one step: `before` is the world the step started from, `pid` the task that made it
 * (absent for a flow of many calls, whose actor the step laws already judged call by call).
 * `changedInodes` (ascending), when given, are the inodes that may differ between the worlds
 * (changed-records.ts): only those are looked at. The same verdicts: the law is broken only at an
 * inode whose i_nlink went from 0 to more, and an inode not listed is the same object in both
 * worlds, its i_nlink the same; the names of a listed one are still read from the whole worlds.
 */
export function deletedStaysDeleted(
  before: World,
  after: World,
  pid?: number,
  changedInodes?: readonly number[],
): Violation[] {
  const out: Violation[] = [];
  const actor = pid === undefined ? undefined : before.tasks[pid];
  const actorMay = actor === undefined || checkpointRestoreCapable(actor);
  const inodes =
    changedInodes === undefined ? Object.values(before.inodes) : changedInodes.map((i) => before.inodes[i]);
  for (const b of inodes) {
    if (b === undefined) continue;
    const a = after.inodes[b.id];
    if (a === undefined || b.i_nlink !== 0 || (b.i_state & I_LINKABLE) !== 0 || a.i_nlink === 0) continue;
    const old = namesOf(before, b.id);
    for (const d of namesOf(after, b.id)) {
      const parent = after.dentries[d]?.d_parent;
      if (old.has(d) || parent === undefined || (actorMay && relinkAllowed(before, b.id, parent))) continue;
      out.push({
        invariant: 'deletedStaysDeleted',
        message: `deleted inode ${b.id} (ino ${b.i_ino}) got the name ${after.dentries[d]?.d_name ?? '?'} ${actorMay ? 'outside a private relink_dir' : `from pid ${pid ?? '?'}, which may not checkpoint`}`,
      });
    }
  }
  return out;
}
