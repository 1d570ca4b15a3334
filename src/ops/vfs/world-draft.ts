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

/** Ops mutate an immer draft of the world; the step runner turns that into a new immutable World. */
export type MWorld = Draft<World>;
/** Read-only view, accepted wherever nothing is written. */
export type RWorld = World | MWorld;

function must<T>(x: T | undefined, what: string, id: number): T {
  if (x === undefined) throw new ModelBug(`dangling ${what} id ${id}`);
  return x;
}

export const inodeOf = (w: MWorld, id: number): Draft<Inode> => must(w.inodes[id], 'inode', id);
export const dentryOf = (w: MWorld, id: number): Draft<Dentry> => must(w.dentries[id], 'dentry', id);
export const mountOf = (w: MWorld, id: number): Draft<Mount> => must(w.mounts[id], 'mount', id);
export const sbOf = (w: MWorld, id: number): Draft<SuperBlock> => must(w.superblocks[id], 'superblock', id);
export const fileOf = (w: MWorld, id: number): Draft<File> => must(w.files[id], 'file', id);
export const fdtableOf = (w: MWorld, id: number): Draft<FdTable> => must(w.fdtables[id], 'fdtable', id);
export const taskOf = (w: MWorld, pid: number): Draft<Task> => must(w.tasks[pid], 'task', pid);
export const mntnsOf = (w: MWorld, id: number): Draft<MntNamespace> => must(w.mntns[id], 'mnt namespace', id);

/** Read-only accessors for checkers and renderers working on a frozen World. */
export const rInode = (w: RWorld, id: number): Inode => must(w.inodes[id], 'inode', id);
export const rDentry = (w: RWorld, id: number): Dentry => must(w.dentries[id], 'dentry', id);
export const rMount = (w: RWorld, id: number): Mount => must(w.mounts[id], 'mount', id);
export const rSb = (w: RWorld, id: number): SuperBlock => must(w.superblocks[id], 'superblock', id);
export const rFile = (w: RWorld, id: number): File => must(w.files[id], 'file', id);
export const rTask = (w: RWorld, pid: number): Task => must(w.tasks[pid], 'task', pid);

/** The kernel variant whose rules this world follows. */
export function kernelOf(w: RWorld): KernelConfig {
  const k = KERNELS[w.kernel];
  if (k === undefined) throw new ModelBug(`unknown kernel variant ${w.kernel}`);
  return k;
}
