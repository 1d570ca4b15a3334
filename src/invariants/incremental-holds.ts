/**
 * The fast invariant pass (invariants-fast.ts) cut per record, for the incremental check
 * (invariants-incremental.ts): what each record holds (the counts it adds to, the records it names)
 * and the checks that read one record and the tallies. Together over every record they are that
 * pass; the incremental check redoes them only for the records a call touched and the records whose
 * tallies those changed.
 */
import { FMODE_READ, FMODE_WRITE } from '../model/file.js';
import { FS_TYPES } from '../model/fstype.js';
import { I_LINKABLE, S_DEAD } from '../model/inode.js';
import type { Dentry } from '../model/dentry.js';
import type { File } from '../model/file.js';
import type { Inode } from '../model/inode.js';
import type { MntNamespace, Mount, Path } from '../model/mount.js';
import type { SuperBlock } from '../model/superblock.js';
import type { FdTable, Task } from '../model/task.js';
import type { World } from '../model/world.js';

/** The tables, in this order: a record's kind is its table's index. */
export const TABLES = ['inodes', 'dentries', 'mounts', 'superblocks', 'files', 'fdtables', 'tasks', 'mntns'] as const;
export const INODE = 0;
export const DENTRY = 1;
export const MOUNT = 2;
export const SB = 3;
export const FILE = 4;
export const FDTABLE = 5;
export const TASK = 6;
export const MNTNS = 7;

// Tallies, by the id they count for. The first seven are compared with a record's own count.
export const I_COUNT = 0;
export const D_COUNT = 1;
export const MNT_COUNT = 2;
export const F_COUNT = 3;
export const S_ACTIVE = 4;
export const FDT_COUNT = 5;
export const NS_COUNT = 6;
export const NAMES = 7;
export const SUBDIRS = 8;
export const HASHED_DIR = 9;
export const READERS = 10;
export const WRITERS = 11;
/** How many orphan lists name the inode, and the sum of their superblocks' ids plus one. */
export const ORPHAN_LISTS = 12;
export const ORPHAN_SB = 13;
/** Dentries whose d_parent is this one (itself not counted). */
export const CHILDREN = 14;
/** REF + kind: every reference to a record of that kind; a record gone must have none. */
export const REF = 15;
export const TALLIES = REF + TABLES.length;

/** The kind of record each tally is about (a change to it asks for that record's check again). */
export const TARGET: readonly number[] = [
  ...[INODE, DENTRY, MOUNT, FILE, SB, FDTABLE, MNTNS], // the counts, in tally order
  ...[NAMES, SUBDIRS, HASHED_DIR, READERS, WRITERS, ORPHAN_LISTS, ORPHAN_SB].map(() => INODE),
  -1, // CHILDREN: read only to refuse a dentry with children another inode
  // REF: what a reference needs (a live record) is checked where it is added and where a record goes.
  ...TABLES.map(() => -1),
];

/** Reads of the tallies, for the checks. */
export type TallyOf = (tally: number, id: number) => number;
type Rec = Readonly<Record<number, unknown>>;
/**
 * A record's holds being gathered: triples in v[0 .. n). Emptied by `n = 0`, not `v.length = 0`,
 * which makes V8 drop the array's storage and grow it again (most of this check's garbage).
 */
export class Holds {
  readonly v: number[] = [];
  n = 0;
}
type Out = Holds;

const hold = (out: Out, tally: number, id: number, by = 1): void => {
  const v = out.v;
  let n = out.n;
  v[n++] = tally; // n <= v.length: in place, or appended
  v[n++] = id;
  v[n++] = by;
  out.n = n;
};
const ref = (out: Out, kind: number, id: number): void => hold(out, REF + kind, id);

function dentryHolds(w: World, d: Dentry, out: Out): void {
  const isRoot = d.d_parent === d.id;
  ref(out, DENTRY, d.d_parent);
  if (!isRoot) {
    hold(out, D_COUNT, d.d_parent);
    hold(out, CHILDREN, d.d_parent);
  }
  if (d.d_inode !== null) {
    ref(out, INODE, d.d_inode);
    hold(out, I_COUNT, d.d_inode);
    if (!d.d_unhashed) {
      if (!isRoot) hold(out, NAMES, d.d_inode);
      if (w.inodes[d.d_inode]?.type === 'dir') {
        hold(out, HASHED_DIR, d.d_inode);
        const parentIno = isRoot ? null : w.dentries[d.d_parent]?.d_inode;
        if (parentIno !== null && parentIno !== undefined) hold(out, SUBDIRS, parentIno);
      }
    }
  }
  // Its children are not references here: a child that goes has its parent's listing checked.
}

function mountHolds(w: World, m: Mount, out: Out): void {
  ref(out, SB, m.mnt_sb);
  ref(out, DENTRY, m.mnt_root);
  ref(out, MOUNT, m.mnt_parent);
  hold(out, S_ACTIVE, m.mnt_sb);
  hold(out, D_COUNT, m.mnt_root);
  if (m.mnt_ns !== null) {
    hold(out, MNT_COUNT, m.id);
    if (m.mnt_parent !== m.id) {
      hold(out, MNT_COUNT, m.mnt_parent);
      hold(out, D_COUNT, m.mnt_mountpoint);
      ref(out, DENTRY, m.mnt_mountpoint);
    }
  }
  const sb = w.superblocks[m.mnt_sb];
  if (sb !== undefined && FS_TYPES[sb.s_type].internal) hold(out, MNT_COUNT, m.id);
}

function fileHolds(f: File, out: Out): void {
  ref(out, MOUNT, f.f_path.mnt);
  ref(out, DENTRY, f.f_path.dentry);
  ref(out, INODE, f.f_inode);
  hold(out, D_COUNT, f.f_path.dentry);
  hold(out, MNT_COUNT, f.f_path.mnt);
  if (f.f_count > 0) {
    if ((f.f_mode & FMODE_READ) !== 0) hold(out, READERS, f.f_inode);
    if ((f.f_mode & FMODE_WRITE) !== 0) hold(out, WRITERS, f.f_inode);
  }
}

function pathHolds(p: Path, out: Out): void {
  ref(out, DENTRY, p.dentry);
  ref(out, MOUNT, p.mnt);
  hold(out, D_COUNT, p.dentry);
  hold(out, MNT_COUNT, p.mnt);
}

function taskHolds(t: Task, out: Out): void {
  if (t.state === 'zombie') return;
  ref(out, FDTABLE, t.files);
  ref(out, MNTNS, t.mnt_ns);
  pathHolds(t.root, out);
  pathHolds(t.pwd, out);
  hold(out, FDT_COUNT, t.files);
  hold(out, NS_COUNT, t.mnt_ns);
  const bf = t.blocked?.file;
  if (bf !== null && bf !== undefined) {
    ref(out, FILE, bf);
    hold(out, F_COUNT, bf);
  }
}

function fdtableHolds(t: FdTable, out: Out): void {
  // Object.values, not for-in: the same entries in the same order (integer keys ascending), without a key string each.
  for (const e of Object.values(t.fds)) {
    const file = e?.file ?? -1;
    ref(out, FILE, file);
    hold(out, F_COUNT, file);
  }
}

function sbHolds(sb: SuperBlock, out: Out): void {
  if (sb.s_relink_dir !== null) {
    ref(out, DENTRY, sb.s_relink_dir);
    hold(out, D_COUNT, sb.s_relink_dir);
  }
  for (const id of sb.s_orphans) {
    ref(out, INODE, id);
    hold(out, ORPHAN_LISTS, id);
    hold(out, ORPHAN_SB, id, sb.id + 1);
  }
}

/** What the record of kind `k` holds, as (tally, id, by) triples appended to `out` (from out.n). */
export function holdsOf(w: World, k: number, rec: unknown, out: Out): void {
  switch (k) {
    case DENTRY:
      return dentryHolds(w, rec as Dentry, out);
    case MOUNT:
      return mountHolds(w, rec as Mount, out);
    case FILE:
      return fileHolds(rec as File, out);
    case TASK:
      return taskHolds(rec as Task, out);
    case FDTABLE:
      return fdtableHolds(rec as FdTable, out);
    case SB:
      return sbHolds(rec as SuperBlock, out);
    default:
      return; // inodes and namespaces hold nothing the pass counts
  }
}

/** The record's own id (a task's pid): it must be the key it is filed under. */
export const idOf = (k: number, rec: unknown): number =>
  k === TASK ? (rec as Task).pid : (rec as { readonly id: number }).id;

const onMount = (m: Mount | undefined, d: Dentry | undefined): boolean =>
  m === undefined || d === undefined || d.d_sb === m.mnt_sb;
const pathOnMount = (w: World, p: Path): boolean => onMount(w.mounts[p.mnt], w.dentries[p.dentry]);

/**
 * A dentry's count, and with `listing` its children's names and, in a dead directory, their
 * emptiness (d_children is a map without a prototype: slow to enumerate, so only when asked).
 */
function dentryOk(w: World, d: Dentry, T: TallyOf, listing: boolean): boolean {
  if (d.d_count !== T(D_COUNT, d.id)) return false;
  if (!listing) return true;
  const inode = d.d_inode === null ? undefined : w.inodes[d.d_inode];
  const deadDir = inode !== undefined && inode.type === 'dir' && (inode.i_flags & S_DEAD) !== 0;
  const kids = d.d_children;
  for (const name in kids) {
    const c = w.dentries[kids[name] ?? -1];
    if (c === undefined || c.d_parent !== d.id || c.d_name !== name || c.d_unhashed) return false;
    if (deadDir && c.d_inode !== null) return false; // deadDirsAreEmpty
  }
  return true;
}

/**
 * pathsOnTheirMount for what a record names: read from the records it names (they exist: the
 * caller checked its references), from fields no good call changes (d_sb, mnt_sb). So a record's
 * links need checking only when what it holds changed.
 */
export function linksOk(w: World, k: number, rec: unknown): boolean {
  switch (k) {
    case MOUNT: {
      const m = rec as Mount;
      if (w.dentries[m.mnt_root]?.d_sb !== m.mnt_sb) return false;
      return (
        m.mnt_parent === m.id || m.mnt_ns === null || onMount(w.mounts[m.mnt_parent], w.dentries[m.mnt_mountpoint])
      );
    }
    case FILE: {
      const f = rec as File;
      return pathOnMount(w, f.f_path);
    }
    case TASK: {
      const t = rec as Task;
      return t.state === 'zombie' || (pathOnMount(w, t.root) && pathOnMount(w, t.pwd));
    }
    case SB: {
      const sb = rec as SuperBlock;
      return sb.s_relink_dir === null || w.dentries[sb.s_relink_dir]?.d_sb === sb.id;
    }
    default:
      return true;
  }
}

function inodeOk(w: World, i: Inode, T: TallyOf): boolean {
  if (i.i_count !== T(I_COUNT, i.id)) return false;
  if (i.i_nlink === 0 && i.i_count === 0) return false; // deletedInodesEvicted
  if ((i.i_state & I_LINKABLE) !== 0 && i.i_nlink !== 0) return false;
  const lists = T(ORPHAN_LISTS, i.id);
  if (lists > 1) return false;
  const sb = w.superblocks[i.i_sb];
  if (sb !== undefined) {
    const fs = FS_TYPES[sb.s_type];
    let want: number;
    if (i.type !== 'dir') want = T(NAMES, i.id);
    else if ((i.i_flags & S_DEAD) !== 0 || T(HASHED_DIR, i.id) === 0) want = 0;
    else if (!fs.dirNlinkCountsSubdirs) want = 1;
    else want = 2 + T(SUBDIRS, i.id);
    const stuck = i.type === 'dir' && want > 0 && i.i_nlink === 1 && fs.dirNlinkSticksAtOne;
    if (i.i_nlink !== want && !stuck) return false;
    const orphan = fs.orphans && i.i_nlink === 0 && i.i_count > 0;
    if (orphan !== (lists === 1 && T(ORPHAN_SB, i.id) === sb.id + 1)) return false;
  }
  if (i.type === 'fifo') {
    const readers = T(READERS, i.id);
    const writers = T(WRITERS, i.id);
    const pipe = i.i_pipe;
    if (pipe === null) return readers + writers === 0;
    if (pipe.readers !== readers || pipe.writers !== writers || pipe.readers + pipe.writers === 0) return false;
  }
  return true;
}

/**
 * A live record's own checks against the tallies: its count, and an inode's link count, orphan
 * listing and pipe ends; a dentry's children only with `listing`. Whether what it names exists is
 * the tallies' REF (checked where a reference is added and where a record goes), its links linksOk.
 */
export function recordOk(w: World, k: number, rec: unknown, T: TallyOf, listing: boolean): boolean {
  switch (k) {
    case INODE:
      return inodeOk(w, rec as Inode, T);
    case DENTRY:
      return dentryOk(w, rec as Dentry, T, listing);
    case MOUNT:
      return (rec as Mount).mnt_count === T(MNT_COUNT, (rec as Mount).id);
    case SB:
      return (rec as SuperBlock).s_active === T(S_ACTIVE, (rec as SuperBlock).id);
    case FILE:
      return (rec as File).f_count === T(F_COUNT, (rec as File).id);
    case FDTABLE:
      return (rec as FdTable).count === T(FDT_COUNT, (rec as FdTable).id);
    case TASK:
      return true;
    default:
      return (rec as MntNamespace).count === T(NS_COUNT, (rec as MntNamespace).id);
  }
}

/** The tables by kind, in TABLES' order. */
export const tablesOf = (w: World): Rec[] => [
  w.inodes,
  w.dentries,
  w.mounts,
  w.superblocks,
  w.files,
  w.fdtables,
  w.tasks,
  w.mntns,
];

/** The same, into `out` (a check after every call reuses one array). */
export function setTables(out: Rec[], w: World): void {
  out[INODE] = w.inodes;
  out[DENTRY] = w.dentries;
  out[MOUNT] = w.mounts;
  out[SB] = w.superblocks;
  out[FILE] = w.files;
  out[FDTABLE] = w.fdtables;
  out[TASK] = w.tasks;
  out[MNTNS] = w.mntns;
}
