/**
 * Checkpoint, restart and cleanup as immutable transitions of a World, for scenarios, tests and
 * the explorers: each runs the in-draft flow (checkpoint.ts, restart.ts, relink-cleanup.ts) inside
 * one immer produce. A failed checkpoint still returns the world it left behind: the names it
 * created stay in the live file system until cleanup removes them (patch 10).
 * With `patches: true` each also returns immer's patches (what the teaching commands narrate);
 * the explorers leave it off, since recording patches costs time on their hot path.
 */
import { produce, produceWithPatches, type Draft, type Patch } from 'immer';
import type { Pid } from '../model/ids.js';
import type { CreatedName } from '../model/image.js';
import type { World } from '../model/world.js';
import { checkpoint, type CheckpointRequest, type CheckpointResult } from './checkpoint.js';
import { cleanupCreatedNames, type CleanupMethod, type CleanupOutcome } from './relink-cleanup.js';
import { restart, type RestartRequest, type RestartResult } from './restart.js';
import { doExit } from '../ops/calls/exit.js';
import type { CallObserver } from '../ops/run/step.js';
import { ModelBug } from '../model/errors.js';

export interface FlowOptions {
  readonly patches?: boolean;
}

export interface Flow<R> {
  readonly world: World;
  readonly result: R;
  /** immer's patches from the old world to the new one, when asked for. */
  readonly patches: readonly Patch[] | null;
}

function transition<R>(w: World, recipe: (d: Draft<World>) => R, o: FlowOptions): Flow<R> {
  const box: { r?: R } = {};
  const run = (d: Draft<World>): void => {
    box.r = recipe(d);
  };
  let world: World;
  let patches: Patch[] | null = null;
  if (o.patches === true) [world, patches] = produceWithPatches(w, run);
  else world = produce(w, run);
  if (!('r' in box)) throw new ModelBug('unreachable: produce did not run');
  return { world, result: box.r as R, patches };
}

export function checkpointWorld(w: World, req: CheckpointRequest, o: FlowOptions = {}): Flow<CheckpointResult> {
  return transition(w, (d) => checkpoint(d, req), o);
}

/** A failed restart leaves the world as it was before the restart began (the restarter gives up). */
export function restartWorld(w: World, req: RestartRequest, o: FlowOptions = {}): Flow<RestartResult> {
  const f = transition(w, (d) => restart(d, req), o);
  return f.result.ok ? f : { world: w, result: f.result, patches: f.patches === null ? null : [] };
}

/** The cleanup with the variant's method, or `o.method` (the lowering to kernels that lack funlinkat). */
export function cleanupWorld(
  w: World,
  helper: Pid,
  names: readonly CreatedName[],
  onCall?: CallObserver,
  o: FlowOptions & { readonly method?: CleanupMethod } = {},
): Flow<CleanupOutcome> {
  return transition(w, (d) => cleanupCreatedNames(d, helper, names, onCall, o.method), o);
}

/**
 * The checkpointed tasks end (killed after the checkpoint, as before a migration) and are reaped
 * (their parent's wait4), so their pids are free for restart.
 */
export function killTasks(w: World, pids: readonly Pid[]): World {
  return killTasksFlow(w, pids).world;
}

export function killTasksFlow(w: World, pids: readonly Pid[], o: FlowOptions = {}): Flow<null> {
  return transition(
    w,
    (d) => {
      for (const pid of pids) {
        const t = d.tasks[pid];
        if (t === undefined) continue;
        if (t.state !== 'zombie') doExit(d, pid, 9);
        delete d.tasks[pid];
      }
      return null;
    },
    o,
  );
}
