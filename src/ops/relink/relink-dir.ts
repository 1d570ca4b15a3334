/**
 * The relink series, patches 07 and 08: the superblock's relink_dir and the relink=PATH option
 * that sets it. Our forward-port's choices (docs/relink-series.md):
 * - PATH is a path inside the file system, from its root ("/" or "" components are the root), so
 *   it means the same thing in every mount namespace and in every bind mount. Components are
 *   looked up in the dcache one by one (lookup_one_len on each directory); symlinks are not
 *   followed (ENOTDIR), ".." is refused (EINVAL), a missing name is ENOENT.
 * - The field holds one dentry reference (dget), dropped when a remount replaces or clears it
 *   ("relink=" with an empty value) and at generic_shutdown_super. It holds no vfsmount: a mount
 *   reference held by the superblock would keep its own mount busy forever.
 * - The option is parsed by the VFS for every file system type (vfs_parse_fs_param, before the
 *   file system's own parser; EINVAL for a type without .relink) and applied by do_new_mount to the
 *   superblock vfs_get_tree returned, a fresh one or one reused for the same device, and by
 *   reconfigure_super at remount. It is checked before anything changes.
 */
import type { Errno } from '../../model/errno.js';
import type { DentryId, SuperBlockId } from '../../model/ids.js';
import { hasBug } from '../../model/kernel.js';
import { NAME_MAX } from '../vfs/namei.js';
import { dget, dput } from '../vfs/refs.js';
import { err, val, type Res } from '../vfs/result.js';
import { kernelOf, rDentry, rInode, rSb, sbOf, type MWorld, type RWorld } from '../vfs/world-draft.js';

/** The components of a relink= value, or the errno that refuses it before any lookup. */
function relinkComponents(value: string): Res<string[]> {
  const comps = value.split('/').filter((c) => c.length > 0 && c !== '.');
  if (comps.some((c) => c === '..')) return err('EINVAL');
  if (comps.some((c) => c.length > NAME_MAX)) return err('ENAMETOOLONG');
  return val(comps);
}

/** Where relink=`value` points in superblock `sb`: a directory dentry, or the errno. */
export function lookupRelinkDir(w: RWorld, sb: SuperBlockId, value: string): Res<DentryId> {
  const comps = relinkComponents(value);
  if (!comps.ok) return comps;
  let d = rSb(w, sb).s_root;
  for (const comp of comps.value) {
    const children = rDentry(w, d).d_children;
    // An own name only: "__proto__" or "constructor" is a name like any other.
    const child = Object.hasOwn(children, comp) ? children[comp] : undefined;
    const ino = child === undefined ? null : rDentry(w, child).d_inode;
    if (child === undefined || ino === null) return err('ENOENT');
    if (rInode(w, ino).type !== 'dir') return err('ENOTDIR');
    d = child;
  }
  return val(d);
}

/** The same check against a file system that does not exist yet (a fresh mount): only its root. */
export function checkRelinkDirOnEmptyFs(value: string): Errno | null {
  const comps = relinkComponents(value);
  if (!comps.ok) return comps.errno;
  return comps.value.length === 0 ? null : 'ENOENT';
}

/**
 * Set (or clear, with null) the superblock's relink_dir: take the new reference, then drop the
 * old one. The seeded bug 'relink-option-leak' forgets the second half (the cover letter's leak).
 */
export function setRelinkDir(w: MWorld, sb: SuperBlockId, dir: DentryId | null): void {
  const s = sbOf(w, sb);
  const old = s.s_relink_dir;
  if (dir !== null) dget(w, dir);
  s.s_relink_dir = dir;
  if (old !== null && !hasBug(kernelOf(w), 'relink-option-leak')) dput(w, old);
}

/**
 * What /proc/mounts shows for the option (our patch 0007, show_relink_opt): ",relink=" and the
 * dentry's path from the file system's root (fs/d_path.c: dentry_path, which appends "//deleted"
 * to a directory that was removed), or nothing while relink_dir is unset.
 */
export function showRelinkOpt(w: RWorld, sb: SuperBlockId): string | null {
  const dir = rSb(w, sb).s_relink_dir;
  if (dir === null) return null;
  const names: string[] = [];
  for (let d = rDentry(w, dir); d.d_parent !== d.id; d = rDentry(w, d.d_parent)) names.unshift(d.d_name);
  return `/${names.join('/')}${rDentry(w, dir).d_unhashed ? '//deleted' : ''}`;
}
