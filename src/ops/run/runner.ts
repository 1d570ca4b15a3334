/**
 * The three ways to hold a world while calls run on it, behind one interface. All run the same
 * handlers (applyCall) and give the same answers and worlds (test/ops/inplace.test.ts,
 * test/session/representations.test.ts); they differ in what a call costs and what it leaves:
 * - 'immer': each call is one produce; the world is a new frozen object, or the very same one when
 *   the call changed nothing (step.ts). Worlds can be kept, shared and compared by reference.
 * - 'patches': the same, also returning immer's patches from the world before (teaching, history).
 * - 'in-place': one private mutable world (inplace.ts), far cheaper per call; the world is only
 *   good until the next call, so it suits a front end that needs only the latest one (replay).
 * - 'cow': a world per call like 'immer', copy-on-write by record without proxies (cow.ts): the
 *   explorers', which keep every world they step from and make a transition of every call.
 * This layer knows nothing of invariants: src/session/session.ts puts the checking policy on top.
 */
import type { Patch } from 'immer';
import type { Pid } from '../../model/ids.js';
import type { World } from '../../model/world.js';
import type { SysResult } from '../vfs/result.js';
import { cowStep } from './cow.js';
import { InPlaceRunner } from './inplace.js';
import { step, stepWithPatches, type Wakeup } from './step.js';
import type { Syscall } from '../../model/syscall/syscall.js';

export type Representation = 'immer' | 'patches' | 'in-place' | 'cow';

/** What one call gave: its result, the sleeping calls it completed, and (for 'patches') the diff. */
export interface CallOutcome {
  readonly result: SysResult;
  readonly wakeups: readonly Wakeup[];
  readonly patches?: readonly Patch[];
}

export interface Runner {
  /** The current world ('in-place': the runner's own, read-only and only until the next call). */
  readonly world: World;
  /** One call; throws what `step` throws (Unmodelled, NotRunnable), with the world unchanged. */
  step(pid: Pid, sc: Syscall): CallOutcome;
  /** Go on from `w`, a world made by something other than a call (a flow, a backup, a fork from outside). */
  replace(w: World): void;
  /** The current world, to keep: frozen, and never changed by later calls. */
  snapshot(): World;
}

/** A world per call, through immer (with its patches when asked) or copy-on-write. */
class ImmerRunner implements Runner {
  constructor(
    public world: World,
    private readonly how: 'immer' | 'patches' | 'cow',
  ) {}

  step(pid: Pid, sc: Syscall): CallOutcome {
    const out =
      this.how === 'patches'
        ? stepWithPatches(this.world, pid, sc)
        : this.how === 'cow'
          ? cowStep(this.world, pid, sc)
          : step(this.world, pid, sc);
    this.world = out.world;
    return out;
  }

  replace(w: World): void {
    this.world = w;
  }

  snapshot(): World {
    return this.world;
  }
}

export function makeRunner(representation: Representation, start: World): Runner {
  switch (representation) {
    case 'immer':
    case 'patches':
    case 'cow':
      return new ImmerRunner(start, representation);
    case 'in-place':
      return new InPlaceRunner(start);
  }
}
