/**
 * A fast yes/no for the invariant registry, for callers that check after every step (replay, the
 * explorers). checkInvariants builds maps and messages for every invariant on every call; on this
 * model's small worlds that cost more than the step itself. This pass walks each table once with
 * reusable counters and allocates almost nothing.
 *
 * It is sound, not complete: `true` means checkInvariants would return no violation; `false` means
 * "look closer", and the caller runs checkInvariants for the real answer and its messages. It says
 * `false` on anything odd it does not model exactly (a record under another key, a strange id).
 * So `fastCheckInvariants` returns exactly what checkInvariants returns (test/checker/invariants-fast.test.ts).
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
import { checkInvariants, INVARIANTS } from './invariants.js';
import { RecordIndex, Tally, nextGeneration } from './record-index.js';
import type { Violation } from './violation.js';

const T = {
  i_count: new Tally(),
  d_count: new Tally(),
  mnt_count: new Tally(),
  f_count: new Tally(),
  s_active: new Tally(),
  fdtable: new Tally(),
  mntns: new Tally(),
  readers: new Tally(),
  writers: new Tally(),
  names: new Tally(),
  subdirs: new Tally(),
  hashedDir: new Tally(),
  orphanOf: new Tally(),
};
type Kind = 'i_count' | 'd_count' | 'mnt_count' | 'f_count' | 's_active' | 'fdtable' | 'mntns';
const KINDS: readonly Kind[] = ['i_count', 'd_count', 'mnt_count', 'f_count', 's_active', 'fdtable', 'mntns'];

const byId = (r: { readonly id: number }): number => r.id;
const X = {
  inodes: new RecordIndex<Inode>(byId),
  dentries: new RecordIndex<Dentry>(byId),
  mounts: new RecordIndex<Mount>(byId),
  superblocks: new RecordIndex<SuperBlock>(byId),
  files: new RecordIndex<File>(byId),
  fdtables: new RecordIndex<FdTable>(byId),
  tasks: new RecordIndex<Task>((t) => t.pid),
  mntns: new RecordIndex<MntNamespace>(byId),
};

/**
 * pathsOnTheirMount's test of one path: a dentry of the mount's superblock. A missing record is
 * noDanglingIds's to report (the ledger's totals catch it here), so it passes this test.
 */
const onMount = (m: Mount | undefined, d: Dentry | undefined): boolean =>
  m === undefined || d === undefined || d.d_sb === m.mnt_sb;
const pathOnMount = (p: Path): boolean => onMount(X.mounts.get(p.mnt), X.dentries.get(p.dentry));

/** Whether `o` has an own enumerable key, without listing them. */
function hasKeys(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

/** true only when every registered invariant holds in `w`. */
export function invariantsHold(w: World): boolean {
  // A call in flight holds references this pass does not count: the full check takes such a world.
  if (w.inflight !== undefined && hasKeys(w.inflight)) return false;
  nextGeneration();
  for (const kind of KINDS) T[kind].total = 0;
  const D = X.dentries.load(w.dentries);
  const M = X.mounts.load(w.mounts);
  const F = X.files.load(w.files);
  const P = X.tasks.load(w.tasks);
  const FT = X.fdtables.load(w.fdtables);
  const S = X.superblocks.load(w.superblocks);
  const NS = X.mntns.load(w.mntns);
  const I = X.inodes.load(w.inodes);
  const inodes = X.inodes;
  const dentries = X.dentries;
  const mounts = X.mounts;
  const superblocks = X.superblocks;
  if (D === null || M === null || F === null || P === null || FT === null || S === null || NS === null || I === null)
    return false;

  for (const d of D) {
    if (dentries.get(d.d_parent) === undefined) return false;
    let deadDir = false;
    if (d.d_inode !== null) {
      const inode = inodes.get(d.d_inode);
      if (inode === undefined || !T.i_count.add(d.d_inode)) return false;
      deadDir = inode.type === 'dir' && (inode.i_flags & S_DEAD) !== 0;
      if (!d.d_unhashed) {
        const isRoot = d.d_parent === d.id;
        if (!isRoot && !T.names.add(d.d_inode, 1)) return false;
        if (inode.type === 'dir') {
          if (!T.hashedDir.add(d.d_inode, 1)) return false;
          const parentIno = isRoot ? null : dentries.get(d.d_parent)?.d_inode;
          if (parentIno !== null && parentIno !== undefined && !T.subdirs.add(parentIno, 1)) return false;
        }
      }
    }
    if (d.d_parent !== d.id && !T.d_count.add(d.d_parent)) return false;
    const kids = d.d_children;
    for (const name in kids) {
      const c = dentries.get(kids[name]);
      if (c === undefined || c.d_parent !== d.id || c.d_name !== name || c.d_unhashed) return false;
      if (deadDir && c.d_inode !== null) return false; // deadDirsAreEmpty
    }
  }
  for (const m of M) {
    const sb = superblocks.get(m.mnt_sb);
    const root = dentries.get(m.mnt_root);
    const parent = mounts.get(m.mnt_parent);
    if (sb === undefined || root === undefined || parent === undefined) return false;
    // pathsOnTheirMount: a mount's root is its superblock's, its mountpoint its parent's.
    if (root.d_sb !== m.mnt_sb) return false;
    if (m.mnt_parent !== m.id && m.mnt_ns !== null && !onMount(parent, dentries.get(m.mnt_mountpoint))) return false;
    if (!T.s_active.add(m.mnt_sb) || !T.d_count.add(m.mnt_root)) return false;
    if (m.mnt_ns !== null) {
      if (!T.mnt_count.add(m.id)) return false;
      if (m.mnt_parent !== m.id && !(T.mnt_count.add(m.mnt_parent) && T.d_count.add(m.mnt_mountpoint))) return false;
    }
    if (FS_TYPES[sb.s_type].internal && !T.mnt_count.add(m.id)) return false;
  }
  for (const f of F) {
    const { mnt, dentry } = f.f_path;
    const fm = mounts.get(mnt);
    const fd = dentries.get(dentry);
    if (fm === undefined || fd === undefined || inodes.get(f.f_inode) === undefined) return false;
    if (fd.d_sb !== fm.mnt_sb) return false; // pathsOnTheirMount
    if (!T.d_count.add(dentry) || !T.mnt_count.add(mnt)) return false;
    if (f.f_count > 0) {
      if ((f.f_mode & FMODE_READ) !== 0 && !T.readers.add(f.f_inode, 1)) return false;
      if ((f.f_mode & FMODE_WRITE) !== 0 && !T.writers.add(f.f_inode, 1)) return false;
    }
  }
  for (const t of P) {
    if (t.state === 'zombie') continue;
    if (X.fdtables.get(t.files) === undefined || X.mntns.get(t.mnt_ns) === undefined) return false;
    if (!pathOnMount(t.root) || !pathOnMount(t.pwd)) return false;
    if (!T.d_count.add(t.root.dentry) || !T.mnt_count.add(t.root.mnt)) return false;
    if (!T.d_count.add(t.pwd.dentry) || !T.mnt_count.add(t.pwd.mnt)) return false;
    if (!T.fdtable.add(t.files) || !T.mntns.add(t.mnt_ns)) return false;
    const bf = t.blocked?.file;
    if (bf !== null && bf !== undefined && !T.f_count.add(bf)) return false;
  }
  const counted: Record<Kind, number> = {
    i_count: 0,
    d_count: 0,
    mnt_count: 0,
    f_count: 0,
    s_active: 0,
    fdtable: 0,
    mntns: 0,
  };
  for (const t of FT) {
    if (t.count !== T.fdtable.get(t.id)) return false;
    counted.fdtable += t.count;
    for (const e of Object.values(t.fds)) if (!T.f_count.add(e.file)) return false;
  }
  for (const sb of S) {
    if (sb.s_relink_dir !== null && !T.d_count.add(sb.s_relink_dir)) return false;
    const relinkDir = sb.s_relink_dir === null ? undefined : dentries.get(sb.s_relink_dir);
    if (relinkDir !== undefined && relinkDir.d_sb !== sb.id) return false; // pathsOnTheirMount
    if (sb.s_active !== T.s_active.get(sb.id)) return false;
    counted.s_active += sb.s_active;
    for (const id of sb.s_orphans) {
      // An inode listed twice, or by two superblocks: let the full check say which.
      if (inodes.get(id) === undefined || T.orphanOf.get(id) !== 0 || !T.orphanOf.add(id, sb.id + 1)) return false;
    }
  }
  for (const n of NS) {
    if (n.count !== T.mntns.get(n.id)) return false;
    counted.mntns += n.count;
  }
  for (const f of F) {
    if (f.f_count !== T.f_count.get(f.id)) return false;
    counted.f_count += f.f_count;
  }
  for (const m of M) {
    if (m.mnt_count !== T.mnt_count.get(m.id)) return false;
    counted.mnt_count += m.mnt_count;
  }
  for (const d of D) {
    if (d.d_count !== T.d_count.get(d.id)) return false;
    counted.d_count += d.d_count;
  }
  for (const i of I) {
    if (i.i_count !== T.i_count.get(i.id)) return false;
    counted.i_count += i.i_count;
    if (i.i_nlink === 0 && i.i_count === 0) return false; // deletedInodesEvicted
    if ((i.i_state & I_LINKABLE) !== 0 && i.i_nlink !== 0) return false;
    const sb = superblocks.get(i.i_sb);
    if (sb !== undefined) {
      const fs = FS_TYPES[sb.s_type];
      let want: number;
      if (i.type !== 'dir') want = T.names.get(i.id);
      else if ((i.i_flags & S_DEAD) !== 0 || T.hashedDir.get(i.id) === 0) want = 0;
      else if (!fs.dirNlinkCountsSubdirs) want = 1;
      else want = 2 + T.subdirs.get(i.id);
      const stuck = i.type === 'dir' && want > 0 && i.i_nlink === 1 && fs.dirNlinkSticksAtOne;
      if (i.i_nlink !== want && !stuck) return false;
      const orphan = fs.orphans && i.i_nlink === 0 && i.i_count > 0;
      if (orphan !== (T.orphanOf.get(i.id) === sb.id + 1)) return false;
    }
    if (i.type === 'fifo') {
      const readers = T.readers.get(i.id);
      const writers = T.writers.get(i.id);
      const pipe = i.i_pipe;
      if (pipe === null) {
        if (readers + writers > 0) return false;
      } else if (pipe.readers !== readers || pipe.writers !== writers || pipe.readers + pipe.writers === 0)
        return false;
    }
  }
  // Every holder counted lands on an existing record exactly when the sums agree (counts checked above).
  for (const kind of KINDS) if (T[kind].total !== counted[kind]) return false;
  return true;
}

/**
 * The invariants the pass above decides (inflightIdsLive holds trivially in the worlds it says yes
 * to: no call is in flight). Any other invariant in the registry (and every one added later) is
 * still run in full, so the answer stays exact.
 */
const COVERED = new Set([
  'noDanglingIds',
  'refcountLedger',
  'nlinkMatchesNames',
  'orphanListIsExact',
  'pipeEndsMatchFiles',
  'linkableOnlyUnlinked',
  'deadDirsAreEmpty',
  'pathsOnTheirMount',
  'deletedInodesEvicted',
  'inflightIdsLive',
]);
const NOT_COVERED = INVARIANTS.filter((i) => !COVERED.has(i.name));

/** What checkInvariants returns, computed fast when everything holds. */
export function fastCheckInvariants(w: World): Violation[] {
  return invariantsHold(w) ? checkRest(w) : checkInvariants(w);
}

/**
 * What checkInvariants returns for a world in which every invariant this pass decides holds (said
 * by this pass, or by the incremental check, which decides the same ones): the others run in full.
 */
export function checkRest(w: World): Violation[] {
  return NOT_COVERED.length === 0 || checkInvariants(w, NOT_COVERED).length === 0 ? [] : checkInvariants(w);
}
