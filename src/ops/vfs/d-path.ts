/** fs/d_path.c: the name a path has, as a task sees it. */
import type { Path } from '../../model/mount.js';
import type { Task } from '../../model/task.js';
import type { World } from '../../model/world.js';
import { rDentry, rMount } from './world-draft.js';

/**
 * fs/d_path.c: d_path — the name of a path as seen from the task's root, with " (deleted)" for an
 * unlinked dentry (d_unlinked). A path outside the task's root is shown from the namespace root.
 */
export function dPath(w: World, task: Task, p: Path): string {
  const parts: string[] = [];
  let cur = p;
  let deleted = false;
  const first = rDentry(w, p.dentry);
  if (first.d_unhashed && first.d_parent !== p.dentry) deleted = true;
  for (;;) {
    if (cur.mnt === task.root.mnt && cur.dentry === task.root.dentry) break;
    const mnt = rMount(w, cur.mnt);
    if (cur.dentry === mnt.mnt_root) {
      if (mnt.mnt_parent === cur.mnt) break;
      cur = { mnt: mnt.mnt_parent, dentry: mnt.mnt_mountpoint };
      continue;
    }
    const d = rDentry(w, cur.dentry);
    parts.push(d.d_name);
    cur = { mnt: cur.mnt, dentry: d.d_parent };
  }
  const path = '/' + parts.reverse().join('/');
  return deleted ? `${path} (deleted)` : path;
}
