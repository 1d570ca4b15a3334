/**
 * A task in the middle of a syscall that the kernel runs in several locked sections (the split
 * calls of src/ops/steps/): which step comes next, the references and sleeping locks the call holds
 * between steps, and the few values it carries. Plain data, so a world with a call in flight
 * serialises, hashes and replays like any other.
 */
import type { Errno } from './errno.js';
import type { DentryId, FileId, InodeId, MountId, SuperBlockId } from './ids.js';
import type { Path } from './mount.js';
import type { Syscall } from './syscall/syscall.js';

/** A reference a call holds across steps; the checker's ledger counts it like any other holder. */
export type HeldRef =
  /** path_get: mntget + dget (a walk's result, kept until path_put). */
  | { readonly kind: 'path'; readonly path: Path }
  /** dget (vfs_rmdir's reference on its victim). */
  | { readonly kind: 'dentry'; readonly dentry: DentryId }
  /** ihold (do_unlinkat keeps the victim's inode until after the parent is unlocked). */
  | { readonly kind: 'inode'; readonly inode: InodeId }
  /** A struct file reference taken out of an fd slot (close_fd hands it to fput). */
  | { readonly kind: 'file'; readonly file: FileId }
  /** mntget (the mount tree's own reference, which umount drops in namespace_unlock). */
  | { readonly kind: 'mount'; readonly mnt: MountId };

/** A sleeping lock held across steps: another task's step that needs it cannot run. */
export type HeldLock =
  /** inode_lock: the inode's i_rwsem, taken for writing. */
  | { readonly kind: 'i_rwsem'; readonly inode: InodeId }
  /** down_write(&sb->s_umount). */
  | { readonly kind: 's_umount'; readonly sb: SuperBlockId };

export type InFlightValue = string | number | boolean | null;

/**
 * The conditional unlink the relink series' cleanup needs (src/ops/steps/funlink-steps.ts): a
 * model-only split call, not in Linux 6.1 and not in the syscall table. `path` (from `dirfd`) is
 * removed only while it names `inode` (null: no inode is it).
 */
export interface FunlinkCall {
  readonly call: 'funlinkat';
  readonly dirfd: number;
  readonly path: string;
  readonly inode: InodeId | null;
}

/** What a task can be in the middle of: a syscall, or the model-only funlinkat. */
export type InFlightCall = Syscall | FunlinkCall;

export interface InFlight {
  /** The call being executed. */
  readonly call: InFlightCall;
  /** The name of the step that runs next. */
  readonly next: string;
  readonly refs: Readonly<Record<string, HeldRef>>;
  readonly locks: readonly HeldLock[];
  /** Values a step leaves for a later one (a name, a flag, a decision). */
  readonly data: Readonly<Record<string, InFlightValue>>;
  /** An errno decided already, returned once the call has released what it holds. */
  readonly errno: Errno | null;
}
