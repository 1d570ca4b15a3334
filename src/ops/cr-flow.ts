/**
 * Checkpoint, restart and cleanup as immutable transitions of a World, for scenarios, tests and
 * the explorers: each runs the in-draft flow (checkpoint.ts, restart.ts, relink-cleanup.ts) inside
 * one immer produce. A failed checkpoint still returns the world it left behind: the names it
 * created stay in the live file system until cleanup removes them (patch 10).
 */
import { produce } from 'immer';
import type { Pid } from '../model/ids.js';
import type { CreatedName } from '../model/image.js';
import type { World } from '../model/world.js';
import { checkpoint, type CheckpointRequest, type CheckpointResult } from './checkpoint.js';
import { cleanupCreatedNames, type CleanupOutcome } from './relink-cleanup.js';
import { restart, type RestartRequest, type RestartResult } from './restart.js';
import { doExit } from './exit.js';
import type { CallObserver } from './step.js';

export function checkpointWorld(w: World, req: CheckpointRequest): { world: World; result: CheckpointResult } {
  const box: { r?: CheckpointResult } = {};
  const world = produce(w, (d) => {
    box.r = checkpoint(d, req);
  });
  if (box.r === undefined) throw new Error('unreachable: produce did not run');
  return { world, result: box.r };
}

/** A failed restart leaves the world as it was before the restart began (the restarter gives up). */
export function restartWorld(w: World, req: RestartRequest): { world: World; result: RestartResult } {
  const box: { r?: RestartResult } = {};
  const world = produce(w, (d) => {
    box.r = restart(d, req);
  });
  if (box.r === undefined) throw new Error('unreachable: produce did not run');
  return { world: box.r.ok ? world : w, result: box.r };
}

export function cleanupWorld(
  w: World,
  helper: Pid,
  names: readonly CreatedName[],
  onCall?: CallObserver,
): { world: World; result: CleanupOutcome } {
  const box: { r?: CleanupOutcome } = {};
  const world = produce(w, (d) => {
    box.r = cleanupCreatedNames(d, helper, names, onCall);
  });
  if (box.r === undefined) throw new Error('unreachable: produce did not run');
  return { world, result: box.r };
}

/**
 * The checkpointed tasks end (killed after the checkpoint, as before a migration) and are reaped
 * (their parent's wait4), so their pids are free for restart.
 */
export function killTasks(w: World, pids: readonly Pid[]): World {
  return produce(w, (d) => {
    for (const pid of pids) {
      const t = d.tasks[pid];
      if (t === undefined) continue;
      if (t.state !== 'zombie') doExit(d, pid, 9);
      delete d.tasks[pid];
    }
  });
}
