/**
 * The canonical traversal of a World, once, for both of its readers: the text key (canonical.ts:
 * SHA-1 of a JSON form, for shard files and tests) and the 64-bit fingerprint (fingerprint.ts: a
 * hash fed value by value, for the explorers' visited sets). Object ids are allocation artifacts,
 * so they are renamed in the order a fixed traversal meets them (tasks by pid, then what each
 * refers to): two worlds that differ only in which ids they used walk the same (symmetry
 * reduction).
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
 *
 * Every record starts with a tag and has a fixed number of fields, so the sequence a sink receives
 * decodes to one world form only (what makes a hash of it a fingerprint and not a guess).
 */
import type { Cred } from '../model/cred.js';
import { SYSCTL_NAMES } from '../model/sysctl.js';
import type { World } from '../model/world.js';
import { inflightForm } from '../invariants/inflight.js';

type Kind = 'inode' | 'dentry' | 'mount' | 'sb' | 'file' | 'fdtable' | 'mntns';

/** What the traversal emits: record tags, scalars, and nested plain values (arrays, records). */
export interface CanonicalSink {
  tag(t: string): void;
  val(v: number | string | boolean | null): void;
  nested(v: unknown): void;
}

class Renamer {
  /** raw: keep every id as it is (no symmetry reduction), for counting states as a peer would. */
  constructor(readonly raw: boolean) {}

  readonly maps: Record<Kind, Map<number, number>> = {
    inode: new Map(),
    dentry: new Map(),
    mount: new Map(),
    sb: new Map(),
    file: new Map(),
    fdtable: new Map(),
    mntns: new Map(),
  };
  readonly queueKinds: Kind[] = [];
  readonly queueIds: number[] = [];
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
      this.queueKinds.push(kind);
      this.queueIds.push(id);
    }
    return n;
  }
}

/**
 * A cred: every field but its identity, which stands for a pointer. Whether a file's f_cred is its
 * opener's current cred (linkat AT_EMPTY_PATH from 6.10) is kept as the owner's pid and serial, so
 * states differing only in how many commits led to equal creds differ.
 */
function cred(s: CanonicalSink, c: Cred): void {
  s.val(c.uid);
  s.val(c.gid);
  s.val(c.suid);
  s.val(c.sgid);
  s.val(c.euid);
  s.val(c.egid);
  s.val(c.fsuid);
  s.val(c.fsgid);
  s.nested(c.groups);
  s.val(c.cap_effective);
  s.val(c.cap_permitted);
  s.val(c.cap_bset);
  s.val(c.owner);
  s.val(c.serial);
}

/** Walk `w` in canonical order into `s`; `raw` keeps ids, inode numbers and the allocator's state. */
export function walkCanonical(w: World, raw: boolean, s: CanonicalSink): void {
  const r = new Renamer(raw);
  // The sysctls are the machine's: two worlds that differ only in them answer differently.
  s.val(w.kernel);
  for (const n of SYSCTL_NAMES) s.val(w.sysctl[n]);
  const path = (p: { mnt: number; dentry: number }): void => {
    s.val(r.id('mount', p.mnt));
    s.val(r.id('dentry', p.dentry));
  };
  // Array-index keys enumerate in ascending order (ECMA-262 OrdinaryOwnPropertyKeys): by pid.
  for (const key of Object.keys(w.tasks)) {
    const t = w.tasks[Number(key)];
    if (t === undefined) continue;
    s.tag('T');
    s.val(t.pid);
    s.val(t.ppid);
    s.val(t.state);
    s.val(t.exit_code);
    s.val(t.umask);
    cred(s, t.cred);
    s.val(r.id('fdtable', t.files));
    path(t.root);
    path(t.pwd);
    s.val(r.id('mntns', t.mnt_ns));
    if (t.blocked === null) s.val(null);
    else {
      s.nested(t.blocked.syscall);
      s.val(r.id('file', t.blocked.file));
      s.val(t.blocked.counter);
    }
    const inflight = inflightForm(w, t.pid, (kind, id) => r.id(kind, id));
    if (inflight !== null) {
      s.tag('IF');
      s.nested(inflight);
    }
  }
  const emit = (kind: Kind, id: number): void => {
    switch (kind) {
      case 'fdtable': {
        const t = w.fdtables[id];
        if (t === undefined) return;
        s.tag('FT');
        s.val(r.id('fdtable', id));
        s.val(t.count);
        const fds = Object.keys(t.fds); // ascending fd numbers, as above
        s.val(fds.length);
        for (const fd of fds) {
          const e = t.fds[Number(fd)];
          if (e === undefined) continue;
          s.val(Number(fd));
          s.val(r.id('file', e.file));
          s.val(e.cloexec);
        }
        return;
      }
      case 'file': {
        const f = w.files[id];
        if (f === undefined) return;
        s.tag('F');
        s.val(r.id('file', id));
        path(f.f_path);
        s.val(r.id('inode', f.f_inode));
        s.val(f.f_flags);
        s.val(f.f_mode);
        s.val(f.f_pos);
        s.val(f.f_count);
        cred(s, f.f_cred);
        s.val(f.f_dir_pos);
        s.val(f.f_dir_cookie);
        s.val(f.f_dir_last_index);
        return;
      }
      case 'mntns': {
        const n = w.mntns[id];
        if (n === undefined) return;
        s.tag('NS');
        s.val(r.id('mntns', id));
        s.val(r.id('mount', n.root));
        s.val(n.count);
        return;
      }
      case 'mount': {
        const m = w.mounts[id];
        if (m === undefined) return;
        s.tag('M');
        s.val(r.id('mount', id));
        s.val(r.id('sb', m.mnt_sb));
        s.val(r.id('dentry', m.mnt_root));
        s.val(r.id('mount', m.mnt_parent));
        s.val(r.id('dentry', m.mnt_mountpoint));
        s.val(m.mnt_flags);
        s.val(m.mnt_count);
        s.val(m.mnt_ns === null ? null : r.id('mntns', m.mnt_ns));
        s.val(m.mnt_mounts.length);
        for (const c of m.mnt_mounts) s.val(r.id('mount', c));
        s.val(m.mnt_devname);
        s.val(m.mnt_id);
        return;
      }
      case 'sb': {
        const b = w.superblocks[id];
        if (b === undefined) return;
        s.tag('S');
        s.val(r.id('sb', id));
        s.val(b.s_type);
        s.val(r.id('dentry', b.s_root));
        s.val(b.s_active);
        s.val(b.s_flags);
        s.val(b.s_orphans.length);
        for (const i of b.s_orphans) s.val(r.id('inode', i));
        s.val(r.raw ? b.s_next_ino : null);
        s.nested(r.raw ? b.s_free_inos : null);
        s.val(b.s_relink_dir === null ? null : r.id('dentry', b.s_relink_dir));
        s.val(b.s_options);
        s.val(b.s_dev);
        return;
      }
      case 'dentry': {
        const d = w.dentries[id];
        if (d === undefined) return;
        s.tag('D');
        s.val(r.id('dentry', id));
        s.val(d.d_name);
        s.val(r.id('dentry', d.d_parent));
        s.val(r.id('inode', d.d_inode));
        s.val(r.id('sb', d.d_sb));
        s.val(d.d_count);
        s.val(d.d_unhashed);
        const names = Object.keys(d.d_children);
        if (names.length > 1) names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        s.val(names.length);
        for (const n of names) {
          s.val(n);
          s.val(r.id('dentry', d.d_children[n]));
        }
        return;
      }
      case 'inode': {
        const i = w.inodes[id];
        if (i === undefined) return;
        const sb = r.id('sb', i.i_sb);
        s.tag('I');
        s.val(r.id('inode', id));
        s.val(sb);
        s.val(r.ino(sb, i.i_ino));
        s.val(i.type);
        s.val(i.i_mode);
        s.val(i.i_uid);
        s.val(i.i_gid);
        s.val(i.i_nlink);
        s.val(i.i_count);
        s.val(i.i_state);
        s.val(i.i_flags);
        s.val(i.i_size);
        s.nested(i.i_data);
        s.val(i.i_link);
        s.nested(i.i_pipe);
        s.val(i.i_subvol);
        return;
      }
    }
  };
  let next = 0;
  const drain = (): void => {
    for (; next < r.queueIds.length; next++) emit(r.queueKinds[next] ?? 'inode', r.queueIds[next] ?? 0);
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
      s.tag('U');
      r.id(kind, Number(key));
      drain();
    }
  }
  if (raw) {
    // The id counters: without them two worlds with the same objects but different next ids
    // would walk alike while their futures differ (the next object's id).
    s.tag('N');
    s.nested(w.next);
  }
}
