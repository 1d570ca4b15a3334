/** Crossing mount points downward, as path walks do. */
import type { Path } from '../../model/mount.js';
import type { World } from '../../model/world.js';
import { rMount } from './world-draft.js';

/** fs/namei.c: traverse_mounts — step onto whatever is mounted on (mnt, dentry). */
export function followMounts(w: World, p: Path): Path {
  let cur = p;
  for (;;) {
    const mnt = rMount(w, cur.mnt);
    let next: Path | null = null;
    for (const childId of mnt.mnt_mounts) {
      const child = rMount(w, childId);
      if (child.mnt_mountpoint === cur.dentry) next = { mnt: childId, dentry: child.mnt_root };
    }
    if (next === null) return cur;
    cur = next;
  }
}
