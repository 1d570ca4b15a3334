/**
 * The cleanup (patch 10) as race steps: not one transition but the syscalls of its method
 * (src/cr/relink-cleanup.ts), each atomic call one step and each split call (unlink, funlinkat)
 * one step per locked section, so another task can run between any two of them.
 */
import { KERNELS } from '../../model/kernel.js';
import type { World } from '../../model/world.js';
import {
  afterCleanupCall,
  CLEANUP_START,
  cleanupMethodOf,
  nextCleanupCall,
  type CleanupMethod,
  type CleanupProgress,
  type CleanupTarget,
} from '../../cr/relink-cleanup.js';
import { ModelBug } from '../../model/errors.js';
import type { SysResult } from '../../ops/vfs/result.js';
import { Session } from '../../session/session.js';
import { canRunStep, runSplitStep, splitCallOf, type SplitRecord } from '../../ops/steps/run.js';
import type { RaceOp } from './race-programs.js';

type CleanupOp = Extract<RaceOp, { kind: 'cleanup' }>;

export function methodOf(kernel: string, op: CleanupOp): CleanupMethod {
  const k = KERNELS[kernel];
  if (k === undefined) throw new ModelBug(`unknown kernel ${kernel}`);
  return op.method ?? cleanupMethodOf(k);
}

/** The call the cleanup is in (in flight) or starts next; null when it has nothing left. */
export function cleanupCall(
  w: World,
  pid: number,
  method: CleanupMethod,
  names: readonly CleanupTarget[],
  p: CleanupProgress | null,
): SplitRecord | null {
  const inf = w.inflight?.[pid];
  if (inf !== undefined) return inf.call;
  return nextCleanupCall(method, names, p ?? CLEANUP_START);
}

/** Can the cleanup take its next step: is every lock it takes free? */
export function cleanupCanMove(w: World, pid: number, sc: SplitRecord | null): boolean {
  if (w.inflight?.[pid] !== undefined) return canRunStep(w, pid);
  if (sc === null || splitCallOf(sc) === null) return true;
  return canRunStep(w, pid, sc);
}

export interface CleanupStep {
  readonly world: World;
  /** The call this step belongs to (null: an empty cleanup's only step). */
  readonly sc: SplitRecord | null;
  /** Its section's name, for a split call. */
  readonly step: string | null;
  /** The call's result when this step ended it. */
  readonly callResult: SysResult | null;
  /** The cleanup's progress after the step; null once it has ended. */
  readonly progress: CleanupProgress | null;
  /** The cleanup's result (how many names it removed) when this step ended it. */
  readonly result: SysResult | null;
}

export function cleanupStep(
  before: World,
  pid: number,
  method: CleanupMethod,
  names: readonly CleanupTarget[],
  progress: CleanupProgress | null,
): CleanupStep {
  const p = progress ?? CLEANUP_START;
  const inflight = before.inflight?.[pid] !== undefined;
  const sc = cleanupCall(before, pid, method, names, p);
  if (sc === null) {
    return { world: before, sc, step: null, callResult: null, progress: null, result: { ok: true, ret: 0 } };
  }
  let world: World;
  let callResult: SysResult | null;
  let stepName: string | null = null;
  if (splitCallOf(sc) !== null) {
    const out = runSplitStep(before, pid, inflight ? undefined : sc);
    world = out.world;
    callResult = out.result;
    stepName = out.step;
  } else if (sc.call !== 'funlinkat') {
    // Checked by the race engine's move, as every step is.
    const session = new Session(before, { representation: 'immer', invariants: { when: 'off', set: 'state' } });
    callResult = session.run(pid, sc).result;
    world = session.world;
  } else {
    throw new ModelBug('funlinkat is a split call');
  }
  const after = callResult === null ? p : afterCleanupCall(names, p, sc, callResult);
  const done = callResult !== null && nextCleanupCall(method, names, after) === null;
  return {
    world,
    sc,
    step: stepName,
    callResult,
    progress: done ? null : after,
    result: done ? { ok: true, ret: after.removed.length } : null,
  };
}
