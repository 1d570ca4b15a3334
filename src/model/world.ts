import type { Dentry } from './dentry.js';
import type { File } from './file.js';
import type { Inode } from './inode.js';
import type { MntNamespace, Mount } from './mount.js';
import type { SuperBlock } from './superblock.js';
import type { FdTable, Task } from './task.js';
import type { InFlight } from './inflight.js';
import type { Sysctls } from './sysctl.js';

/** Counters for fresh ids; never reused, so a stale id is always a model bug. */
export interface NextIds {
  readonly inode: number;
  readonly dentry: number;
  readonly mount: number;
  readonly sb: number;
  readonly file: number;
  readonly fdtable: number;
  readonly mntns: number;
  readonly pid: number;
  readonly mnt_id: number;
  readonly dev: number;
}

/** The whole kernel state: id-keyed tables of plain records, serialisable with JSON.stringify. */
export interface World {
  readonly kernel: string;
  /** The fs.protected_* sysctls: set at boot, world state like the file systems (src/model/sysctl.ts). */
  readonly sysctl: Sysctls;
  readonly inodes: Readonly<Record<number, Inode>>;
  readonly dentries: Readonly<Record<number, Dentry>>;
  readonly mounts: Readonly<Record<number, Mount>>;
  readonly superblocks: Readonly<Record<number, SuperBlock>>;
  readonly files: Readonly<Record<number, File>>;
  readonly fdtables: Readonly<Record<number, FdTable>>;
  readonly tasks: Readonly<Record<number, Task>>;
  readonly mntns: Readonly<Record<number, MntNamespace>>;
  /** Calls in the middle of their steps, by pid (src/ops/steps/); absent when none is. */
  readonly inflight?: Readonly<Record<number, InFlight>>;
  readonly next: NextIds;
}
