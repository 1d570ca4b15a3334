// Build directory trees directly with the model's allocators, for tests of the walk itself.
import { produce } from 'immer';
import type { DentryId } from '../../src/model/ids.js';
import type { World } from '../../src/model/world.js';
import { dAddName, newInode } from '../../src/ops/vfs/dcache.js';
import { incNlink } from '../../src/ops/vfs/refs.js';
import { dentryOf, sbOf, taskOf } from '../../src/ops/vfs/world-draft.js';

/** An entry: a directory (object), a file (string contents) or a symlink ({ symlink: target }). */
export type TreeSpec = { readonly [name: string]: TreeSpec | string | { readonly symlink: string } };

/** Add `spec` under pid 1's root, as mkdir/creat/symlink would have left it. */
export function withTree(world: World, spec: TreeSpec): World {
  return produce(world, (w) => {
    const root = taskOf(w, 1).root.dentry;
    const add = (parent: DentryId, s: TreeSpec): void => {
      const parentInode = dentryOf(w, parent).d_inode;
      const sb = dentryOf(w, parent).d_sb;
      for (const [name, v] of Object.entries(s)) {
        if (typeof v === 'string') {
          const ino = newInode(w, sb, { type: 'reg', perm: 0o644, uid: 0, gid: 0 });
          const inode = w.inodes[ino];
          if (inode !== undefined) {
            inode.i_size = v.length;
            inode.i_data = v.length > 0 ? [{ off: 0, bytes: v }] : [];
          }
          dAddName(w, parent, name, ino);
        } else if ('symlink' in v && typeof v.symlink === 'string') {
          const ino = newInode(w, sb, { type: 'symlink', perm: 0o777, uid: 0, gid: 0 });
          const inode = w.inodes[ino];
          if (inode !== undefined) {
            inode.i_link = v.symlink;
            inode.i_size = v.symlink.length;
          }
          dAddName(w, parent, name, ino);
        } else {
          const ino = newInode(w, sb, { type: 'dir', perm: 0o755, uid: 0, gid: 0 });
          const d = dAddName(w, parent, name, ino);
          if (parentInode !== null && sbOf(w, sb).s_type !== 'btrfs') incNlink(w, parentInode);
          add(d, v);
        }
      }
    };
    add(root, spec);
  });
}
