/**
 * One record of a World in canonical form: what the canonical traversal (canonical-walk.ts) emits
 * for a task or a table's record, given how ids are named. Written once for both readers of it:
 * the traversal, which names ids in the order it meets them, and the incremental raw fingerprint
 * (raw-fingerprint.ts), which keeps them and hashes each record on its own.
 */
import type { Cred } from '../model/cred.js';
import type { Dentry } from '../model/dentry.js';
import type { File } from '../model/file.js';
import type { Inode } from '../model/inode.js';
import type { MntNamespace, Mount } from '../model/mount.js';
import type { SuperBlock } from '../model/superblock.js';
import type { FdTable, Task } from '../model/task.js';

export type Kind = 'inode' | 'dentry' | 'mount' | 'sb' | 'file' | 'fdtable' | 'mntns';

/** What the traversal emits: record tags, scalars, and nested plain values (arrays, records). */
export interface CanonicalSink {
  tag(t: string): void;
  val(v: number | string | boolean | null): void;
  nested(v: unknown): void;
}

/** How a record's references are written: renamed (symmetry reduction) or as they are (raw). */
export interface IdNamer {
  /** Ids, inode numbers and the allocator's state kept as they are. */
  readonly raw: boolean;
  id(kind: Kind, id: number | null | undefined): number | null;
  /** i_ino of an inode on (named) superblock `sb`. */
  ino(sb: number | null, ino: number): number;
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

function path(s: CanonicalSink, r: IdNamer, p: { mnt: number; dentry: number }): void {
  s.val(r.id('mount', p.mnt));
  s.val(r.id('dentry', p.dentry));
}

/** A task, without its call in flight (the world's, emitted after it by the traversal). */
export function walkTask(s: CanonicalSink, r: IdNamer, t: Task): void {
  s.tag('T');
  s.val(t.pid);
  s.val(t.ppid);
  s.val(t.state);
  s.val(t.exit_code);
  s.val(t.umask);
  s.val(t.rlimit_nofile);
  cred(s, t.cred);
  s.val(r.id('fdtable', t.files));
  path(s, r, t.root);
  path(s, r, t.pwd);
  s.val(r.id('mntns', t.mnt_ns));
  if (t.blocked === null) s.val(null);
  else {
    s.nested(t.blocked.syscall);
    s.val(r.id('file', t.blocked.file));
    s.val(t.blocked.counter);
  }
}

export function walkFdTable(s: CanonicalSink, r: IdNamer, id: number, t: FdTable): void {
  s.tag('FT');
  s.val(r.id('fdtable', id));
  s.val(t.count);
  const fds = Object.keys(t.fds); // array-index keys enumerate ascending (ECMA-262 OrdinaryOwnPropertyKeys)
  s.val(fds.length);
  for (const fd of fds) {
    const e = t.fds[Number(fd)];
    if (e === undefined) continue;
    s.val(Number(fd));
    s.val(r.id('file', e.file));
    s.val(e.cloexec);
  }
}

export function walkFile(s: CanonicalSink, r: IdNamer, id: number, f: File): void {
  s.tag('F');
  s.val(r.id('file', id));
  path(s, r, f.f_path);
  s.val(r.id('inode', f.f_inode));
  s.val(f.f_flags);
  s.val(f.f_mode);
  s.val(f.f_pos);
  s.val(f.f_count);
  cred(s, f.f_cred);
  s.val(f.f_dir_pos);
  s.val(f.f_dir_cookie);
  s.val(f.f_dir_last_index);
}

export function walkMntNs(s: CanonicalSink, r: IdNamer, id: number, n: MntNamespace): void {
  s.tag('NS');
  s.val(r.id('mntns', id));
  s.val(r.id('mount', n.root));
  s.val(n.count);
}

export function walkMount(s: CanonicalSink, r: IdNamer, id: number, m: Mount): void {
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
}

export function walkSuperBlock(s: CanonicalSink, r: IdNamer, id: number, b: SuperBlock): void {
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
  s.val(b.s_blocksize);
  s.val(b.s_max_links);
}

export function walkDentry(s: CanonicalSink, r: IdNamer, id: number, d: Dentry): void {
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
}

export function walkInode(s: CanonicalSink, r: IdNamer, id: number, i: Inode): void {
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
}
