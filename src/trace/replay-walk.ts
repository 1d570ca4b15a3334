/**
 * Whether a path leaves the modelled tree: its walk climbs above the root with "..", or follows a
 * symlink whose target lies outside the root. The walk is the model's own tree, name by name
 * (fs/namei.c: link_path_walk, follow_dotdot, step_into); it stops where the model has no such
 * name, since the kernel fails there too (ENOENT), without leaving.
 */
import type { World } from '../model/world.js';
import {
  AT_SYMLINK_FOLLOW,
  AT_SYMLINK_NOFOLLOW,
  O_CREAT,
  O_EXCL,
  O_NOFOLLOW,
  UMOUNT_NOFOLLOW,
} from '../model/flags.js';
import { FSPICK_SYMLINK_NOFOLLOW } from '../model/syscall/flag-sets.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { childOf, parentOf, startDir, taskRoot } from './replay-world.js';

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
  const root = taskRoot(w, pid);
  if (root === null || /^\/proc\/(self|thread-self|\d+)\/fd(\/|$)/.test(path)) return false;
  let cur = path.startsWith('/') ? root : startDir(w, pid, dirfd);
  if (cur === null) return false; // a bad dirfd: the call fails before any walk
  let parts = names(path);
  let links = 0;
  while (parts.length > 0) {
    const [name, ...rest] = parts;
    parts = rest;
    if (name === undefined) break;
    if (name === '..') {
      if (cur.mnt === root.mnt && cur.dentry === root.dentry) return true;
      cur = parentOf(w, cur);
      continue;
    }
    const next = childOf(w, cur, name);
    if (next === null) return false;
    if (next.symlink !== null && (parts.length > 0 || followLast)) {
      if (++links > MAXSYMLINKS) return false; // ELOOP, inside
      const target = next.symlink;
      if (target.startsWith('/')) {
        if (!inside(target)) return true;
        cur = root;
      }
      parts = [...names(target), ...parts]; // a relative target goes on from the link's directory
      continue;
    }
    cur = next.path;
  }
  return false;
}

/**
 * Whether a call follows a symlink named by the last component of its (first) path, as its kernel
 * lookup asks (LOOKUP_FOLLOW). A call not named here does not follow (lstat, readlink, unlink...).
 */
export function followsLast(sc: Syscall, which: string): boolean {
  switch (sc.call) {
    case 'open':
    case 'openat':
      return (sc.flags & O_NOFOLLOW) === 0 && (sc.flags & (O_CREAT | O_EXCL)) !== (O_CREAT | O_EXCL);
    case 'creat':
    case 'stat':
    case 'truncate':
    case 'chdir':
    case 'access': // fs/open.c: do_faccessat, LOOKUP_FOLLOW unless AT_SYMLINK_NOFOLLOW
    case 'faccessat':
    case 'chmod': // fs/open.c: do_fchmodat, always LOOKUP_FOLLOW
    case 'fchmodat':
    case 'chown': // fs/open.c: do_fchownat with flag 0
    case 'mount': // fs/namespace.c: do_mount, user_path_at(..., LOOKUP_FOLLOW)
      return true;
    case 'newfstatat':
    case 'statx':
    case 'faccessat2':
    case 'fchownat':
    case 'utimensat': // fs/utimes.c: do_utimes_path
      return (sc.flags & AT_SYMLINK_NOFOLLOW) === 0;
    case 'umount2': // fs/namespace.c: ksys_umount, LOOKUP_FOLLOW unless UMOUNT_NOFOLLOW
      return (sc.flags & UMOUNT_NOFOLLOW) === 0;
    case 'fspick': // fs/fsopen.c: fspick, LOOKUP_FOLLOW unless FSPICK_SYMLINK_NOFOLLOW
      return (sc.flags & FSPICK_SYMLINK_NOFOLLOW) === 0;
    case 'linkat':
      return which === 'oldpath' && (sc.flags & AT_SYMLINK_FOLLOW) !== 0;
    default:
      return false;
  }
}

const names = (p: string): string[] => p.split('/').filter((n) => n !== '' && n !== '.');
