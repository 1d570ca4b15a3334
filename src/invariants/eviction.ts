/**
 * No leaked deleted inodes: an inode with no name left (i_nlink 0) lives only while something holds
 * it. fs/inode.c: iput_final asks ->drop_inode, and every file system the model has answers "drop"
 * for i_nlink 0 (generic_drop_inode: `!inode->i_nlink || inode_unhashed(inode)`, which ext4_drop_inode
 * and btrfs_drop_inode call; shmem's generic_delete_inode always drops), so the last iput evicts
 * it (ext4_evict_inode frees it on disk and takes it off the orphan list). An inode with i_nlink 0
 * and i_count 0 still in the table is one whose eviction was skipped: its blocks and its number are
 * never freed. The other invariants do not see it: with no holder and no name, the ledger expects
 * i_count 0, nlinkMatchesNames i_nlink 0, and orphanListIsExact lists only inodes in use.
 */
import type { World } from '../model/world.js';
import type { Violation } from './violation.js';

export function deletedInodesEvicted(w: World): Violation[] {
  const out: Violation[] = [];
  for (const inode of Object.values(w.inodes)) {
    if (inode.i_nlink !== 0 || inode.i_count !== 0) continue;
    out.push({
      invariant: 'deletedInodesEvicted',
      message: `inode ${inode.id} (${inode.type}, ino ${inode.i_ino}) has i_nlink 0 and i_count 0 but was not evicted`,
    });
  }
  return out;
}
