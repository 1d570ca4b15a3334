/** A removed directory has no names in it: the VFS never creates one in a dead directory. */
import { S_DEAD } from '../model/inode.js';
import type { World } from '../model/world.js';
import type { Violation } from './violation.js';

/**
 * fs/namei.c: vfs_rmdir removes only an empty directory and marks it S_DEAD; may_create and
 * lookup_one_qstr_excl refuse new names in it (IS_DEADDIR: ENOENT), all under the directory's lock.
 * A name found under a dead directory was created by someone who did not hold that lock.
 */
export function deadDirsAreEmpty(w: World): Violation[] {
  const out: Violation[] = [];
  for (const d of Object.values(w.dentries)) {
    const ino = d.d_inode === null ? undefined : w.inodes[d.d_inode];
    if (ino === undefined || ino.type !== 'dir' || (ino.i_flags & S_DEAD) === 0) continue;
    for (const [name, child] of Object.entries(d.d_children)) {
      if (w.dentries[child]?.d_inode === null) continue;
      out.push({
        invariant: 'deadDirsAreEmpty',
        message: `removed directory inode ${ino.id} (ino ${ino.i_ino}) has the name ${name}`,
      });
    }
  }
  return out;
}
