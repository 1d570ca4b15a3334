/**
 * What a cleanup (patch 10) may remove: a name checkpoint created, while it still names the inode
 * checkpoint linked there (st_dev and st_ino compared). The race explorer shows the count in its
 * schedules; whether a cleanup kept to it is the general law flowChangesOnlyItsFiles (flow-frame.ts).
 */
import { AT_FDCWD } from '../model/flags.js';
import type { CreatedName } from '../model/image.js';
import type { World } from '../model/world.js';
import { filenameLookup } from '../ops/namei.js';

/** What `path` names, as pid 1 (the checkpointer) sees it: its dentry and (st_dev, st_ino). */
function named(w: World, path: string): { dentry: number; dev: number; ino: number } | null {
  const task = w.tasks[1];
  if (task === undefined) return null;
  const r = filenameLookup(w, task, AT_FDCWD, path, 0);
  if (!r.ok || r.value.kind !== 'path') return null;
  const dentry = r.value.path.dentry;
  const inode = w.inodes[w.dentries[dentry]?.d_inode ?? -1];
  const sb = inode === undefined ? undefined : w.superblocks[inode.i_sb];
  return inode === undefined || sb === undefined ? null : { dentry, dev: sb.s_dev, ino: inode.i_ino };
}

/** How many of `names` still name the inode checkpoint linked there: what cleanup may remove. */
export function namesStillOwned(w: World, names: readonly CreatedName[]): number {
  return names.filter((n) => {
    const now = named(w, n.path);
    return now !== null && now.dev === n.dev && now.ino === n.ino;
  }).length;
}
