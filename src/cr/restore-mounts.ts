/**
 * Restart puts back the mounts the image's files were opened through before it opens them, the
 * way criu/mount.c restores a mount tree: a mount is the same when it shows the same directory of
 * the same file system at the same place; a missing bind mount is made again with mount(MS_BIND)
 * from a mount of that file system the restarter has. Files are then opened through the mount's
 * place plus their path inside the mount (ImageFile.mntPath), never by a path that may cross
 * another mount.
 *
 * A restored bind mount gets the image's per-mount options (ro, nosuid, ...), and after each open
 * restart checks the fd is on the restored mount (what statx's mnt_id tells a restorer).
 *
 * What restart refuses, naming the mount (rather than silently opening whatever the path now
 * reaches): a file system with no mount left in the restarter's namespace that reaches the
 * directory uncovered, to bind from; a mount of another task's namespace that the restarter's
 * namespace has no equal of (restart makes no namespaces, and will not leak a private mount into
 * its own); a lazily unmounted mount; a name inside a restored mount that now crosses another
 * mount (a mount made over one of its directories, or over the mount itself, since checkpoint).
 */
import type { DentryId, MountId, Pid } from '../model/ids.js';
import type { ImageMount } from '../model/image.js';
import type { Mount } from '../model/mount.js';
import { AT_FDCWD, MS_BIND, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_RDONLY, MS_REMOUNT } from '../model/flags.js';
import { MNT_NODEV, MNT_NOEXEC, MNT_NOSUID, MNT_READONLY } from '../model/mount.js';
import { MOUNT_OPTIONS } from './checkpoint-mounts.js';
import type { Restorer } from './criu-remap.js';
import { filenameLookup, LOOKUP_FOLLOW } from '../ops/vfs/namei.js';
import { dPath } from '../ops/vfs/d-path.js';
import { ModelBug } from '../model/errors.js';
import { rDentry, rFile, rMount, rSb, rTask, type RWorld } from '../ops/vfs/world-draft.js';

/** The directory a live mount shows, as mountinfo's root field spells it. */
function rootOf(w: RWorld, m: Mount): string {
  return dirInFs(w, m.mnt_root);
}

/** A dentry's path from its file system's root. */
function dirInFs(w: RWorld, d: DentryId): string {
  const parts: string[] = [];
  for (let cur = d; rDentry(w, cur).d_parent !== cur; cur = rDentry(w, cur).d_parent)
    parts.unshift(rDentry(w, cur).d_name);
  return `/${parts.join('/')}`;
}

/** Does `path` reach directory `dir` of mount `m` itself, crossing no mount on the way? */
function reaches(w: RWorld, pid: Pid, path: string, m: Mount, dir: string): boolean {
  const at = filenameLookup(w, rTask(w, pid), AT_FDCWD, path, LOOKUP_FOLLOW);
  return at.ok && at.value.kind === 'path' && at.value.path.mnt === m.id && dirInFs(w, at.value.path.dentry) === dir;
}

const sameFs = (w: RWorld, m: Mount, want: ImageMount): boolean => {
  const sb = rSb(w, m.mnt_sb);
  return sb.s_type === want.fstype && sb.s_dev === want.dev;
};

/** The mount a path reaches in the restarter, if the path names a mount's root. */
function mountAt(w: RWorld, pid: Pid, path: string): Mount | null {
  const at = filenameLookup(w, rTask(w, pid), AT_FDCWD, path, LOOKUP_FOLLOW);
  if (!at.ok || at.value.kind !== 'path') return null;
  const m = w.mounts[at.value.path.mnt];
  return m !== undefined && m.mnt_root === at.value.path.dentry ? m : null;
}

const describe = (m: ImageMount): string =>
  `mount ${m.id} (${m.fstype} ${m.devname}, directory ${m.root}, at ${m.mountpoint})`;

/** `path` joined under `dir`: "/" + "/a" is "/a", "/c" + "/" is "/c". */
export function joinPath(dir: string, path: string): string {
  if (path === '/' || path === '') return dir;
  return dir === '/' ? path : `${dir}${path}`;
}

/** Where a restored mount is: its root's name in the restarter's namespace, and the live mount. */
export interface PlacedMount {
  readonly place: string;
  readonly live: MountId;
}

/**
 * The restarter's name, through mount `to`, of the dentry at `mntPath` inside mount `from`: null
 * when `to` shows another file system or a directory that does not hold it. (criu/files-reg.c:
 * rfi_remap converts both names of a link to one mount of the device, convert_path_from_another_mp.)
 */
export function throughMount(
  places: ReadonlyMap<number, PlacedMount>,
  from: ImageMount,
  mntPath: string,
  to: ImageMount,
): string | null {
  const place = places.get(to.id)?.place;
  if (place === undefined || from.dev !== to.dev || from.fstype !== to.fstype) return null;
  const full = joinPath(from.root, mntPath);
  if (to.root === '/') return joinPath(place, full);
  if (full === to.root) return place;
  return full.startsWith(`${to.root}/`) ? joinPath(place, full.slice(to.root.length)) : null;
}

const equal = (w: RWorld, m: Mount, want: ImageMount): boolean =>
  sameFs(w, m, want) && rootOf(w, m) === want.root && (m.mnt_flags & MOUNT_OPTIONS) === want.flags;

/** mount(2)'s flags for a mount's options (fs/namespace.c: path_mount maps them back). */
const msFlags = (mnt: number): number =>
  ((mnt & MNT_READONLY) !== 0 ? MS_RDONLY : 0) |
  ((mnt & MNT_NOSUID) !== 0 ? MS_NOSUID : 0) |
  ((mnt & MNT_NODEV) !== 0 ? MS_NODEV : 0) |
  ((mnt & MNT_NOEXEC) !== 0 ? MS_NOEXEC : 0);

/** Put back one mount; returns where it is. */
function restoreMount(w: RWorld, r: Restorer, pid: Pid, want: ImageMount): PlacedMount {
  const task = rTask(w, pid);
  const there = mountAt(w, pid, want.mountpoint);
  if (there !== null && equal(w, there, want)) return { place: want.mountpoint, live: there.id };
  // An equal mount at that place under another one: it is the mount (its files then cannot be
  // reached by name, and opening them fails saying so); another bind on top would hide more.
  const below = Object.values(w.mounts).find(
    (m) =>
      m.mnt_ns === task.mnt_ns &&
      equal(w, m, want) &&
      dPath(w, task, { mnt: m.id, dentry: m.mnt_root }) === want.mountpoint,
  );
  if (below !== undefined) return { place: want.mountpoint, live: below.id };
  if (want.ns === 'detached')
    return r.fail('ENOENT', 'mount', `${describe(want)} was lazily unmounted: it is in no namespace to restore`);
  if (want.ns === 'other')
    return r.fail(
      'ENOENT',
      'mount',
      `${describe(want)} was in another task's mount namespace and the restarter's namespace has no equal of it; restart makes no namespaces and will not add a private mount to its own`,
    );
  // criu/mount.c: a bind mount is made from a mount of the same file system showing a directory
  // above the one wanted.
  for (const m of Object.values(w.mounts)) {
    if (m.mnt_ns !== task.mnt_ns || !sameFs(w, m, want)) continue;
    const root = rootOf(w, m);
    if (root !== '/' && want.root !== root && !want.root.startsWith(`${root}/`)) continue;
    const place = dPath(w, task, { mnt: m.id, dentry: m.mnt_root });
    const source = joinPath(place, root === '/' ? want.root : want.root.slice(root.length));
    // The source must name that directory of that mount: not a mount over it or over a parent.
    if (!reaches(w, pid, source, m, want.root)) continue;
    r.meta();
    const sc = { call: 'mount', source, target: want.mountpoint, fstype: '', flags: MS_BIND, data: '' } as const;
    const made = r.attempt(sc);
    if (typeof made !== 'number') return r.fail(made, sc.call, `${describe(want)}: bind mount of ${source}: ${made}`);
    // A bind mount takes its source's options: set the ones the image has (mount -o remount,bind).
    const bound = mountAt(w, pid, want.mountpoint);
    if (bound !== null && (bound.mnt_flags & MOUNT_OPTIONS) !== want.flags) {
      r.meta();
      const flags = MS_REMOUNT | MS_BIND | msFlags(want.flags);
      const set = r.attempt({ call: 'mount', source: '', target: want.mountpoint, fstype: '', flags, data: '' });
      if (typeof set !== 'number') return r.fail(set, 'mount', `${describe(want)}: its options: ${set}`);
    }
    const now = mountAt(w, pid, want.mountpoint);
    if (now === null || !equal(w, now, want)) throw new ModelBug(`${describe(want)}: the bind mount is not on top`);
    return { place: want.mountpoint, live: now.id };
  }
  return r.fail(
    'ENOENT',
    'mount',
    `${describe(want)}: the restarter's namespace has no mount of that file system (dev ${want.dev}) that reaches ${want.root} uncovered, to bind it from`,
  );
}

/**
 * Is `pid`'s `fd` on the restored mount `m`? What a restorer checks with statx's mnt_id after an
 * open: a name inside a mount may cross a mount made over one of its directories (or over the
 * mount itself) since checkpoint, and then reaches another file. Returns what it reached instead.
 */
export function offMount(w: RWorld, pid: Pid, fd: number, m: PlacedMount): string | null {
  const file = w.fdtables[rTask(w, pid).files]?.fds[fd]?.file;
  if (file === undefined) throw new ModelBug(`no fd ${fd} just after opening it`);
  const got = rMount(w, rFile(w, file).f_path.mnt);
  return got.id === m.live
    ? null
    : `mount ${got.mnt_id}, not the restored mount ${rMount(w, m.live).mnt_id} at ${m.place}`;
}

/** Why a name inside the restored mount `m` failed: its directory is on another mount now. */
export function crossedMount(w: RWorld, pid: Pid, path: string, m: PlacedMount): string | null {
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  const at = filenameLookup(w, rTask(w, pid), AT_FDCWD, dir, LOOKUP_FOLLOW);
  if (!at.ok || at.value.kind !== 'path' || at.value.path.mnt === m.live) return null;
  return `${dir} is on mount ${rMount(w, at.value.path.mnt).mnt_id}, not the restored mount ${rMount(w, m.live).mnt_id} at ${m.place}`;
}

/**
 * Every mount the files need, parents (shorter mount points) first, then in the order they were
 * made (mnt_id), so a stack at one place is rebuilt bottom up; returns where each one is now, by
 * the image's mnt_id.
 */
export function restoreMounts(
  w: RWorld,
  r: Restorer,
  pid: Pid,
  files: readonly { readonly mount: ImageMount }[],
): Map<number, PlacedMount> {
  const wanted = new Map<number, ImageMount>();
  for (const f of files) if (!wanted.has(f.mount.id)) wanted.set(f.mount.id, f.mount);
  const depth = (m: ImageMount): number => (m.mountpoint === '/' ? 0 : m.mountpoint.split('/').length);
  const order = [...wanted.values()].sort((a, b) => depth(a) - depth(b) || a.id - b.id);
  const places = new Map<number, PlacedMount>();
  for (const m of order) places.set(m.id, restoreMount(w, r, pid, m));
  return places;
}
