/**
 * Each table's record hashed for the raw fingerprint: the fields of its raw walk
 * (canonical-records.ts, ids named AS_IS) in the walk's order, fed to the one HashSink by their
 * type, without the walks' generic sink and id namer, and shorter: a one-word tag per kind, and
 * numbers and ids in the sink's short code (`int`, `id`: one word for a 32-bit integer, where the
 * walk's `val` spends two). Every field has a fixed place and a prefix-free code, so two records
 * hash the same words exactly when their walks emit the same values (test/checker/raw-record-hash.test.ts
 * holds every kind to the walk); a field added to a walk must be added here too, which that test
 * catches.
 */
import type { Cred } from '../model/cred.js';
import type { Dentry } from '../model/dentry.js';
import type { File } from '../model/file.js';
import type { Inode } from '../model/inode.js';
import type { MntNamespace, Mount } from '../model/mount.js';
import type { SuperBlock } from '../model/superblock.js';
import type { FdTable, Task } from '../model/task.js';
import type { HashSink } from './fingerprint-hash.js';

/** Each kind's first word (the walk's tag), so that records of two kinds never hash the same words. */
const enum Tag {
  Inode = 0x7a6b0001,
  Dentry,
  Mount,
  SuperBlock,
  File,
  FdTable,
  Task,
  MntNs,
}

export type RawRecordHash<T> = (s: HashSink, id: number, rec: T) => void;

function cred(s: HashSink, c: Cred): void {
  s.int(c.uid);
  s.int(c.gid);
  s.int(c.suid);
  s.int(c.sgid);
  s.int(c.euid);
  s.int(c.egid);
  s.int(c.fsuid);
  s.int(c.fsgid);
  s.nums(c.groups);
  s.int(c.cap_effective);
  s.int(c.cap_permitted);
  s.int(c.cap_bset);
  s.int(c.owner);
  s.int(c.serial);
}

function inode(s: HashSink, id: number, i: Inode): void {
  s.word(Tag.Inode);
  s.id(id);
  s.id(i.i_sb);
  s.int(i.i_ino);
  s.string(i.type);
  s.int(i.i_mode);
  s.int(i.i_uid);
  s.int(i.i_gid);
  s.int(i.i_nlink);
  s.int(i.i_count);
  s.int(i.i_state);
  s.int(i.i_flags);
  s.int(i.i_size);
  s.nested(i.i_data);
  s.val(i.i_link);
  s.nested(i.i_pipe);
  s.int(i.i_subvol);
}

function dentry(s: HashSink, id: number, d: Dentry): void {
  s.word(Tag.Dentry);
  s.id(id);
  s.string(d.d_name);
  s.id(d.d_parent);
  s.id(d.d_inode);
  s.id(d.d_sb);
  s.int(d.d_count);
  s.bool(d.d_unhashed);
  const children = d.d_children;
  const names = Object.keys(children);
  if (names.length > 1) names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  s.int(names.length);
  for (let k = 0; k < names.length; k++) {
    const n = names[k];
    s.string(n);
    s.id(children[n]);
  }
}

function mount(s: HashSink, id: number, m: Mount): void {
  s.word(Tag.Mount);
  s.id(id);
  s.id(m.mnt_sb);
  s.id(m.mnt_root);
  s.id(m.mnt_parent);
  s.id(m.mnt_mountpoint);
  s.int(m.mnt_flags);
  s.int(m.mnt_count);
  s.id(m.mnt_ns);
  const kids = m.mnt_mounts;
  s.int(kids.length);
  for (let k = 0; k < kids.length; k++) s.id(kids[k]);
  s.string(m.mnt_devname);
  s.int(m.mnt_id);
}

function superBlock(s: HashSink, id: number, b: SuperBlock): void {
  s.word(Tag.SuperBlock);
  s.id(id);
  s.string(b.s_type);
  s.id(b.s_root);
  s.int(b.s_active);
  s.int(b.s_flags);
  const orphans = b.s_orphans;
  s.int(orphans.length);
  for (let k = 0; k < orphans.length; k++) s.id(orphans[k]);
  s.int(b.s_next_ino);
  s.nums(b.s_free_inos);
  s.id(b.s_relink_dir);
  s.string(b.s_options);
  s.int(b.s_dev);
  s.int(b.s_blocksize);
  s.int(b.s_max_links);
}

function file(s: HashSink, id: number, f: File): void {
  s.word(Tag.File);
  s.id(id);
  s.id(f.f_path.mnt);
  s.id(f.f_path.dentry);
  s.id(f.f_inode);
  s.int(f.f_flags);
  s.int(f.f_mode);
  s.int(f.f_pos);
  s.int(f.f_count);
  cred(s, f.f_cred);
  s.int(f.f_dir_pos);
  s.int(f.f_dir_cookie);
  s.int(f.f_dir_last_index);
}

function fdTable(s: HashSink, id: number, t: FdTable): void {
  s.word(Tag.FdTable);
  s.id(id);
  s.int(t.count);
  const fds = Object.keys(t.fds); // array-index keys enumerate ascending, as in the walk
  s.int(fds.length);
  for (let k = 0; k < fds.length; k++) {
    const fd = Number(fds[k]);
    const e = t.fds[fd];
    if (e === undefined) continue;
    s.int(fd);
    s.id(e.file);
    s.bool(e.cloexec);
  }
}

function task(s: HashSink, _pid: number, t: Task): void {
  s.word(Tag.Task);
  s.int(t.pid);
  s.int(t.ppid);
  s.string(t.state);
  s.val(t.exit_code);
  s.int(t.umask);
  s.int(t.rlimit_nofile);
  cred(s, t.cred);
  s.id(t.files);
  s.id(t.root.mnt);
  s.id(t.root.dentry);
  s.id(t.pwd.mnt);
  s.id(t.pwd.dentry);
  s.id(t.mnt_ns);
  const b = t.blocked;
  if (b === null) s.val(null);
  else {
    s.nested(b.syscall);
    s.id(b.file);
    s.val(b.counter);
  }
}

function mntNs(s: HashSink, id: number, n: MntNamespace): void {
  s.word(Tag.MntNs);
  s.id(id);
  s.id(n.root);
  s.int(n.count);
}

/** Each table's record hash, in the order of footprint.ts's TABLES (inodes, dentries, ...), as RAW_WALKS. */
export const RAW_HASHES: readonly RawRecordHash<never>[] = [
  inode,
  dentry,
  mount,
  superBlock,
  file,
  fdTable,
  task,
  mntNs,
];
