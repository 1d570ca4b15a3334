/**
 * The final file set of a replay, the same shape for the model and for memfs, so the two can be
 * compared: every regular file by path, with its size, link count and a digest of its bytes.
 */
import { createHash } from 'node:crypto';
import type { World } from '../src/model/world.js';
import { readData } from '../src/ops/vfs/pagecache.js';

export interface FileEntry {
  readonly path: string;
  readonly size: number;
  readonly nlink: number;
  readonly sha1: string;
}

export const digest = (latin1: string): string => createHash('sha1').update(latin1, 'latin1').digest('hex');

export const byPath = (a: FileEntry, b: FileEntry): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The regular files reachable by name from task `pid`'s root, in the root's file system only. */
export function modelFiles(w: World, pid = 1): FileEntry[] {
  const task = w.tasks[pid];
  if (task === undefined) throw new Error(`no task ${pid}`);
  const out: FileEntry[] = [];
  const walk = (dentry: number, prefix: string): void => {
    const d = w.dentries[dentry];
    if (d === undefined) return;
    for (const [name, child] of Object.entries(d.d_children)) {
      const c = w.dentries[child];
      const inode = c?.d_inode === null || c === undefined ? undefined : w.inodes[c.d_inode];
      if (inode === undefined) continue;
      const path = `${prefix}/${name}`;
      if (inode.type === 'dir') walk(child, path);
      else if (inode.type === 'reg') {
        const bytes = readData(inode.i_data, inode.i_size, 0, inode.i_size);
        out.push({ path, size: inode.i_size, nlink: inode.i_nlink, sha1: digest(bytes) });
      }
    }
  };
  walk(task.root.dentry, '');
  return out.sort(byPath);
}
