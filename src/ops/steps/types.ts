/**
 * A split call: a syscall the kernel runs in several locked sections, as named steps. Each step is
 * one section between lock boundaries (everything another task could not see half done); the task
 * between two steps is visible state (src/model/inflight.ts).
 */
import type { HeldLock } from '../../model/inflight.js';
import type { Pid } from '../../model/ids.js';
import type { SysResult } from '../vfs/result.js';
import type { MWorld, RWorld } from '../vfs/world-draft.js';

export interface StepDef {
  /** What the kernel does in this section, citing where (e.g. "fs/namei.c: vfs_link"). */
  readonly doc: string;
  /**
   * The sleeping locks the step takes (to keep past its end or to release within it). It runs only
   * while no other task holds them: that is how a task waits for a lock.
   */
  readonly takes: (w: RWorld, pid: Pid) => readonly HeldLock[];
  /** The section itself: the call's result when it ends here, else null (the next step is set). */
  readonly run: (w: MWorld, pid: Pid) => SysResult | null;
}

export interface SplitCall {
  /** The first step's name (it starts from a fresh in-flight record). */
  readonly first: string;
  readonly steps: Readonly<Record<string, StepDef>>;
}

export const NO_LOCKS = (): readonly HeldLock[] => [];
