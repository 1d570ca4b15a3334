import type { Draft } from 'immer';
import type { Dentry } from '../../model/dentry.js';
import type { File } from '../../model/file.js';
import type { Inode } from '../../model/inode.js';
import type { MntNamespace, Mount } from '../../model/mount.js';
import type { SuperBlock } from '../../model/superblock.js';
import type { FdTable, Task } from '../../model/task.js';
import type { World } from '../../model/world.js';
import { KERNELS, type KernelConfig } from '../../model/kernel.js';
import { ModelBug } from '../../model/errors.js';
import { ownRecord, readRecord } from './cow-access.js';
import { noteTouch } from './touch-log.js';

/** Ops mutate an immer draft of the world; the step runner turns that into a new immutable World. */
export type MWorld = Draft<World>;
/** Read-only view, accepted wherever nothing is written. */
export type RWorld = World | MWorld;

function writable<T extends object>(table: Record<number, T>, id: number, rec: T): T {
  const own = ownRecord(table, id, rec);
  noteTouch(table, id);
  return own;
}

function must<T>(x: T | undefined, what: string, id: number): T {
  if (x === undefined) throw new ModelBug(`dangling ${what} id ${id}`);
  return x;
}

// Every accessor hands out the step's own record in a copy-on-write step (cow-access.ts), the
// reading ones too: a record read first and written later must be the one object, as in a draft.
// The writable ones also note the record in an open touch log (touch-log.ts).
export const inodeOf = (w: MWorld, id: number): Draft<Inode> => writable(w.inodes, id, must(w.inodes[id], 'inode', id));
export const dentryOf = (w: MWorld, id: number): Draft<Dentry> =>
  writable(w.dentries, id, must(w.dentries[id], 'dentry', id));
export const mountOf = (w: MWorld, id: number): Draft<Mount> => writable(w.mounts, id, must(w.mounts[id], 'mount', id));
export const sbOf = (w: MWorld, id: number): Draft<SuperBlock> =>
  writable(w.superblocks, id, must(w.superblocks[id], 'superblock', id));
export const fileOf = (w: MWorld, id: number): Draft<File> => writable(w.files, id, must(w.files[id], 'file', id));
export const fdtableOf = (w: MWorld, id: number): Draft<FdTable> =>
  writable(w.fdtables, id, must(w.fdtables[id], 'fdtable', id));
export const taskOf = (w: MWorld, pid: number): Draft<Task> => writable(w.tasks, pid, must(w.tasks[pid], 'task', pid));
export const mntnsOf = (w: MWorld, id: number): Draft<MntNamespace> =>
  writable(w.mntns, id, must(w.mntns[id], 'mnt namespace', id));

/** Read-only accessors for checkers and renderers working on a frozen World (and the handlers). */
export const rInode = (w: RWorld, id: number): Inode => readRecord(must(w.inodes[id], 'inode', id));
export const rDentry = (w: RWorld, id: number): Dentry => readRecord(must(w.dentries[id], 'dentry', id));
export const rMount = (w: RWorld, id: number): Mount => readRecord(must(w.mounts[id], 'mount', id));
export const rSb = (w: RWorld, id: number): SuperBlock => readRecord(must(w.superblocks[id], 'superblock', id));
export const rFile = (w: RWorld, id: number): File => readRecord(must(w.files[id], 'file', id));
export const rTask = (w: RWorld, pid: number): Task => readRecord(must(w.tasks[pid], 'task', pid));
export const rFdtable = (w: RWorld, id: number): FdTable => readRecord(must(w.fdtables[id], 'fdtable', id));

/** The kernel variant whose rules this world follows. */
export function kernelOf(w: RWorld): KernelConfig {
  const k = KERNELS[w.kernel];
  if (k === undefined) throw new ModelBug(`unknown kernel variant ${w.kernel}`);
  return k;
}
