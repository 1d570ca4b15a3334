/**
 * A backup of the root file system, as rsync or a snapshot would take it between checkpoint and
 * restart: every name reachable from the root, with its data, hard links kept as hard links, into
 * a fresh world (the machine restart runs on). An open file with no name is not in the backup:
 * that is why the series relinks before the backup is taken. Mounted file systems other than the
 * root are not copied.
 */
import { castDraft, produce } from 'immer';
import type { DentryId, InodeId } from '../model/ids.js';
import type { World } from '../model/world.js';
import { bootWorld } from './boot.js';
import { dAddName, newInode } from './dcache.js';
import { incDirParentNlink } from './inode-init.js';
import { writtenBytes } from './pagecache.js';
import { ihold, incNlink } from './refs.js';
import { rDentry, rInode, rMount, rSb, rTask, sbOf, type MWorld } from './world-draft.js';
import { dChild } from './d-children.js';

export interface BackupStats {
  readonly files: number;
  readonly bytes: number;
}

/** The new world, with pid 1 as the restarter, and what the copy read. */
export function backupRootFs(w: World, pid = 1): { world: World; stats: BackupStats } {
  const task = rTask(w, pid);
  const rootMnt = rMount(w, task.root.mnt);
  const srcSb = rSb(w, rootMnt.mnt_sb);
  const fresh = bootWorld({
    kernel: w.kernel,
    rootFs: srcSb.s_type === 'anon' ? 'ext4' : srcSb.s_type,
    // The restore goes to a file system made like the one backed up (mkfs -b).
    blocksize: srcSb.s_type === 'anon' ? undefined : srcSb.s_blocksize,
    outsideFds: [0, 1, 2],
  });
  let files = 0;
  let bytes = 0;
  const world = produce(fresh, (d: MWorld) => {
    const dstRoot = d.tasks[1]?.root.dentry;
    if (dstRoot === undefined) throw new Error('a fresh world without pid 1');
    const dstSb = rDentry(d, dstRoot).d_sb;
    // relink= travels with the file system's options.
    sbOf(d, dstSb).s_options = srcSb.s_options;
    const copied = new Map<InodeId, InodeId>();
    const walk = (src: DentryId, dst: DentryId): void => {
      for (const [name, child] of Object.entries(rDentry(w, src).d_children)) {
        const ino = rDentry(w, child).d_inode;
        if (ino === null) continue;
        const inode = rInode(w, ino);
        const again = copied.get(ino);
        if (again !== undefined) {
          // A hard link: one more name for the copy.
          incNlink(d, again);
          ihold(d, again);
          dAddName(d, dst, name, again);
          continue;
        }
        const n = newInode(d, dstSb, {
          type: inode.type,
          perm: inode.i_mode & 0o7777,
          uid: inode.i_uid,
          gid: inode.i_gid,
        });
        copied.set(ino, n);
        const ni = d.inodes[n];
        if (ni !== undefined) {
          ni.i_size = inode.i_size;
          ni.i_data = castDraft(inode.i_data.map((e) => ({ ...e })));
          ni.i_link = inode.i_link;
        }
        files++;
        bytes += writtenBytes(inode.i_data);
        const nd = dAddName(d, dst, name, n);
        if (inode.type === 'dir') {
          const parentIno = rDentry(d, dst).d_inode;
          if (parentIno !== null) incDirParentNlink(d, parentIno);
          walk(child, nd);
        }
      }
    };
    walk(rootMnt.mnt_root, dstRoot);
    // The relink directory, if any, is the same path in the copy.
    const rel = srcSb.s_relink_dir;
    if (rel !== null) {
      const parts: string[] = [];
      for (let cur = rel; rDentry(w, cur).d_parent !== cur; cur = rDentry(w, cur).d_parent)
        parts.unshift(rDentry(w, cur).d_name);
      let cur: DentryId = dstRoot;
      for (const p of parts) {
        const next = dChild(rDentry(d, cur), p);
        if (next === undefined) break;
        cur = next;
      }
      const dd = d.dentries[cur];
      if (dd !== undefined) {
        dd.d_count++;
        sbOf(d, dstSb).s_relink_dir = cur;
      }
    }
  });
  return { world, stats: { files, bytes } };
}
