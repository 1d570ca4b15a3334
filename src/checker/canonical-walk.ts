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
import { SYSCTL_NAMES } from '../model/sysctl.js';
import type { World } from '../model/world.js';
import { inflightForm } from '../invariants/inflight.js';
import {
  walkDentry,
  walkFdTable,
  walkFile,
  walkInode,
  walkMntNs,
  walkMount,
  walkSuperBlock,
  walkTask,
  type CanonicalSink,
  type IdNamer,
  type Kind,
} from './canonical-records.js';

export type { CanonicalSink } from './canonical-records.js';

class Renamer implements IdNamer {
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

/** Walk `w` in canonical order into `s`; `raw` keeps ids, inode numbers and the allocator's state. */
export function walkCanonical(w: World, raw: boolean, s: CanonicalSink): void {
  const r = new Renamer(raw);
  // The sysctls are the machine's: two worlds that differ only in them answer differently.
  s.val(w.kernel);
  for (const n of SYSCTL_NAMES) s.val(w.sysctl[n]);
  // Array-index keys enumerate in ascending order (ECMA-262 OrdinaryOwnPropertyKeys): by pid.
  for (const key of Object.keys(w.tasks)) {
    const t = w.tasks[Number(key)];
    if (t === undefined) continue;
    walkTask(s, r, t);
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
        if (t !== undefined) walkFdTable(s, r, id, t);
        return;
      }
      case 'file': {
        const f = w.files[id];
        if (f !== undefined) walkFile(s, r, id, f);
        return;
      }
      case 'mntns': {
        const n = w.mntns[id];
        if (n !== undefined) walkMntNs(s, r, id, n);
        return;
      }
      case 'mount': {
        const m = w.mounts[id];
        if (m !== undefined) walkMount(s, r, id, m);
        return;
      }
      case 'sb': {
        const b = w.superblocks[id];
        if (b !== undefined) walkSuperBlock(s, r, id, b);
        return;
      }
      case 'dentry': {
        const d = w.dentries[id];
        if (d !== undefined) walkDentry(s, r, id, d);
        return;
      }
      case 'inode': {
        const i = w.inodes[id];
        if (i !== undefined) walkInode(s, r, id, i);
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
