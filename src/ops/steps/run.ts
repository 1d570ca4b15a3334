/**
 * Split calls as immutable transitions: one step of one task at a time. A task with a call in
 * flight resumes it; otherwise it may begin a split call (its first step). After every step,
 * sleeping calls are retried, as after an atomic syscall.
 */
import { produce } from 'immer';
import type { Pid } from '../../model/ids.js';
import type { HeldLock } from '../../model/inflight.js';
import type { World } from '../../model/world.js';
import type { MWorld } from '../vfs/world-draft.js';
import { NotRunnable } from '../../model/errors.js';
import type { SysResult } from '../vfs/result.js';
import { wakeBlocked, type Wakeup } from '../run/step.js';
import { CLOSE } from './close-steps.js';
import { beginInflight, inflightOf, locksFree } from './inflight.js';
import { LINKAT } from './link-steps.js';
import { isSplitRemount, REMOUNT, UMOUNT } from './mount-steps.js';
import { RENAME } from './rename-steps.js';
import type { SplitCall, StepDef } from './types.js';
import { UNLINK } from './unlink-steps.js';
import { isSplitNewMount, NEW_MOUNT } from './new-mount-steps.js';
import type { InFlightCall } from '../../model/inflight.js';
import { FUNLINKAT } from './funlink-steps.js';
import { renderInFlightCall } from '../run/render-call.js';

/** What a split call runs: a syscall, or the cleanup's conditional unlink (no syscall of 6.1). */
export type SplitRecord = InFlightCall;

/** The split version of a call, or null for calls that run as one step. */
export function splitCallOf(sc: SplitRecord): SplitCall | null {
  switch (sc.call) {
    case 'funlinkat':
      return FUNLINKAT;
    case 'link':
    case 'linkat':
      return LINKAT;
    case 'unlink':
    case 'unlinkat':
    case 'rmdir':
      return UNLINK;
    case 'rename':
    case 'renameat':
    case 'renameat2':
      return RENAME;
    case 'close':
      return CLOSE;
    case 'umount2':
      return UMOUNT;
    case 'mount':
      return isSplitRemount(sc) ? REMOUNT : isSplitNewMount(sc) ? NEW_MOUNT : null;
    default:
      return null;
  }
}

/** The step `pid` runs next: its call in flight's, or the first of `sc`. */
export function nextStep(w: World, pid: Pid, sc?: SplitRecord): { readonly name: string; readonly def: StepDef } {
  const inf = inflightOf(w, pid);
  const call = splitCallOf((inf?.call ?? sc) as SplitRecord);
  const name = inf?.next ?? call?.first;
  const def = name === undefined ? undefined : call?.steps[name];
  if (name === undefined || def === undefined) {
    const c = inf?.call ?? sc;
    throw new NotRunnable(
      `task ${pid} has no split call to step (${c === undefined ? 'no call' : renderInFlightCall(c)})`,
    );
  }
  return { name, def };
}

/** A fresh in-flight record for `sc`, in a throwaway world, to ask the first step for its locks. */
function withBegun(w: World, pid: Pid, sc: SplitRecord | undefined): World {
  if (inflightOf(w, pid) !== undefined || sc === undefined) return w;
  const first = splitCallOf(sc)?.first ?? '';
  return produce(w, (d) => {
    beginInflight(d, pid, sc, first);
  });
}

/** The sleeping locks `pid`'s next step takes (what it waits for while another task holds one). */
export function stepTakes(w: World, pid: Pid, sc?: SplitRecord): readonly HeldLock[] {
  const { def } = nextStep(w, pid, sc);
  const begun = withBegun(w, pid, sc);
  return def.takes(begun, pid);
}

/** Can `pid` run its next step now: is every lock the step takes free (its own included)? */
export function canRunStep(w: World, pid: Pid, sc?: SplitRecord): boolean {
  return locksFree(w, stepTakes(w, pid, sc));
}

export interface SplitStepOutcome {
  readonly world: World;
  /** The step that ran. */
  readonly step: string;
  /** The call's result when this step ended it, else null. */
  readonly result: SysResult | null;
  readonly wakeups: readonly Wakeup[];
}

/** Run the next step of `pid` (beginning `sc` when no call of its is in flight). */
export function runSplitStep(w: World, pid: Pid, sc?: SplitRecord): SplitStepOutcome {
  const task = w.tasks[pid];
  if (task === undefined) throw new NotRunnable(`no task with pid ${pid}`);
  if (task.state !== 'running') throw new NotRunnable(`task ${pid} is ${task.state}`);
  const inf = inflightOf(w, pid);
  if (inf !== undefined && sc !== undefined) throw new NotRunnable(`task ${pid} is already in ${inf.call.call}`);
  const { name, def } = nextStep(w, pid, sc);
  if (!canRunStep(w, pid, sc)) throw new NotRunnable(`task ${pid} waits for a lock in ${name}`);
  const box: { result: SysResult | null; wakeups: Wakeup[] } = { result: null, wakeups: [] };
  const world = produce(w, (d) => {
    if (inf === undefined && sc !== undefined) beginInflight(d, pid, sc, name);
    box.result = def.run(d, pid);
    box.wakeups = wakeBlocked(d);
  });
  return { world, step: name, result: box.result, wakeups: box.wakeups };
}

/** A split call run start to end with no other task in between: the atomic syscall's twin. */
export function runSplitCall(
  w: World,
  pid: Pid,
  sc: SplitRecord,
): { world: World; result: SysResult; steps: string[] } {
  let out = runSplitStep(w, pid, sc);
  const steps = [out.step];
  while (out.result === null) {
    out = runSplitStep(out.world, pid);
    steps.push(out.step);
  }
  return { world: out.world, result: out.result, steps };
}

/** The same inside a draft (a flow's own transition): every step of `sc`, then the wakeups. */
export function runSplitInDraft(d: MWorld, pid: Pid, sc: SplitRecord): SysResult {
  const call = splitCallOf(sc);
  if (call === null) throw new NotRunnable(`${sc.call} is not a split call`);
  beginInflight(d, pid, sc, call.first);
  let result: SysResult | null = null;
  while (result === null) result = nextStep(d, pid).def.run(d, pid);
  wakeBlocked(d);
  return result;
}
