/**
 * Whether a path leaves the modelled tree: its walk climbs above the root with "..", or follows a
 * symlink whose target lies outside the root. The walk is the model's own tree, name by name
 * (fs/namei.c: link_path_walk, follow_dotdot, step_into); it stops where the model has no such
 * name, since the kernel fails there too (ENOENT), without leaving.
 */
import type { Path } from '../model/mount.js';
import type { World } from '../model/world.js';
import type { Task } from '../model/task.js';
import { AT_FDCWD, AT_SYMLINK_FOLLOW, AT_SYMLINK_NOFOLLOW, O_CREAT, O_EXCL, O_NOFOLLOW } from '../model/flags.js';
import { followMounts } from '../ops/vfs/follow-mounts.js';
import { fdFile } from '../ops/vfs/fdtable.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { rDentry, rFile, rMount } from '../ops/vfs/world-draft.js';

/** include/linux/namei.h: MAXSYMLINKS. */
const MAXSYMLINKS = 40;

/**
 * Walk `path` (a model path) for `pid` from `dirfd` or its cwd. `followLast`: whether the call
 * follows a symlink in the last component. `inside`: whether an absolute symlink target was one
 * under the root (mapped into the model when the link was made).
 */
export function leavesRoot(
  w: World,
  pid: number,
  path: string,
  dirfd: number,
  followLast: boolean,
  inside: (target: string) => boolean,
): boolean {
  const t = w.tasks[pid];
  if (t === undefined || /^\/proc\/(self|thread-self|\d+)\/fd(\/|$)/.test(path)) return false;
  let cur = path.startsWith('/') ? t.root : startDir(w, t, dirfd);
  if (cur === null) return false; // a bad dirfd: the call fails before any walk
  let parts = names(path);
  let links = 0;
  while (parts.length > 0) {
    const [name, ...rest] = parts;
    parts = rest;
    if (name === undefined) break;
    if (name === '..') {
      if (cur.mnt === t.root.mnt && cur.dentry === t.root.dentry) return true;
      cur = parentOf(w, cur);
      continue;
    }
    const dir = rDentry(w, cur.dentry);
    const child = Object.hasOwn(dir.d_children, name) ? dir.d_children[name] : undefined;
    const ino = child === undefined ? null : (w.dentries[child]?.d_inode ?? null);
    if (child === undefined || ino === null) return false;
    const next = followMounts(w, { mnt: cur.mnt, dentry: child });
    const inode = w.inodes[rDentry(w, next.dentry).d_inode ?? -1];
    if (inode !== undefined && inode.type === 'symlink' && (parts.length > 0 || followLast)) {
      if (++links > MAXSYMLINKS) return false; // ELOOP, inside
      const target = inode.i_link ?? '';
      if (target.startsWith('/')) {
        if (!inside(target)) return true;
        cur = t.root;
      }
      parts = [...names(target), ...parts]; // a relative target goes on from the link's directory
      continue;
    }
    cur = next;
  }
  return false;
}

/** Whether a call follows a symlink named by the last component of its (first) path. */
export function followsLast(sc: Syscall, which: string): boolean {
  switch (sc.call) {
    case 'open':
    case 'openat':
      return (sc.flags & O_NOFOLLOW) === 0 && (sc.flags & (O_CREAT | O_EXCL)) !== (O_CREAT | O_EXCL);
    case 'creat':
    case 'stat':
    case 'truncate':
    case 'chdir':
      return true;
    case 'newfstatat':
    case 'statx':
      return (sc.flags & AT_SYMLINK_NOFOLLOW) === 0;
    case 'linkat':
      return which === 'oldpath' && (sc.flags & AT_SYMLINK_FOLLOW) !== 0;
    default:
      return false;
  }
}

const names = (p: string): string[] => p.split('/').filter((n) => n !== '' && n !== '.');

function startDir(w: World, t: Task, dirfd: number): Path | null {
  if (dirfd === AT_FDCWD) return t.pwd;
  const f = fdFile(w, t, dirfd);
  return f === null ? null : rFile(w, f).f_path;
}

/** fs/namei.c: follow_dotdot — up a name, or from a mount's root to where it is mounted. */
function parentOf(w: World, p: Path): Path {
  let cur = p;
  for (;;) {
    const mnt = rMount(w, cur.mnt);
    if (cur.dentry !== mnt.mnt_root || mnt.mnt_parent === cur.mnt) break;
    cur = { mnt: mnt.mnt_parent, dentry: mnt.mnt_mountpoint };
  }
  return { mnt: cur.mnt, dentry: rDentry(w, cur.dentry).d_parent };
}
