/**
 * A canonical form of a World for state hashing: object ids are allocation artifacts, so they are
 * renamed in the order a fixed traversal meets them (tasks by pid, then what each refers to). Two
 * worlds that differ only in which ids they used get the same key (symmetry reduction).
 *
 * Inode numbers are renamed too, per superblock, and the allocator's state (s_next_ino,
 * s_free_inos) is left out: a file system promises only that live inodes of one superblock have
 * distinct numbers (fs/inode.c: iunique, fs/ext4/ialloc.c: __ext4_new_inode picks any free bit),
 * and no syscall of the model decides anything by an inode number's value; stat and getdents
 * report it, and O_TMPFILE's "#ino" dentry name, which keeps its digits here, is reached by no
 * lookup. The replay compares st_ino up to the same renaming. Checkpoint's relink names carry the
 * number, but checkpoint is a flow, not a syscall, and no explorer keys such states.
 * Other observable numbers (pids, fds, st_dev, mnt_id) are kept.
 *
 * Left out as well: the order of a directory's children (Dentry.d_seq), which only readdir shows.
 * Two worlds that differ only there are merged; no invariant or transition property reads a
 * listing's order, so no violation hides behind the merge.
 */
import type { Cred } from '../model/cred.js';
import { createHash } from 'node:crypto';
import { SYSCTL_NAMES } from '../model/sysctl.js';
import type { World } from '../model/world.js';
import { inflightForm } from '../invariants/inflight.js';

type Kind = 'inode' | 'dentry' | 'mount' | 'sb' | 'file' | 'fdtable' | 'mntns';

class Renamer {
  /** raw: keep every id as it is (no symmetry reduction), for counting states as a peer would. */
  constructor(readonly raw = false) {}

  readonly maps: Record<Kind, Map<number, number>> = {
    inode: new Map(),
    dentry: new Map(),
    mount: new Map(),
    sb: new Map(),
    file: new Map(),
    fdtable: new Map(),
    mntns: new Map(),
  };
  readonly queue: [Kind, number][] = [];
  /** Inode numbers by renamed superblock, in the order the traversal meets the inodes. */
  private readonly inos = new Map<number | null, Map<number, number>>();

  /** i_ino of an inode on renamed superblock `sb`: kept when raw, else its rank on that sb. */
  ino(sb: number | null, ino: number): number {
    if (this.raw) return ino;
    let m = this.inos.get(sb);
    if (m === undefined) {
      m = new Map();
      this.inos.set(sb, m);
    }
    let n = m.get(ino);
    if (n === undefined) {
      n = m.size + 1;
      m.set(ino, n);
    }
    return n;
  }

  id(kind: Kind, id: number | null | undefined): number | null {
    if (id === null || id === undefined) return null;
    const m = this.maps[kind];
    let n = m.get(id);
    if (n === undefined) {
      n = this.raw ? id : m.size + 1;
      m.set(id, n);
      this.queue.push([kind, id]);
    }
    return n;
  }
}

/**
 * The canonical text of a world (deterministic JSON with renamed ids). With `raw`, ids are kept
 * as allocated: the same fields in the same order, but worlds that differ only in their ids differ.
 */
function canonicalText(w: World, raw = false): string {
  const r = new Renamer(raw);
  // The sysctls are the machine's: two worlds that differ only in them answer differently.
  const out: unknown[] = [w.kernel, SYSCTL_NAMES.map((n) => w.sysctl[n])];
  const path = (p: { mnt: number; dentry: number }) => [r.id('mount', p.mnt), r.id('dentry', p.dentry)];
  const tasks = Object.values(w.tasks).sort((a, b) => a.pid - b.pid);
  for (const t of tasks) {
    out.push([
      'T',
      t.pid,
      t.ppid,
      t.state,
      t.exit_code,
      t.umask,
      credForm(t.cred),
      r.id('fdtable', t.files),
      path(t.root),
      path(t.pwd),
      r.id('mntns', t.mnt_ns),
      t.blocked === null ? null : [JSON.stringify(t.blocked.syscall), r.id('file', t.blocked.file), t.blocked.counter],
    ]);
    const inflight = inflightForm(w, t.pid, (kind, id) => r.id(kind, id));
    if (inflight !== null) out.push(inflight);
  }
  // Everything the tasks reach, breadth first; then anything nothing reaches, by id.
  const emit = (kind: Kind, id: number): void => {
    switch (kind) {
      case 'fdtable': {
        const t = w.fdtables[id];
        if (t === undefined) return;
        const fds = Object.entries(t.fds)
          .map(([fd, e]) => [Number(fd), r.id('file', e.file), e.cloexec])
          .sort((a, b) => (a[0] as number) - (b[0] as number));
        out.push(['FT', r.id('fdtable', id), t.count, fds]);
        return;
      }
      case 'file': {
        const f = w.files[id];
        if (f === undefined) return;
        out.push([
          'F',
          r.id('file', id),
          path(f.f_path),
          r.id('inode', f.f_inode),
          f.f_flags,
          f.f_mode,
          f.f_pos,
          f.f_count,
          credForm(f.f_cred),
          f.f_dir_pos,
          f.f_dir_cookie,
          f.f_dir_last_index,
        ]);
        return;
      }
      case 'mntns': {
        const n = w.mntns[id];
        if (n === undefined) return;
        out.push(['NS', r.id('mntns', id), r.id('mount', n.root), n.count]);
        return;
      }
      case 'mount': {
        const m = w.mounts[id];
        if (m === undefined) return;
        out.push([
          'M',
          r.id('mount', id),
          r.id('sb', m.mnt_sb),
          r.id('dentry', m.mnt_root),
          r.id('mount', m.mnt_parent),
          r.id('dentry', m.mnt_mountpoint),
          m.mnt_flags,
          m.mnt_count,
          m.mnt_ns === null ? null : r.id('mntns', m.mnt_ns),
          m.mnt_mounts.map((c) => r.id('mount', c)),
          m.mnt_devname,
          m.mnt_id,
        ]);
        return;
      }
      case 'sb': {
        const s = w.superblocks[id];
        if (s === undefined) return;
        out.push([
          'S',
          r.id('sb', id),
          s.s_type,
          r.id('dentry', s.s_root),
          s.s_active,
          s.s_flags,
          s.s_orphans.map((i) => r.id('inode', i)),
          r.raw ? s.s_next_ino : null,
          r.raw ? s.s_free_inos : null,
          s.s_relink_dir === null ? null : r.id('dentry', s.s_relink_dir),
          s.s_options,
          s.s_dev,
        ]);
        return;
      }
      case 'dentry': {
        const d = w.dentries[id];
        if (d === undefined) return;
        const kids = Object.entries(d.d_children)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([n, c]) => [n, r.id('dentry', c)]);
        out.push([
          'D',
          r.id('dentry', id),
          d.d_name,
          r.id('dentry', d.d_parent),
          r.id('inode', d.d_inode),
          r.id('sb', d.d_sb),
          d.d_count,
          d.d_unhashed,
          kids,
        ]);
        return;
      }
      case 'inode': {
        const i = w.inodes[id];
        if (i === undefined) return;
        const sb = r.id('sb', i.i_sb);
        out.push([
          'I',
          r.id('inode', id),
          sb,
          r.ino(sb, i.i_ino),
          i.type,
          i.i_mode,
          i.i_uid,
          i.i_gid,
          i.i_nlink,
          i.i_count,
          i.i_state,
          i.i_flags,
          i.i_size,
          i.i_data,
          i.i_link,
          i.i_pipe,
          i.i_subvol,
        ]);
        return;
      }
    }
  };
  let next = 0;
  const drain = (): void => {
    for (; next < r.queue.length; next++) {
      const [kind, id] = r.queue[next] ?? ['inode', 0];
      emit(kind, id);
    }
  };
  drain();
  // Objects nothing reaches (a leak, for instance) still count, in id order.
  const tables: [Kind, Readonly<Record<number, unknown>>][] = [
    ['mount', w.mounts],
    ['sb', w.superblocks],
    ['dentry', w.dentries],
    ['inode', w.inodes],
    ['file', w.files],
    ['fdtable', w.fdtables],
    ['mntns', w.mntns],
  ];
  for (const [kind, table] of tables) {
    for (const key of Object.keys(table)) {
      if (r.maps[kind].has(Number(key))) continue;
      r.id(kind, Number(key));
      drain();
    }
  }
  return JSON.stringify(out);
}

// A failed call returns the same World object, so its key is asked for again: remember it.
const keys = new WeakMap<World, string>();

/** A 20-byte key of the canonical form (what the explorers store per state). */
/**
 * A cred in the canonical form: every field but its identity, which stands for a pointer. Whether
 * a file's f_cred is its opener's current cred (linkat AT_EMPTY_PATH from 6.10) is kept as the
 * owner's pid and serial, so states differing only in how many commits led to equal creds differ.
 */
const credForm = (c: Cred): unknown[] => [
  c.uid,
  c.gid,
  c.suid,
  c.sgid,
  c.euid,
  c.egid,
  c.fsuid,
  c.fsgid,
  c.groups,
  c.cap_effective,
  c.cap_permitted,
  c.cap_bset,
  c.owner,
  c.serial,
];

export function stateKey(w: World): string {
  let k = keys.get(w);
  if (k === undefined) {
    k = createHash('sha1').update(canonicalText(w)).digest('base64');
    keys.set(w, k);
  }
  return k;
}

/**
 * The same without symmetry reduction: ids kept as allocated, and the id counters too. Without the
 * counters two worlds with the same objects but different next ids would share a key while their
 * futures differ (the next object's id), and the count would depend on the search order.
 */
export function rawStateKey(w: World): string {
  return createHash('sha1')
    .update(canonicalText(w, true) + JSON.stringify(w.next))
    .digest('base64');
}
