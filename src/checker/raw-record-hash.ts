/**
 * Each table's record hashed as its raw walk (canonical-records.ts, ids named AS_IS) hashes it, the
 * walk written out per kind for the raw fingerprint: every field fed to the one HashSink by its
 * type (num, ref, string), without the walks' generic sink and id namer. The words hashed, and so
 * the hash, are the walk's (test/checker/raw-record-hash.test.ts holds every kind to it); a field
 * added to a walk must be added here too, which that test catches.
 */
import type { Cred } from '../model/cred.js';
import type { Dentry } from '../model/dentry.js';
import type { File } from '../model/file.js';
import type { Inode } from '../model/inode.js';
import type { MntNamespace, Mount } from '../model/mount.js';
import type { SuperBlock } from '../model/superblock.js';
import type { FdTable, Task } from '../model/task.js';
import type { HashSink } from './fingerprint-hash.js';

export type RawRecordHash<T> = (s: HashSink, id: number, rec: T) => void;

function cred(s: HashSink, c: Cred): void {
  s.num(c.uid);
  s.num(c.gid);
  s.num(c.suid);
  s.num(c.sgid);
  s.num(c.euid);
  s.num(c.egid);
  s.num(c.fsuid);
  s.num(c.fsgid);
  s.nums(c.groups);
  s.num(c.cap_effective);
  s.num(c.cap_permitted);
  s.num(c.cap_bset);
  s.num(c.owner);
  s.num(c.serial);
}

function inode(s: HashSink, id: number, i: Inode): void {
  s.tag('I');
  s.ref(id);
  s.ref(i.i_sb);
  s.num(i.i_ino);
  s.string(i.type);
  s.num(i.i_mode);
  s.num(i.i_uid);
  s.num(i.i_gid);
  s.num(i.i_nlink);
  s.num(i.i_count);
  s.num(i.i_state);
  s.num(i.i_flags);
  s.num(i.i_size);
  s.nested(i.i_data);
  s.val(i.i_link);
  s.nested(i.i_pipe);
  s.num(i.i_subvol);
}

function dentry(s: HashSink, id: number, d: Dentry): void {
  s.tag('D');
  s.ref(id);
  s.string(d.d_name);
  s.ref(d.d_parent);
  s.ref(d.d_inode);
  s.ref(d.d_sb);
  s.num(d.d_count);
  s.bool(d.d_unhashed);
  const children = d.d_children;
  const names = Object.keys(children);
  if (names.length > 1) names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  s.num(names.length);
  for (let k = 0; k < names.length; k++) {
    const n = names[k];
    s.string(n);
    s.ref(children[n]);
  }
}

function mount(s: HashSink, id: number, m: Mount): void {
  s.tag('M');
  s.ref(id);
  s.ref(m.mnt_sb);
  s.ref(m.mnt_root);
  s.ref(m.mnt_parent);
  s.ref(m.mnt_mountpoint);
  s.num(m.mnt_flags);
  s.num(m.mnt_count);
  s.ref(m.mnt_ns);
  const kids = m.mnt_mounts;
  s.num(kids.length);
  for (let k = 0; k < kids.length; k++) s.ref(kids[k]);
  s.string(m.mnt_devname);
  s.num(m.mnt_id);
}

function superBlock(s: HashSink, id: number, b: SuperBlock): void {
  s.tag('S');
  s.ref(id);
  s.string(b.s_type);
  s.ref(b.s_root);
  s.num(b.s_active);
  s.num(b.s_flags);
  const orphans = b.s_orphans;
  s.num(orphans.length);
  for (let k = 0; k < orphans.length; k++) s.ref(orphans[k]);
  s.num(b.s_next_ino);
  s.nums(b.s_free_inos);
  s.ref(b.s_relink_dir);
  s.string(b.s_options);
  s.num(b.s_dev);
}

function file(s: HashSink, id: number, f: File): void {
  s.tag('F');
  s.ref(id);
  s.ref(f.f_path.mnt);
  s.ref(f.f_path.dentry);
  s.ref(f.f_inode);
  s.num(f.f_flags);
  s.num(f.f_mode);
  s.num(f.f_pos);
  s.num(f.f_count);
  cred(s, f.f_cred);
  s.num(f.f_dir_pos);
  s.num(f.f_dir_cookie);
  s.num(f.f_dir_last_index);
}

function fdTable(s: HashSink, id: number, t: FdTable): void {
  s.tag('FT');
  s.ref(id);
  s.num(t.count);
  const fds = Object.keys(t.fds); // array-index keys enumerate ascending, as in the walk
  s.num(fds.length);
  for (let k = 0; k < fds.length; k++) {
    const fd = Number(fds[k]);
    const e = t.fds[fd];
    if (e === undefined) continue;
    s.num(fd);
    s.ref(e.file);
    s.bool(e.cloexec);
  }
}

function task(s: HashSink, _pid: number, t: Task): void {
  s.tag('T');
  s.num(t.pid);
  s.num(t.ppid);
  s.string(t.state);
  s.val(t.exit_code);
  s.num(t.umask);
  cred(s, t.cred);
  s.ref(t.files);
  s.ref(t.root.mnt);
  s.ref(t.root.dentry);
  s.ref(t.pwd.mnt);
  s.ref(t.pwd.dentry);
  s.ref(t.mnt_ns);
  const b = t.blocked;
  if (b === null) s.val(null);
  else {
    s.nested(b.syscall);
    s.ref(b.file);
    s.val(b.counter);
  }
}

function mntNs(s: HashSink, id: number, n: MntNamespace): void {
  s.tag('NS');
  s.ref(id);
  s.ref(n.root);
  s.num(n.count);
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
