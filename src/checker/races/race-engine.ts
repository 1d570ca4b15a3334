/**
 * The race explorer's moves: a node is a world plus how far each task has got through its
 * operations; a move runs the next step of one task (the next section of its split call, or an
 * operation that runs as one step) and checks every invariant and transition property on it.
 */
import type { World } from '../../model/world.js';
import { checkpointWorld } from '../../cr/cr-flow.js';
import { pinCreated, type CleanupProgress, type CleanupTarget } from '../../cr/relink-cleanup.js';
import type { SysResult } from '../../ops/vfs/result.js';
import { locksFree } from '../../ops/steps/inflight.js';
import { canRunStep, runSplitStep, splitCallOf, type SplitRecord } from '../../ops/steps/run.js';
import type { Syscall } from '../../model/syscall/syscall.js';
import { stateKey } from '../canonical.js';
import { checkInvariants } from '../../invariants/invariants.js';
import { startWorld } from '../relink-alphabet.js';
import { cleanupCall, cleanupCanMove, cleanupStep, methodOf } from './race-cleanup.js';
import { opLocks } from './race-locks.js';
import type { RaceOp, RaceProgram, RaceTask } from './race-programs.js';
import { checkFlow, checkTransition } from '../../invariants/transitions.js';
import type { Violation } from '../../invariants/violation.js';
import { Session, type SessionOptions } from '../../session/session.js';
import { ModelBug } from '../../model/errors.js';

/** One step of a schedule. */
export interface RaceStep {
  readonly pid: number;
  readonly op: RaceOp;
  /** The split call's step that ran; null for an operation that runs as one step. */
  readonly step: string | null;
  /** The operation's result when this step ended it. */
  readonly result: SysResult | null;
  /** A cleanup's step: the syscall (or funlinkat) it belongs to; `result` is that call's. */
  readonly call: SplitRecord | null;
  /** A cleanup's last step: how many names it removed. */
  readonly removed: number | null;
}

export interface RaceNode {
  readonly world: World;
  /** Per task: how many of its operations have ended. */
  readonly pcs: readonly number[];
  /** Per task: the names its last checkpoint created and their inodes (what its cleanup removes). */
  readonly created: readonly (readonly CleanupTarget[])[];
  /** Per task: how far its cleanup in progress has got (null when none is). */
  readonly cleanups: readonly (CleanupProgress | null)[];
  readonly trace: readonly RaceStep[];
}

export interface Race {
  readonly kernel: string;
  readonly program: RaceProgram;
  readonly tasks: readonly RaceTask[];
  readonly start: RaceNode;
  /** What the setup alone broke (a seeded bug can show before any race). */
  readonly setupViolations: readonly Violation[];
}

/**
 * A move that is one whole call runs in a session; its checks are move's, the same for every kind
 * of move (a split call's section, a checkpoint, a cleanup step), so the session checks nothing.
 */
const ONE_CALL: SessionOptions = { representation: 'immer', invariants: { when: 'off', set: 'state' } };

/** The program's start in this kernel, or null when its setup fails there (e.g. relink= on mainline). */
export function prepareRace(kernel: string, program: RaceProgram): Race | null {
  // The setup is checked once, after its last call.
  const setup = new Session(startWorld(kernel), { representation: 'immer', invariants: { when: 'end', set: 'state' } });
  for (const [pid, sc] of program.setup) {
    if (setup.run(pid, sc).result.ok !== true) return null;
  }
  const w = setup.world;
  const tasks = program.tasks(w);
  const start: RaceNode = {
    world: w,
    pcs: tasks.map(() => 0),
    created: tasks.map(() => []),
    cleanups: tasks.map(() => null),
    trace: [],
  };
  return { kernel, program, tasks, start, setupViolations: setup.end() };
}

const taskPid = (race: Race, i: number): number => race.tasks[i]?.pid ?? -1;
const nextOp = (race: Race, node: RaceNode, i: number): RaceOp | undefined =>
  race.tasks[i]?.ops[node.pcs[i] ?? Infinity];

/**
 * Task indices that have not ended all their operations: one is left, a call is in flight, or the
 * task sleeps in a blocking call (a fifo open with no partner), which has not returned either.
 */
export function unfinished(race: Race, node: RaceNode): number[] {
  const w = node.world;
  return race.tasks.flatMap((_, i) => {
    const pid = taskPid(race, i);
    const left = w.inflight?.[pid] !== undefined || nextOp(race, node, i) !== undefined;
    return left || w.tasks[pid]?.state === 'blocked' ? [i] : [];
  });
}

/** Can task `i` take a step now (it has one, and no other task holds a lock it takes)? */
export function canMove(race: Race, node: RaceNode, i: number): boolean {
  const pid = taskPid(race, i);
  const w = node.world;
  if (w.tasks[pid]?.state !== 'running') return false;
  if (w.inflight?.[pid] !== undefined) return canRunStep(w, pid);
  const op = nextOp(race, node, i);
  if (op === undefined) return false;
  if (op.kind === 'call' && splitCallOf(op.sc) !== null) return canRunStep(w, pid, op.sc);
  if (op.kind === 'cleanup') {
    const created = node.created[i] ?? [];
    const sc = cleanupCall(w, pid, methodOf(race.kernel, op), created, node.cleanups[i] ?? null);
    return cleanupCanMove(w, pid, sc);
  }
  return locksFree(w, opLocks(w, pid, op));
}

export function enabled(race: Race, node: RaceNode): number[] {
  return race.tasks.flatMap((_, i) => (canMove(race, node, i) ? [i] : []));
}

export interface Moved {
  readonly node: RaceNode;
  /** What this step broke (empty when nothing). */
  readonly violations: readonly Violation[];
}

const replace = <T>(xs: readonly T[], i: number, x: T): T[] => xs.map((y, j) => (j === i ? x : y));

/** Run task `i`'s next step (canMove must hold). */
export function move(race: Race, node: RaceNode, i: number): Moved {
  const pid = taskPid(race, i);
  const before = node.world;
  const inflight = before.inflight?.[pid];
  // A call in flight is the current operation's (a split call's, or a cleanup's).
  const current = nextOp(race, node, i);
  if (current === undefined) throw new ModelBug(`task ${pid} has nothing to run`);
  let world: World;
  let result: SysResult | null;
  let stepName: string | null = null;
  let created = node.created[i] ?? [];
  let flow: Violation[] = [];
  let cleanup = node.cleanups[i] ?? null;
  let cleanupSc: SplitRecord | null = null;
  let callResult: SysResult | null = null;
  if (current.kind === 'call' && splitCallOf(current.sc) !== null) {
    const out = runSplitStep(before, pid, inflight === undefined ? current.sc : undefined);
    world = out.world;
    result = out.result;
    stepName = out.step;
  } else if (current.kind === 'call') {
    const session = new Session(before, ONE_CALL);
    result = session.run(pid, current.sc).result;
    world = session.world;
  } else if (current.kind === 'checkpoint') {
    const ck = checkpointWorld(before, { checkpointer: pid, pids: current.pids, strategy: 'relink' });
    world = ck.world;
    // Pinned in the same step: what a cleaner's fd, opened as it relinks, would name.
    created = pinCreated(world, pid, ck.result.ok ? ck.result.image.createdNames : ck.result.createdNames);
    result = ck.result.ok ? { ok: true, ret: 0 } : { ok: false, errno: ck.result.errno };
    flow = checkFlow({ before, after: world, kind: 'checkpoint', pids: current.pids, names: [] });
  } else {
    const cl = cleanupStep(before, pid, methodOf(race.kernel, current), created, cleanup);
    world = cl.world;
    result = cl.result;
    stepName = cl.step;
    cleanup = cl.progress;
    cleanupSc = cl.sc;
    callResult = cl.callResult;
    // Each step is checked as a step of the flow, and a syscall's also as that syscall.
    flow = checkFlow({ before, after: world, kind: 'cleanup', pids: [], names: created });
    if (cl.sc !== null && cl.sc.call !== 'funlinkat') {
      const sc: Syscall = cl.sc;
      const r = callResult ?? { ok: 'blocked', reason: 'in flight' };
      flow = [...checkTransition({ before, pid, sc, result: r, after: world }), ...flow];
    }
  }
  const violations = [
    ...checkInvariants(world),
    ...(current.kind === 'call'
      ? checkTransition({
          before,
          pid,
          sc: current.sc,
          result: result ?? { ok: 'blocked', reason: 'in flight' },
          after: world,
        })
      : flow),
  ];
  const ended = result !== null;
  const next: RaceNode = {
    world,
    pcs: ended ? replace(node.pcs, i, (node.pcs[i] ?? 0) + 1) : node.pcs,
    created: replace(node.created, i, created),
    cleanups: replace(node.cleanups, i, cleanup),
    trace: [
      ...node.trace,
      current.kind === 'cleanup'
        ? {
            pid,
            op: current,
            step: stepName,
            result: callResult,
            call: cleanupSc,
            removed: result !== null && result.ok === true ? result.ret : null,
          }
        : { pid, op: current, step: stepName, result, call: null, removed: null },
    ],
  };
  return { node: next, violations };
}

/** The node's identity for state counting: the world's canonical key and each task's progress. */
export function nodeKey(node: RaceNode): string {
  return `${stateKey(node.world)}|${node.pcs.join(',')}|${JSON.stringify([node.created, node.cleanups])}`;
}
