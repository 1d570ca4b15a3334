import type { DentryId, InodeId, SuperBlockId } from './ids.js';

/**
 * include/linux/dcache.h: struct dentry. The model keeps every hashed positive dentry in the cache
 * (no shrinker), so a directory's names are exactly its hashed children: the dcache is the directory.
 */
export interface Dentry {
  readonly id: DentryId;
  readonly d_sb: SuperBlockId;
  readonly d_name: string;
  /** The root dentry of a superblock is its own parent (IS_ROOT). */
  readonly d_parent: DentryId;
  /** null: a negative dentry. */
  readonly d_inode: InodeId | null;
  /** Holders: children (d_parent), open files, cwd/root, mounts, relink_dir. Not the cache itself. */
  readonly d_count: number;
  /** d_unhashed(): removed from the hash by d_delete/__d_drop while still in use. */
  readonly d_unhashed: boolean;
  /** Hashed children by name (the dcache hash for this parent). */
  /** Hashed children by name; a map with no prototype (src/ops/vfs/dcache.ts: noChildren, dChild). */
  readonly d_children: Readonly<Record<string, DentryId>>;
  /**
   * Place in the parent's list of children, higher is newer: d_alloc adds a dentry at the head of
   * d_subdirs and __d_move moves it there again (fs/dcache.c), and btrfs gives every new name,
   * a rename's too, the next dir index. readdir order follows it (src/ops/calls/readdir.ts).
   */
  readonly d_seq: number;
}
