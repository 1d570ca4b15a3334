/**
 * One-level copies of a world's records and of its id counters, for the undo of the search in place
 * (undo-world.ts), written out field by field: in Node 20 an object spread costs 130-150 ns however
 * few its fields, a literal of the same fields about 7 ns (bench/NOTES.md), and the search copies a
 * record or the counters at every call. Each copier is typed by its record, so a required field
 * added to the model and not here fails to compile; an optional one is copied when present. Tests
 * hold every copy to its record's own keys at every save (undo-world.ts: checkSharing).
 */
import type { Dentry } from '../../model/dentry.js';
import type { File } from '../../model/file.js';
import type { Inode } from '../../model/inode.js';
import type { MntNamespace, Mount } from '../../model/mount.js';
import type { SuperBlock } from '../../model/superblock.js';
import type { FdTable, Task } from '../../model/task.js';
import type { NextIds } from '../../model/world.js';
import { TABLES } from '../../ops/run/footprint.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const inode = (i: Inode): Inode => ({
  id: i.id,
  i_sb: i.i_sb,
  i_ino: i.i_ino,
  type: i.type,
  i_mode: i.i_mode,
  i_uid: i.i_uid,
  i_gid: i.i_gid,
  i_nlink: i.i_nlink,
  i_count: i.i_count,
  i_state: i.i_state,
  i_flags: i.i_flags,
  i_size: i.i_size,
  i_data: i.i_data,
  i_link: i.i_link,
  i_pipe: i.i_pipe,
  i_subvol: i.i_subvol,
});

const dentry = (d: Dentry): Dentry => ({
  id: d.id,
  d_sb: d.d_sb,
  d_name: d.d_name,
  d_parent: d.d_parent,
  d_inode: d.d_inode,
  d_count: d.d_count,
  d_unhashed: d.d_unhashed,
  d_children: d.d_children,
  d_seq: d.d_seq,
});

const mount = (m: Mount): Mount => ({
  id: m.id,
  mnt_id: m.mnt_id,
  mnt_sb: m.mnt_sb,
  mnt_root: m.mnt_root,
  mnt_parent: m.mnt_parent,
  mnt_mountpoint: m.mnt_mountpoint,
  mnt_flags: m.mnt_flags,
  mnt_count: m.mnt_count,
  mnt_ns: m.mnt_ns,
  mnt_mounts: m.mnt_mounts,
  mnt_devname: m.mnt_devname,
});

const superBlock = (s: SuperBlock): SuperBlock => ({
  id: s.id,
  s_type: s.s_type,
  s_root: s.s_root,
  s_active: s.s_active,
  s_flags: s.s_flags,
  s_max_links: s.s_max_links,
  s_blocksize: s.s_blocksize,
  s_orphans: s.s_orphans,
  s_next_ino: s.s_next_ino,
  s_free_inos: s.s_free_inos,
  s_relink_dir: s.s_relink_dir,
  s_options: s.s_options,
  s_dev: s.s_dev,
});

const file = (f: File): File => {
  const o: Mutable<File> = {
    id: f.id,
    f_path: f.f_path,
    f_inode: f.f_inode,
    f_flags: f.f_flags,
    f_mode: f.f_mode,
    f_pos: f.f_pos,
    f_count: f.f_count,
    f_cred: f.f_cred,
    f_dir_pos: f.f_dir_pos,
    f_dir_cookie: f.f_dir_cookie,
    f_dir_last_index: f.f_dir_last_index,
  };
  if ('f_fs_context' in f) o.f_fs_context = f.f_fs_context;
  return o;
};

const fdTable = (t: FdTable): FdTable => ({ id: t.id, count: t.count, fds: t.fds });

const task = (t: Task): Task => {
  const o: Mutable<Task> = {
    pid: t.pid,
    ppid: t.ppid,
    state: t.state,
    blocked: t.blocked,
    exit_code: t.exit_code,
    files: t.files,
    root: t.root,
    pwd: t.pwd,
    umask: t.umask,
    rlimit_nofile: t.rlimit_nofile,
    cred: t.cred,
    mnt_ns: t.mnt_ns,
  };
  if ('fs_shared' in t) o.fs_shared = t.fs_shared;
  return o;
};

const mntNamespace = (n: MntNamespace): MntNamespace => ({ id: n.id, root: n.root, count: n.count });

/** Per table, in TABLES' order (the undo frame's kinds), the copier of its records. */
const BY_TABLE = {
  inodes: inode,
  dentries: dentry,
  mounts: mount,
  superblocks: superBlock,
  files: file,
  fdtables: fdTable,
  tasks: task,
  mntns: mntNamespace,
} as const satisfies Record<(typeof TABLES)[number], unknown>;

export const COPY_RECORD: readonly ((rec: object) => object)[] = TABLES.map(
  (t) => BY_TABLE[t] as (rec: object) => object,
);

/** The id counters, copied. */
export const copyNextIds = (n: NextIds): NextIds => ({
  inode: n.inode,
  dentry: n.dentry,
  mount: n.mount,
  sb: n.sb,
  file: n.file,
  fdtable: n.fdtable,
  mntns: n.mntns,
  pid: n.pid,
  mnt_id: n.mnt_id,
  dev: n.dev,
});
