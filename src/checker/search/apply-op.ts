/**
 * One operation of an alphabet on a world, as the explorers take it: through a session that checks
 * the state invariants and the transition laws (applyOp), or unchecked, to re-derive a state the
 * search has checked already from its path (rederiveOp).
 */
import type { World } from '../../model/world.js';
import { ModelBug, NotRunnable, Unmodelled } from '../../model/errors.js';
import type { Op } from '../relink-alphabet.js';
import type { StepResult } from './step-memo.js';
import { Session, type SessionOptions } from '../../session/session.js';
import { closeFootprint, EVERYTHING, openFootprint, writesOf, type Footprint } from '../../ops/run/footprint.js';

/** Every operation is checked: the state invariants and the transition laws over it. */
const EXPLORING: SessionOptions = { representation: 'cow', invariants: { when: 'every', set: 'state+transitions' } };
/** A step the reduction put to sleep: its world is reached by another path and checked there. */
const LAWS_ONLY: SessionOptions = { representation: 'cow', invariants: { when: 'every', set: 'transitions' } };
const REDERIVING: SessionOptions = { representation: 'cow', invariants: { when: 'off', set: 'state' } };

function run(w: World, op: Op, o: SessionOptions): StepResult | null {
  if (op.when !== undefined && !op.when(w)) return null;
  const session = new Session(w, o);
  try {
    const out = session.run(op.pid, op.sc);
    return { world: session.world, violations: out.violations };
  } catch (e) {
    if (e instanceof NotRunnable || e instanceof Unmodelled) return null;
    throw e;
  }
}

/**
 * One operation from `w`: the next world and what it broke, or null when the op cannot run, or its
 * task would not make it there (its `when`).
 */
export function applyOp(w: World, op: Op): StepResult | null {
  return run(w, op, EXPLORING);
}

/** The same step without the checks, for a state whose path was checked when it was found. */
export function rederiveOp(w: World, op: Op): World | null {
  return run(w, op, REDERIVING)?.world ?? null;
}

/** One operation and what it read and changed (footprint.ts); `out` null as for applyOp. */
export interface TracedStep {
  readonly out: StepResult | null;
  readonly footprint: Footprint;
}

/**
 * applyOp with the call's footprint, for the partial-order reduction (sleep-sets.ts). `asleep`: the
 * world it reaches is reached by another path of the same length, so only the transition laws are
 * checked here. An op with a `when` reads the world outside the call: dependent with every other.
 */
export function applyOpTraced(w: World, op: Op, asleep: boolean): TracedStep {
  if (op.when !== undefined) return { out: run(w, op, asleep ? LAWS_ONLY : EXPLORING), footprint: EVERYTHING };
  openFootprint();
  let out: StepResult | null;
  let reads;
  try {
    out = run(w, op, asleep ? LAWS_ONLY : EXPLORING);
  } finally {
    reads = closeFootprint();
  }
  if (reads === null) throw new ModelBug('a traced step ran without the copy-on-write step recording its reads');
  return { out, footprint: { reads, writes: out === null ? new Set() : writesOf(w, out.world) } };
}
