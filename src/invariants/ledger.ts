/**
 * The refcount ledger: every count the model keeps equals the holders found in the graph. This is
 * the check a leak or a double put fails first. Holders are listed in docs/model.md.
 */
import { FMODE_READ, FMODE_WRITE } from '../model/file.js';
import { FS_TYPES } from '../model/fstype.js';
import type { World } from '../model/world.js';
import { inflightHolders } from './inflight.js';
import type { Violation } from './violation.js';

type Tally = Map<number, number>;
const bump = (t: Tally, id: number, by = 1): void => {
  t.set(id, (t.get(id) ?? 0) + by);
};

/** The counts the graph implies, computed from scratch. */
export interface ExpectedCounts {
  readonly i_count: Tally;
  readonly d_count: Tally;
  readonly mnt_count: Tally;
  readonly f_count: Tally;
  readonly s_active: Tally;
  readonly fdtable: Tally;
  readonly mntns: Tally;
  readonly readers: Tally;
  readonly writers: Tally;
}

function expectedCounts(w: World): ExpectedCounts {
  const e: ExpectedCounts = {
    i_count: new Map(),
    d_count: new Map(),
    mnt_count: new Map(),
    f_count: new Map(),
    s_active: new Map(),
    fdtable: new Map(),
    mntns: new Map(),
    readers: new Map(),
    writers: new Map(),
  };
  for (const d of Object.values(w.dentries)) {
    if (d.d_inode !== null) bump(e.i_count, d.d_inode);
    if (d.d_parent !== d.id) bump(e.d_count, d.d_parent);
  }
  for (const m of Object.values(w.mounts)) {
    bump(e.s_active, m.mnt_sb);
    bump(e.d_count, m.mnt_root);
    const attached = m.mnt_ns !== null;
    if (attached) bump(e.mnt_count, m.id); // the tree (or the namespace, for its root) holds it
    if (attached && m.mnt_parent !== m.id) {
      bump(e.mnt_count, m.mnt_parent);
      bump(e.d_count, m.mnt_mountpoint);
    }
    const sb = w.superblocks[m.mnt_sb];
    if (sb !== undefined && FS_TYPES[sb.s_type].internal) bump(e.mnt_count, m.id); // kern_mount
  }
  for (const f of Object.values(w.files)) {
    bump(e.d_count, f.f_path.dentry);
    bump(e.mnt_count, f.f_path.mnt);
    if (f.f_count > 0) {
      if (f.f_mode & FMODE_READ) bump(e.readers, f.f_inode);
      if (f.f_mode & FMODE_WRITE) bump(e.writers, f.f_inode);
    }
  }
  for (const t of Object.values(w.tasks)) {
    if (t.state === 'zombie') continue;
    for (const p of [t.root, t.pwd]) {
      bump(e.d_count, p.dentry);
      bump(e.mnt_count, p.mnt);
    }
    bump(e.fdtable, t.files);
    bump(e.mntns, t.mnt_ns);
    if (t.blocked?.file !== null && t.blocked?.file !== undefined) bump(e.f_count, t.blocked.file);
  }
  for (const table of Object.values(w.fdtables)) {
    for (const entry of Object.values(table.fds)) bump(e.f_count, entry.file);
  }
  for (const sb of Object.values(w.superblocks)) {
    if (sb.s_relink_dir !== null) {
      bump(e.d_count, sb.s_relink_dir);
    }
  }
  // Calls in the middle of their steps hold references too (src/ops/steps/).
  const held = inflightHolders(w);
  for (const [tally, ids] of [
    [e.d_count, held.d_count],
    [e.mnt_count, held.mnt_count],
    [e.i_count, held.i_count],
    [e.f_count, held.f_count],
  ] as const) {
    for (const id of ids) bump(tally, id);
  }
  return e;
}

function compare(
  invariant: string,
  what: string,
  table: Readonly<Record<number, object>>,
  actual: (o: never) => number,
  expected: Tally,
  out: Violation[],
): void {
  for (const [key, obj] of Object.entries(table)) {
    const id = Number(key);
    const have = actual(obj as never);
    const want = expected.get(id) ?? 0;
    if (have !== want) out.push({ invariant, message: `${what} ${id}: count ${have}, holders ${want}` });
  }
  for (const id of expected.keys()) {
    if (table[id] === undefined) out.push({ invariant, message: `${what} ${id} is held but does not exist` });
  }
}

/** Every i_count, d_count, mnt_count, f_count, s_active and share count equals its holders. */
export function refcountLedger(w: World): Violation[] {
  const e = expectedCounts(w);
  const out: Violation[] = [];
  const name = 'refcountLedger';
  compare(name, 'inode i_count', w.inodes, (i: { i_count: number }) => i.i_count, e.i_count, out);
  compare(name, 'dentry d_count', w.dentries, (d: { d_count: number }) => d.d_count, e.d_count, out);
  compare(name, 'mount mnt_count', w.mounts, (m: { mnt_count: number }) => m.mnt_count, e.mnt_count, out);
  compare(name, 'file f_count', w.files, (f: { f_count: number }) => f.f_count, e.f_count, out);
  compare(name, 'superblock s_active', w.superblocks, (s: { s_active: number }) => s.s_active, e.s_active, out);
  compare(name, 'fd table count', w.fdtables, (t: { count: number }) => t.count, e.fdtable, out);
  compare(name, 'mnt namespace count', w.mntns, (n: { count: number }) => n.count, e.mntns, out);
  return out;
}

/** fs/pipe.c: fifo_open / pipe_release — pipe readers and writers equal the open ends. */
export function pipeEndsMatchFiles(w: World): Violation[] {
  const e = expectedCounts(w);
  const out: Violation[] = [];
  for (const inode of Object.values(w.inodes)) {
    const readers = e.readers.get(inode.id) ?? 0;
    const writers = e.writers.get(inode.id) ?? 0;
    if (inode.type !== 'fifo') continue;
    const pipe = inode.i_pipe;
    if (pipe === null) {
      if (readers + writers > 0) {
        out.push({ invariant: 'pipeEndsMatchFiles', message: `fifo inode ${inode.id} has open ends but no pipe` });
      }
      continue;
    }
    if (pipe.readers !== readers || pipe.writers !== writers) {
      out.push({
        invariant: 'pipeEndsMatchFiles',
        message: `fifo inode ${inode.id}: pipe readers/writers ${pipe.readers}/${pipe.writers}, open ends ${readers}/${writers}`,
      });
    }
    if (pipe.readers + pipe.writers === 0) {
      out.push({ invariant: 'pipeEndsMatchFiles', message: `fifo inode ${inode.id} keeps a pipe with no ends` });
    }
  }
  return out;
}
