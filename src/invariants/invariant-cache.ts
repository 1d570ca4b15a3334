/**
 * Invariants per World object, remembered. A step whose call fails returns the very same object
 * (the step law in docs/model.md), and the explorers meet such steps more often than not; the
 * invariants are pure functions of the world, so the answer computed when it was made still holds.
 */
import type { World } from '../model/world.js';
import { fastCheckInvariants } from './invariants-fast.js';
import type { Violation } from './violation.js';

const checked = new WeakMap<World, readonly Violation[]>();

export function invariantsOf(w: World): readonly Violation[] {
  let v = checked.get(w);
  if (v === undefined) {
    v = fastCheckInvariants(w);
    checked.set(w, v);
  }
  return v;
}
