/**
 * The explicit mapping between relinklab's worlds of the relink alphabet and the Promela model's
 * states (bench/spin/relink.pml): one text form both write, relinklab here from a World, pan from
 * its state vector (bench/spin/dump.pml). Two states are the same state when their forms are equal.
 *
 *   rd=RELINK_DIR next=INODE,DENTRY,FILE,INO dc=ROOT,CKPT,DATA mc=ROOT,BIND fds=FD:FILE,...
 *   orphans=ID,... free=INO,... I<id>=... D<id>=... F<id>=...
 *
 * - rd: the root superblock's relink_dir as a path (/ckpt, /data) or none;
 * - next: the next inode, dentry and file ids (world.next) and the next inode number (s_next_ino);
 * - dc: d_count of /, /ckpt and /data; mc: mnt_count of the root mount and of the bind mount /c;
 * - fds: the worker's (pid 2) descriptors from 3 on, with their file ids;
 * - orphans: s_orphans in order; free: s_free_inos in order;
 * - I<id>=i_ino,reg|fifo,i_nlink,i_count,I_LINKABLE 0|1,i_size[,pipe=readers/writers/r_counter/w_counter/bytes]
 *   for each inode the operations made (the start's are constant);
 * - D<id>=path,inode,hashed|unhashed,d_count for each dentry they made;
 * - F<id>=root|bind (the mount it was opened through),dentry,f_pos,f_count for each file they made.
 *
 * What the form leaves out is constant over the alphabet or a function of what it keeps (the data,
 * all 'x', is its size; a file's inode is its dentry's; s_options is relink_dir's path); the
 * comparison checks that on every state it meets: as many distinct forms as distinct raw keys.
 */
import type { World } from '../src/model/world.js';
import type { DentryId } from '../src/model/ids.js';
import { I_LINKABLE } from '../src/model/inode.js';
import { ModelBug } from '../src/model/errors.js';

/** The worker task of the relink alphabet, whose descriptors the operations use. */
const WORKER = 2;

export class SpinForm {
  private readonly rootSb: number;
  private readonly rootDentry: DentryId;
  private readonly ckpt: DentryId;
  private readonly data: DentryId;
  private readonly rootMount: number;
  private readonly bindMount: number;
  private readonly startInodes: ReadonlySet<number>;
  private readonly startDentries: ReadonlySet<number>;
  private readonly startFiles: ReadonlySet<number>;

  /** `start` is the alphabet's start world (startWorld), which names the constant objects. */
  constructor(start: World) {
    const root = Object.values(start.mounts).find((m) => m.mnt_parent === m.id && m.mnt_ns !== null);
    if (root === undefined) throw new ModelBug('SpinForm: the start world has no root mount');
    this.rootMount = root.id;
    this.rootSb = root.mnt_sb;
    this.rootDentry = root.mnt_root;
    const under = (name: string): DentryId => {
      const d = start.dentries[this.rootDentry]?.d_children[name];
      if (d === undefined) throw new ModelBug(`SpinForm: the start world has no /${name}`);
      return d;
    };
    this.ckpt = under('ckpt');
    this.data = under('data');
    const bind = Object.values(start.mounts).find((m) => m.id !== root.id && m.mnt_root === this.data);
    if (bind === undefined) throw new ModelBug('SpinForm: the start world has no bind mount of /data');
    this.bindMount = bind.id;
    this.startInodes = new Set(Object.keys(start.inodes).map(Number));
    this.startDentries = new Set(Object.keys(start.dentries).map(Number));
    this.startFiles = new Set(Object.keys(start.files).map(Number));
  }

  /** The form of `w` (see the module comment). */
  of(w: World): string {
    const sb = w.superblocks[this.rootSb];
    if (sb === undefined) throw new ModelBug('SpinForm: the root superblock is gone');
    const rd = sb.s_relink_dir === null ? 'none' : this.path(w, sb.s_relink_dir);
    const dc = [this.rootDentry, this.ckpt, this.data].map((d) => w.dentries[d]?.d_count ?? 'gone');
    const mc = [this.rootMount, this.bindMount].map((m) => w.mounts[m]?.mnt_count ?? 'gone');
    const table = w.fdtables[w.tasks[WORKER]?.files ?? -1];
    const fds = Object.entries(table?.fds ?? {})
      .filter(([fd]) => Number(fd) >= 3)
      .map(([fd, e]) => `${fd}:${e.file}`);
    const out = [
      `rd=${rd} next=${w.next.inode},${w.next.dentry},${w.next.file},${sb.s_next_ino}`,
      `dc=${dc.join(',')} mc=${mc.join(',')} fds=${fds.join(',')}`,
      `orphans=${sb.s_orphans.join(',')} free=${sb.s_free_inos.join(',')}`,
    ];
    for (const i of Object.values(w.inodes)) {
      if (this.startInodes.has(i.id)) continue;
      if (i.type !== 'reg' && i.type !== 'fifo') throw new ModelBug(`SpinForm: inode ${i.id} is a ${i.type}`);
      const linkable = (i.i_state & I_LINKABLE) !== 0 ? 1 : 0;
      const p = i.i_pipe;
      const pipe = p === null ? '' : `,pipe=${p.readers}/${p.writers}/${p.r_counter}/${p.w_counter}/${p.buf.length}`;
      out.push(`I${i.id}=${i.i_ino},${i.type},${i.i_nlink},${i.i_count},${linkable},${i.i_size}${pipe}`);
    }
    for (const d of Object.values(w.dentries)) {
      if (this.startDentries.has(d.id)) continue;
      const hashed = d.d_unhashed ? 'unhashed' : 'hashed';
      out.push(`D${d.id}=${this.path(w, d.id)},${d.d_inode ?? 'negative'},${hashed},${d.d_count}`);
    }
    for (const f of Object.values(w.files)) {
      if (this.startFiles.has(f.id)) continue;
      const mnt = f.f_path.mnt === this.bindMount ? 'bind' : f.f_path.mnt === this.rootMount ? 'root' : 'other';
      out.push(`F${f.id}=${mnt},${f.f_path.dentry},${f.f_pos},${f.f_count}`);
    }
    return out.join(' ');
  }

  /** The dentry's path from the root of the root superblock (/data/f, not /c/f). */
  private path(w: World, id: DentryId): string {
    const names: string[] = [];
    for (let d = w.dentries[id]; d !== undefined && d.id !== this.rootDentry; d = w.dentries[d.d_parent]) {
      if (d.d_parent === d.id) throw new ModelBug(`SpinForm: dentry ${id} is not under the root`);
      names.unshift(d.d_name);
    }
    return `/${names.join('/')}`;
  }
}
