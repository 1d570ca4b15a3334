/**
 * One operation of an alphabet on a world, as the explorers take it: through a session that checks
 * the state invariants and the transition laws (applyOp), or unchecked, to re-derive a state the
 * search has checked already from its path (rederiveOp).
 */
import type { World } from '../../model/world.js';
import { NotRunnable, Unmodelled } from '../../model/errors.js';
import type { Op } from '../relink-alphabet.js';
import type { StepResult } from './step-memo.js';
import { Session, type SessionOptions } from '../../session/session.js';

/** Every operation is checked: the state invariants and the transition laws over it. */
const EXPLORING: SessionOptions = { representation: 'cow', invariants: { when: 'every', set: 'state+transitions' } };
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
