/**
 * The `deadlock` law of the race explorer: a node where some task has not finished but no task can
 * step. Each stuck task either sleeps in a blocking call nobody will wake, or waits for a sleeping
 * lock (i_rwsem, s_umount) that is held: by another waiting task, by itself (an rw_semaphore does
 * not nest: kernel/locking/rwsem.c, down_write of one the task holds never returns), or by a task
 * that is no part of the program and so never runs again. The violation says which, per task.
 */
import type { HeldLock } from '../../model/inflight.js';
import type { World } from '../../model/world.js';
import { ModelBug } from '../../model/errors.js';
import { lockHolder } from '../../ops/steps/inflight.js';
import { splitCallOf, stepTakes } from '../../ops/steps/run.js';
import { cleanupCall, methodOf } from './race-cleanup.js';
import { opLocks } from './race-locks.js';
import { unfinished, type Race, type RaceNode } from './race-engine.js';
import type { Violation } from '../../invariants/violation.js';

/** A directory's path inside its file system, from the names of its dentry's parents. */
function inodePath(w: World, inode: number): string {
  const d = Object.values(w.dentries).find((x) => x.d_inode === inode && !x.d_unhashed);
  if (d === undefined) return `inode ${inode}`;
  const names: string[] = [];
  for (let cur = d; cur.d_parent !== cur.id;) {
    names.unshift(cur.d_name);
    const up = w.dentries[cur.d_parent];
    if (up === undefined) break;
    cur = up;
  }
  return `/${names.join('/')}`;
}

function lockText(w: World, l: HeldLock): string {
  return l.kind === 'i_rwsem'
    ? `inode_lock(${inodePath(w, l.inode)})`
    : `s_umount of the superblock of dev ${w.superblocks[l.sb]?.s_dev ?? '?'}`;
}

/** What task `i` would run next, as "call · step" (a split call) or the operation's name. */
function nextText(race: Race, node: RaceNode, i: number): { text: string; locks: readonly HeldLock[] } {
  const pid = race.tasks[i]?.pid ?? -1;
  const w = node.world;
  const op = race.tasks[i]?.ops[node.pcs[i] ?? Infinity];
  const inf = w.inflight?.[pid];
  const sleeping = w.tasks[pid]?.blocked;
  if (sleeping !== null && sleeping !== undefined) return { text: sleeping.syscall.call, locks: [] };
  const flow = op?.kind === 'cleanup' ? 'cleanup: ' : '';
  if (inf !== undefined) return { text: `${flow}${inf.call.call} · ${inf.next}`, locks: stepTakes(w, pid) };
  if (op === undefined) return { text: 'nothing', locks: [] };
  if (op.kind === 'cleanup') {
    const sc = cleanupCall(w, pid, methodOf(race.kernel, op), node.created[i] ?? [], node.cleanups[i] ?? null);
    const split = sc === null ? null : splitCallOf(sc);
    if (sc === null || split === null) return { text: `cleanup: ${sc?.call ?? 'done'}`, locks: [] };
    return { text: `cleanup: ${sc.call} · ${split.first}`, locks: stepTakes(w, pid, sc) };
  }
  if (op.kind === 'call') {
    const split = splitCallOf(op.sc);
    if (split !== null) return { text: `${op.sc.call} · ${split.first}`, locks: stepTakes(w, pid, op.sc) };
    return { text: op.sc.call, locks: opLocks(w, pid, op) };
  }
  return { text: op.kind, locks: opLocks(w, pid, op) };
}

/** The deadlock at `node`, if tasks remain and none can step (the caller knows none can). */
export function deadlockAt(race: Race, node: RaceNode): Violation[] {
  const stuck = unfinished(race, node);
  if (stuck.length === 0) return [];
  const w = node.world;
  const stuckPids = new Set(stuck.map((i) => race.tasks[i]?.pid));
  const programPids = new Set(race.tasks.map((t) => t.pid));
  const outsiders = new Set<number>();
  const lines = stuck.map((i) => {
    const pid = race.tasks[i]?.pid ?? -1;
    const { text, locks } = nextText(race, node, i);
    const state = w.tasks[pid]?.state;
    if (state !== 'running') return `task ${pid} (${text}) is ${state ?? 'gone'} and nobody wakes it`;
    const waits = locks.flatMap((l) => {
      const h = lockHolder(w, l);
      if (h === null) return [];
      if (!programPids.has(h)) outsiders.add(h);
      const who =
        h === pid
          ? `by task ${pid} itself (an rw_semaphore does not nest)`
          : stuckPids.has(h)
            ? `by task ${h}, which waits too`
            : `by task ${h}`;
      return [`${lockText(w, l)}, held ${who}`];
    });
    // canMove said no: a running task's step takes a held lock, or the two disagree (a model bug).
    if (waits.length === 0) throw new ModelBug(`task ${pid} (${text}) cannot step, yet waits for no held lock`);
    return `task ${pid} (${text}) waits for ${waits.join(' and ')}`;
  });
  const why = [...outsiders].map((h) => `task ${h} is not a task of the program: it never runs again`);
  return [{ invariant: 'deadlock', message: [...lines, ...why].join('; ') }];
}
