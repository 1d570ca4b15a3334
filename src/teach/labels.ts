/**
 * Names for model objects in words a kernel reader knows: inodes by the number stat shows, dentries
 * by path, fds by pid. Shared by the narration and the graph so both call an object the same.
 */
import { FS_TYPES } from '../model/fstype.js';
import type { DentryId, InodeId } from '../model/ids.js';
import { O_ACCMODE, O_APPEND, O_CREAT, O_RDWR, O_TMPFILE, O_TRUNC, O_WRONLY } from '../model/flags.js';
import type { World } from '../model/world.js';
import type { Table } from './diff.js';

/** How stat's file types read in a sentence. */
export const TYPE_WORDS = { reg: 'regular file', dir: 'directory', fifo: 'fifo', symlink: 'symlink' } as const;

/** The dentry's path from its superblock's root; " (deleted)" when unhashed, as d_path says. */
export function dentryPath(w: World, id: DentryId): string {
  const parts: string[] = [];
  let cur = w.dentries[id];
  const deleted = cur?.d_unhashed === true && cur.d_parent !== id;
  for (let guard = 0; cur !== undefined && cur.d_parent !== cur.id && guard < 4096; guard++) {
    parts.unshift(cur.d_name);
    cur = w.dentries[cur.d_parent];
  }
  const sb = cur === undefined ? undefined : w.superblocks[cur.d_sb];
  const prefix = sb !== undefined && FS_TYPES[sb.s_type].internal ? `${sb.s_type}:` : '';
  return `${prefix}/${parts.join('/')}${deleted ? ' (deleted)' : ''}`;
}

export function inodeLabel(w: World, id: InodeId): string {
  const i = w.inodes[id];
  return i === undefined ? `inode #${id}` : `inode ${i.i_ino}`;
}

export function fileLabel(w: World, id: number): string {
  const f = w.files[id];
  return f === undefined ? `file #${id}` : `file ${id} (${dentryPath(w, f.f_path.dentry)})`;
}

/** Pids whose fd table is `table`. */
export function pidsOfTable(w: World, table: number): number[] {
  return Object.values(w.tasks)
    .filter((t) => t.files === table)
    .map((t) => t.pid)
    .sort((a, b) => a - b);
}

const pidsText = (pids: readonly number[]): string => (pids.length === 0 ? 'no task' : `pid ${pids.join(' and pid ')}`);

export function objectLabel(w: World, table: Table, id: number): string {
  switch (table) {
    case 'inodes':
      return inodeLabel(w, id as InodeId);
    case 'dentries':
      return `dentry ${dentryPath(w, id as DentryId)}`;
    case 'files':
      return fileLabel(w, id);
    case 'mounts':
      return `mount ${w.mounts[id]?.mnt_id ?? `#${id}`}`;
    case 'superblocks':
      return `the ${w.superblocks[id]?.s_type ?? ''} superblock`;
    case 'tasks':
      return `pid ${id}`;
    case 'fdtables':
      return `the fd table of ${pidsText(pidsOfTable(w, id))}`;
    case 'mntns':
      return `mount namespace ${id}`;
  }
}

/** open(2) flags the way strace prints the ones that matter here. */
export function openFlagsText(flags: number): string {
  const acc = flags & O_ACCMODE;
  const parts = [acc === O_RDWR ? 'O_RDWR' : acc === O_WRONLY ? 'O_WRONLY' : 'O_RDONLY'];
  if ((flags & O_TMPFILE) === O_TMPFILE) parts.push('O_TMPFILE');
  else if (flags & O_CREAT) parts.push('O_CREAT');
  if (flags & O_TRUNC) parts.push('O_TRUNC');
  if (flags & O_APPEND) parts.push('O_APPEND');
  return parts.join('|');
}

/** Who keeps an inode in use: "fd 3 of pid 2", "the cwd of pid 1", or an open file no fd holds. */
export function inodeHolders(w: World, ino: InodeId): string[] {
  const out: string[] = [];
  for (const f of Object.values(w.files)) {
    if (f.f_inode !== ino) continue;
    const slots: string[] = [];
    for (const t of Object.values(w.fdtables)) {
      for (const [fd, e] of Object.entries(t.fds)) {
        if (e.file === f.id) slots.push(`fd ${fd} of ${pidsText(pidsOfTable(w, t.id))}`);
      }
    }
    out.push(...(slots.length > 0 ? slots : [`open ${fileLabel(w, f.id)}`]));
  }
  for (const t of Object.values(w.tasks)) {
    if (w.dentries[t.pwd.dentry]?.d_inode === ino) out.push(`the cwd of pid ${t.pid}`);
  }
  for (const sb of Object.values(w.superblocks)) {
    const rd = sb.s_relink_dir === null ? undefined : w.dentries[sb.s_relink_dir];
    if (rd?.d_inode === ino) out.push(`the ${sb.s_type} superblock's s_relink_dir`);
  }
  return out;
}
