/**
 * Path walk as fs/namei.c does it: getname (ENAMETOOLONG at PATH_MAX), path_init (dirfd, EBADF,
 * ENOTDIR), link_path_walk (may_lookup EXEC checks, "." and "..", mount crossing, symlinks with
 * MAXSYMLINKS 40), and the last component by the caller's flags. Walking reads the world only:
 * the references a walk holds in the kernel are transient and never visible between syscalls.
 * /proc is modelled as far as traces use it (namei-proc.ts).
 */
import { CAP_DAC_READ_SEARCH, type Cred } from '../../model/cred.js';
import { capable } from './cred.js';
import type { Errno } from '../../model/errno.js';
import type { DentryId, Pid } from '../../model/ids.js';
import type { Path } from '../../model/mount.js';
import type { Task } from '../../model/task.js';
import type { World } from '../../model/world.js';
import { AT_FDCWD } from '../../model/flags.js';
import { MAY_EXEC, inodePermission } from './permission.js';
import { rDentry, rFile, rInode, rMount } from './world-draft.js';
import { err, val, type Res } from './result.js';
import { dChild } from './d-children.js';
import { fdFile } from './fdtable.js';
import { followMounts } from './follow-mounts.js';
import { mayFollowLink } from './protected.js';
import { entersProc, procLinkTarget, procStep, type ProcPidLink } from './namei-proc.js';

export const LOOKUP_FOLLOW = 0x1;
export const LOOKUP_DIRECTORY = 0x2;
/** AT_EMPTY_PATH: an empty name means the dirfd itself. */
export const LOOKUP_EMPTY = 0x4;
/**
 * include/linux/namei.h (6.10, 42bd2af59504): linkat's AT_EMPTY_PATH. path_init walks from a
 * descriptor only for the task whose current cred opened it, or with CAP_DAC_READ_SEARCH.
 */
export const LOOKUP_LINKAT_EMPTY = 0x8;

/** include/uapi/linux/limits.h: PATH_MAX (with the NUL), NAME_MAX. */
export const PATH_MAX = 4096;
export const NAME_MAX = 255;
/** include/linux/namei.h: MAXSYMLINKS. */
export const MAXSYMLINKS = 40;

/** Where a walk ended: a real path, or an object of the modelled procfs. */
export type Walked =
  | { readonly kind: 'path'; readonly path: Path }
  | { readonly kind: 'proc-fd'; readonly pid: Pid; readonly fd: number }
  | { readonly kind: 'proc-link'; readonly pid: Pid; readonly link: ProcPidLink }
  | { readonly kind: 'proc-dir'; readonly pid: Pid | null; readonly level: 'proc' | 'pid' | 'fd' };

export type LastType = 'norm' | 'dot' | 'dotdot' | 'root';

/** What path_parentat / filename_parentat returns: the parent and the unresolved last name. */
export interface Parent {
  readonly dir: Walked;
  readonly last: string;
  readonly lastType: LastType;
  /** The name ended in one or more '/' (e.g. "dir/"). */
  readonly trailingSlash: boolean;
}

interface Nd {
  readonly w: World;
  readonly task: Task;
  /** nd->total_link_count */
  links: number;
}

const isDirDentry = (w: World, d: DentryId): boolean => {
  const ino = rDentry(w, d).d_inode;
  return ino !== null && rInode(w, ino).type === 'dir';
};

/** fs/namei.c: getname_flags — empty names and PATH_MAX. */
function getname(name: string, flags: number): Errno | null {
  if (name.length >= PATH_MAX) return 'ENAMETOOLONG';
  if (name.length === 0 && (flags & LOOKUP_EMPTY) === 0) return 'ENOENT';
  return null;
}

/**
 * Is `a` the very cred object `b` is? In the kernel a pointer comparison; in the model the task
 * that committed it and its count of commits (src/model/cred.ts: Cred.owner, Cred.serial).
 */
const sameCred = (a: Cred, b: Cred): boolean => a.owner === b.owner && a.serial === b.serial;

/** Where a relative walk starts: fs/namei.c path_init. */
function pathInit(nd: Nd, dfd: number, name: string, flags: number): Res<Walked> {
  if (name.startsWith('/')) return val({ kind: 'path', path: nd.task.root });
  if (dfd === AT_FDCWD) return val({ kind: 'path', path: nd.task.pwd });
  const fileId = fdFile(nd.w, nd.task, dfd);
  if (fileId === null) return err('EBADF');
  const f = rFile(nd.w, fileId);
  // 6.10's path_init: "f.file->f_cred != current_cred() && !ns_capable(..., CAP_DAC_READ_SEARCH)".
  const linkatEmpty = (flags & LOOKUP_LINKAT_EMPTY) !== 0;
  if (linkatEmpty && !sameCred(f.f_cred, nd.task.cred) && !capable(nd.task, CAP_DAC_READ_SEARCH)) return err('ENOENT');
  // path_init: a non-empty relative name needs a directory to walk from.
  if (name.length > 0 && !isDirDentry(nd.w, f.f_path.dentry)) return err('ENOTDIR');
  return val({ kind: 'path', path: f.f_path });
}

/** fs/namei.c: follow_dotdot — ".." stops at the task's root and climbs out of mounts. */
function followDotdot(nd: Nd, p: Path): Path {
  let cur = p;
  for (;;) {
    if (cur.mnt === nd.task.root.mnt && cur.dentry === nd.task.root.dentry) return cur;
    const mnt = rMount(nd.w, cur.mnt);
    if (cur.dentry !== mnt.mnt_root) {
      return followMounts(nd.w, { mnt: cur.mnt, dentry: rDentry(nd.w, cur.dentry).d_parent });
    }
    if (mnt.mnt_parent === cur.mnt) return cur; // namespace root or detached mount
    cur = { mnt: mnt.mnt_parent, dentry: mnt.mnt_mountpoint };
  }
}

function splitComponents(name: string): { comps: string[]; trailingSlash: boolean } {
  const comps = name.split('/').filter((c) => c.length > 0);
  const trailingSlash = name.length > 0 && name.endsWith('/') && comps.length > 0;
  return { comps, trailingSlash };
}

/** A component looked up in a directory: fs/namei.c lookup_fast / __lookup_slow. */
export type Looked = { readonly kind: 'positive'; readonly path: Path } | { readonly kind: 'negative' };

/**
 * fs/namei.c: walk_component for a normal name in a real directory: EACCES without search
 * permission (may_lookup, checked by the caller), ENAMETOOLONG from the file system's ->lookup
 * (ext4_lookup, simple_lookup: len > NAME_MAX), ENOENT in a dead directory.
 */
function lookupChild(w: World, dir: Path, comp: string): Res<Looked> {
  if (comp.length > NAME_MAX) return err('ENAMETOOLONG');
  const d = rDentry(w, dir.dentry);
  const child = dChild(d, comp);
  if (child === undefined || rDentry(w, child).d_inode === null) return val({ kind: 'negative' });
  return val({ kind: 'positive', path: followMounts(w, { mnt: dir.mnt, dentry: child }) });
}

/** fs/namei.c: may_lookup — search permission on a directory being walked through. */
function mayLookup(nd: Nd, dir: Path): Errno | null {
  const ino = rDentry(nd.w, dir.dentry).d_inode;
  if (ino === null) return 'ENOENT';
  const r = inodePermission(nd.task, rInode(nd.w, ino), MAY_EXEC);
  return r === 'ok' ? null : r;
}

/**
 * Step through one component, following a symlink if `follow` (always for intermediate
 * components). `trailing`: the component is the walk's last, or the last of a trailing link's body
 * (pick_link's WALK_TRAILING), where may_follow_link asks about the directory it is in. Returns
 * where the walk stands afterwards; a negative last name is ENOENT.
 */
function step(nd: Nd, at: Walked, comp: string, follow: boolean, trailing = false): Res<Walked> {
  if (at.kind === 'proc-fd' || at.kind === 'proc-link') return err('ENOTDIR');
  if (at.kind === 'proc-dir') return procStep(nd, at, comp);
  if (entersProc(nd, at, comp)) return val({ kind: 'proc-dir', pid: null, level: 'proc' });
  const denied = mayLookup(nd, at.path);
  if (denied !== null) return err(denied);
  if (comp === '.') return val(at);
  if (comp === '..') return val({ kind: 'path', path: followDotdot(nd, at.path) });
  const looked = lookupChild(nd.w, at.path, comp);
  if (!looked.ok) return looked;
  if (looked.value.kind === 'negative') {
    // __lookup_slow: a dead directory has no children at all.
    return err('ENOENT');
  }
  const p = looked.value.path;
  const ino = rDentry(nd.w, p.dentry).d_inode;
  if (ino !== null && follow) {
    const inode = rInode(nd.w, ino);
    if (inode.type === 'symlink' && inode.i_link !== null) {
      const refused = trailing ? mayFollowLink(nd.w, nd.task, at.path, inode) : null;
      return refused !== null ? err(refused) : followLink(nd, at.path, inode.i_link, trailing);
    }
  }
  return val({ kind: 'path', path: p });
}

/**
 * fs/namei.c: pick_link — a symlink's body is walked from its directory (or the root); the last
 * component of a trailing link's body is trailing too (path_lookupat walks it with lookup_last).
 */
function followLink(nd: Nd, linkDir: Path, target: string, trailing: boolean): Res<Walked> {
  nd.links++;
  if (nd.links > MAXSYMLINKS) return err('ELOOP');
  // fs/namei.c: pick_link — an empty body is ENOENT.
  if (target.length === 0) return err('ENOENT');
  const start: Walked = { kind: 'path', path: target.startsWith('/') ? nd.task.root : linkDir };
  const { comps, trailingSlash } = splitComponents(target);
  const r = walkAll(nd, start, comps, true, trailing);
  if (!r.ok) return r;
  if (trailingSlash) return requireDir(nd, r.value);
  return r;
}

function requireDir(nd: Nd, at: Walked): Res<Walked> {
  if (at.kind === 'path' && !isDirDentry(nd.w, at.path.dentry)) return err('ENOTDIR');
  if (at.kind === 'proc-fd' || at.kind === 'proc-link') return err('ENOTDIR');
  return val(at);
}

/**
 * Walk every component, following symlinks on the way and the last one if `followLast`; with
 * `trailing`, a symlink followed as the last one is a trailing one (may_follow_link).
 */
function walkAll(nd: Nd, start: Walked, comps: readonly string[], followLast: boolean, trailing = false): Res<Walked> {
  let at = start;
  for (let i = 0; i < comps.length; i++) {
    const comp = comps[i] ?? '';
    const isLast = i === comps.length - 1;
    if (!isLast || followLast) {
      const r = stepFollowMagic(nd, at, comp, true, isLast && trailing);
      if (!r.ok) return r;
      at = r.value;
      if (!isLast) {
        const d = requireDir(nd, at);
        if (!d.ok) return d;
      }
    } else {
      const r = step(nd, at, comp, false);
      if (!r.ok) return r;
      at = r.value;
    }
  }
  return val(at);
}

/**
 * A step that also follows a /proc magic link when following (its directory, /proc/PID/fd, is
 * not sticky: may_follow_link lets it through).
 */
function stepFollowMagic(nd: Nd, at: Walked, comp: string, follow: boolean, trailing: boolean): Res<Walked> {
  const r = step(nd, at, comp, follow, trailing);
  if (!r.ok || !follow || (r.value.kind !== 'proc-fd' && r.value.kind !== 'proc-link')) return r;
  nd.links++;
  if (nd.links > MAXSYMLINKS) return err('ELOOP');
  const target = procLinkTarget(nd.w, nd.task, r.value);
  return target.ok ? val({ kind: 'path', path: target.value }) : target;
}

/**
 * fs/namei.c: filename_lookup → path_lookupat. LOOKUP_FOLLOW follows a trailing symlink; a
 * trailing slash forces LOOKUP_FOLLOW | LOOKUP_DIRECTORY; LOOKUP_DIRECTORY wants a directory.
 */
export function filenameLookup(w: World, task: Task, dfd: number, name: string, flags: number): Res<Walked> {
  const bad = getname(name, flags);
  if (bad !== null) return err(bad);
  const nd: Nd = { w, task, links: 0 };
  const start = pathInit(nd, dfd, name, flags);
  if (!start.ok) return start;
  const { comps, trailingSlash } = splitComponents(name);
  let f = flags;
  if (trailingSlash) f |= LOOKUP_FOLLOW | LOOKUP_DIRECTORY;
  const r = walkAll(nd, start.value, comps, (f & LOOKUP_FOLLOW) !== 0, true);
  if (!r.ok) return r;
  if ((f & LOOKUP_DIRECTORY) !== 0) return requireDir(nd, r.value);
  return r;
}

/** fs/namei.c: filename_parentat → path_parentat — walk all but the last component. */
export function filenameParentat(w: World, task: Task, dfd: number, name: string, flags = 0): Res<Parent> {
  const bad = getname(name, flags);
  if (bad !== null) return err(bad);
  const nd: Nd = { w, task, links: 0 };
  const start = pathInit(nd, dfd, name, flags);
  if (!start.ok) return start;
  const { comps, trailingSlash } = splitComponents(name);
  if (comps.length === 0) {
    return val({ dir: start.value, last: '/', lastType: 'root', trailingSlash: false });
  }
  const dirComps = comps.slice(0, -1);
  const last = comps[comps.length - 1] ?? '';
  const r = walkAll(nd, start.value, dirComps, true);
  if (!r.ok) return r;
  const dir = requireDir(nd, r.value);
  if (!dir.ok) return dir;
  // link_path_walk checks may_lookup on the directory before it stops at the last component.
  if (dir.value.kind === 'path') {
    const denied = mayLookup(nd, dir.value.path);
    if (denied !== null) return err(denied);
  }
  const lastType: LastType = last === '.' ? 'dot' : last === '..' ? 'dotdot' : 'norm';
  return val({ dir: dir.value, last, lastType, trailingSlash });
}

/** Search permission on the parent before looking up the last name (lookup_one_qstr_excl callers). */
export function mayLookupParent(w: World, task: Task, dir: Path): Errno | null {
  return mayLookup({ w, task, links: 0 }, dir);
}

/** Resolve the last component of a Parent without following it (for create/delete paths). */
export function lookupLast(w: World, task: Task, parent: Parent): Res<Walked | null> {
  const nd: Nd = { w, task, links: 0 };
  if (parent.dir.kind !== 'path') {
    const r = parent.dir.kind === 'proc-dir' ? procStep(nd, parent.dir, parent.last) : err<Walked>('ENOTDIR');
    return r.ok ? val(r.value) : r;
  }
  const denied = mayLookup(nd, parent.dir.path);
  if (denied !== null) return err(denied);
  const looked = lookupChild(w, parent.dir.path, parent.last);
  if (!looked.ok) return looked;
  return val(looked.value.kind === 'negative' ? null : { kind: 'path', path: looked.value.path });
}

/**
 * fs/namei.c: open_last_lookups following a trailing symlink under O_CREAT — the link's body is
 * walked like a new name from the link's directory (or the root), all but its last component, with
 * the symlink count so far (ELOOP past MAXSYMLINKS).
 */
export function parentatFromLink(
  w: World,
  task: Task,
  linkDir: Path,
  body: string,
  links: number,
): Res<Parent & { readonly links: number }> {
  const nd: Nd = { w, task, links: links + 1 };
  if (nd.links > MAXSYMLINKS) return err('ELOOP');
  if (body.length === 0) return err('ENOENT');
  const start: Walked = { kind: 'path', path: body.startsWith('/') ? task.root : linkDir };
  const { comps, trailingSlash } = splitComponents(body);
  if (comps.length === 0)
    return val({ dir: start, last: '/', lastType: 'root', trailingSlash: false, links: nd.links });
  const r = walkAll(nd, start, comps.slice(0, -1), true);
  if (!r.ok) return r;
  const dir = requireDir(nd, r.value);
  if (!dir.ok) return dir;
  const last = comps[comps.length - 1] ?? '';
  const lastType: LastType = last === '.' ? 'dot' : last === '..' ? 'dotdot' : 'norm';
  return val({ dir: dir.value, last, lastType, trailingSlash, links: nd.links });
}
