import type { Cred } from './cred.js';
import type { Fd, FdTableId, FileId, MntNsId, Pid } from './ids.js';
import type { Path } from './mount.js';
import type { Syscall } from './syscall/syscall.js';

export interface FdEntry {
  readonly file: FileId;
  /** close_on_exec bit (FD_CLOEXEC). */
  readonly cloexec: boolean;
}

/** include/linux/fdtable.h: struct files_struct, shared by CLONE_FILES. */
export interface FdTable {
  readonly id: FdTableId;
  readonly count: number;
  readonly fds: Readonly<Record<Fd, FdEntry>>;
}

/**
 * A call that would sleep in the kernel: the task is parked here instead of hanging the model, and
 * the call is retried after every step until it completes.
 */
export interface BlockedCall {
  /** The call that sleeps. */
  readonly syscall: Syscall;
  readonly reason: string;
  /** A half-opened file the sleeping call already holds (fs/pipe.c: fifo_open waits with it). */
  readonly file: FileId | null;
  /** The partner counter it waits to see change (pipe r_counter / w_counter). */
  readonly counter: number | null;
}

/** include/linux/sched.h: struct task_struct, with fs_struct (root, pwd, umask) and creds folded in. */
export interface Task {
  readonly pid: Pid;
  readonly ppid: Pid;
  readonly state: 'running' | 'blocked' | 'zombie';
  readonly blocked: BlockedCall | null;
  readonly exit_code: number | null;
  readonly files: FdTableId;
  /** fs_struct: each holds mntget + dget. */
  readonly root: Path;
  readonly pwd: Path;
  readonly umask: number;
  /**
   * The fs_struct (root, pwd, umask) is shared by clone(CLONE_FS) with every live task of the same
   * id (the pid that first shared it); absent while the task's own. The model keeps them per
   * task, so a change while shared is not modelled (src/ops/calls/task.ts: fsChangeable).
   */
  readonly fs_shared?: Pid;
  /** RLIMIT_NOFILE's soft limit (signal->rlim): alloc_fd hands out descriptors below it. */
  readonly rlimit_nofile: number;
  /** task->cred (the subjective credentials; the model keeps real_cred the same object). */
  readonly cred: Cred;
  readonly mnt_ns: MntNsId;
}
