/**
 * The step runner: one syscall by one task as one immer transition. Ops mutate a draft; an errno
 * path mutates nothing, so the World returned is the very same object (reference equality).
 * After each call, sleeping tasks retry their calls (a wake-up), in pid order.
 */
import { enablePatches, produce, produceWithPatches, type Patch } from 'immer';
import type { Pid } from '../../model/ids.js';
import type { World } from '../../model/world.js';
import { ModelBug, NotRunnable } from '../../model/errors.js';
import type { SysResult } from '../vfs/result.js';
import type { Syscall } from '../../model/syscall/syscall.js';
import { HANDLERS, RESUMERS } from './table.js';
import { taskOf, type MWorld } from '../vfs/world-draft.js';

enablePatches();

/** A sleeping call that completed during a later step. */
export interface Wakeup {
  readonly pid: Pid;
  readonly syscall: Syscall;
  readonly result: SysResult;
}

/** Watches the syscalls a composite flow (restart, cleanup) makes, with their answers. */
export type CallObserver = (pid: Pid, sc: Syscall, result: SysResult) => void;

export interface StepOutcome {
  readonly world: World;
  readonly result: SysResult;
  readonly wakeups: readonly Wakeup[];
  readonly patches?: readonly Patch[];
}

/** Run one call inside an existing draft: the building block of step and of the explorers. */
export function applyCall(w: MWorld, pid: Pid, sc: Syscall): { result: SysResult; wakeups: Wakeup[] } {
  const task = w.tasks[pid];
  if (task === undefined) throw new NotRunnable(`no task with pid ${pid}`);
  if (task.state !== 'running') throw new NotRunnable(`task ${pid} is ${task.state}`);
  // A task in the middle of a split call (src/ops/steps/) is still inside that syscall.
  if (w.inflight?.[pid] !== undefined) throw new NotRunnable(`task ${pid} is inside ${w.inflight[pid].call.call}`);
  const handler = HANDLERS[sc.call] as (w: MWorld, pid: Pid, sc: Syscall) => SysResult;
  const result = handler(w, pid, sc);
  if (result.ok === 'blocked') park(w, pid, sc, result);
  return { result, wakeups: wakeBlocked(w) };
}

/**
 * Tasks parked so far in this process. park is the only place a task goes to sleep (sets `blocked`),
 * so a tasks table seen with no sleeper has none until the count moves, as long as only handlers
 * write it: the wake-up scan (an Object.keys of a dictionary-mode table after every call) is then
 * skipped. Only for tables an owner registers (the in-place runner's private world): a world whose
 * writes are undone from outside could bring a sleeper back without a park.
 */
let parks = 0;
/** Registered tables: the count at which one was last seen with no sleeper, or -1. */
const noSleeperAt = new WeakMap<object, number>();

/** Lets wakeBlocked skip `tasks` while no task has been parked since it last found none there. */
export function watchSleepers(tasks: object): void {
  noSleeperAt.set(tasks, -1);
}

function park(w: MWorld, pid: Pid, sc: Syscall, r: Extract<SysResult, { ok: 'blocked' }>): void {
  parks++;
  const task = taskOf(w, pid);
  task.state = 'blocked';
  task.blocked = {
    syscall: { ...sc },
    reason: r.reason,
    file: (r.file ?? null) as never,
    counter: r.counter ?? null,
  };
}

/** Retry every sleeping call until none completes (a completion may wake another sleeper). */
export function wakeBlocked(w: MWorld): Wakeup[] {
  const at = parks;
  const seen = noSleeperAt.get(w.tasks);
  if (seen === at) return [];
  const woken: Wakeup[] = [];
  let sleepers = 0;
  for (let progress = true; progress;) {
    progress = false;
    sleepers = 0;
    // w.tasks afresh, never a local: a copy-on-write step swaps the table at its first write (cow-access.ts).
    for (const key of Object.keys(w.tasks)) {
      const task = w.tasks[Number(key)];
      if (task === undefined || task.state !== 'blocked' || task.blocked === null) continue;
      sleepers++;
      // A plain copy: the parked record is part of the draft, which is revoked after the step.
      const sc = { ...task.blocked.syscall };
      const resume = RESUMERS[sc.call] as (w: MWorld, pid: Pid, sc: Syscall) => SysResult;
      const result = resume(w, task.pid, sc);
      if (result.ok === 'blocked') continue;
      const t = taskOf(w, task.pid);
      if (t.state === 'blocked') t.state = 'running';
      t.blocked = null;
      woken.push({ pid: task.pid, syscall: sc, result });
      progress = true;
    }
  }
  // The last pass retried every sleeper without waking one: none was there, or all still sleep.
  if (seen !== undefined && sleepers === 0 && parks === at) noSleeperAt.set(w.tasks, at);
  return woken;
}

/** One syscall as an immutable transition. */
export function step(world: World, pid: Pid, sc: Syscall): StepOutcome {
  let out: { result: SysResult; wakeups: Wakeup[] } | null = null;
  const next = produce(world, (w) => {
    out = applyCall(w, pid, sc);
  });
  const o = out as { result: SysResult; wakeups: Wakeup[] } | null;
  if (o === null) throw new ModelBug('unreachable: produce did not run the recipe');
  return { world: next, result: o.result, wakeups: o.wakeups };
}

/** The same, also returning immer's patches (for history and teaching). */
export function stepWithPatches(world: World, pid: Pid, sc: Syscall): StepOutcome {
  let out: { result: SysResult; wakeups: Wakeup[] } | null = null;
  const [next, patches] = produceWithPatches(world, (w) => {
    out = applyCall(w, pid, sc);
  });
  const o = out as { result: SysResult; wakeups: Wakeup[] } | null;
  if (o === null) throw new ModelBug('unreachable: produce did not run the recipe');
  return { world: next, result: o.result, wakeups: o.wakeups, patches };
}
