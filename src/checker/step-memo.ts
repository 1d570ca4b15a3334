/**
 * applyOp remembered per (World object, op) for the first steps of random sequences. fast-check
 * draws many sequences that share a short prefix, and a step is a pure function of the world and
 * the op, so a remembered outcome is the one a fresh call would give. Only the first steps are
 * kept (longer prefixes rarely repeat), and only up to a bound, so memory stays flat.
 */
import type { World } from '../model/world.js';
import type { Op } from './relink-alphabet.js';
import type { Violation } from './violation.js';

export interface StepResult {
  readonly world: World;
  readonly violations: readonly Violation[];
}

export type StepFn = (w: World, op: Op) => StepResult | null;

export class StepMemo {
  private readonly table = new WeakMap<World, Map<Op, StepResult | null>>();
  private entries = 0;

  constructor(
    private readonly stepFn: StepFn,
    private readonly depth = 4,
    private readonly capacity = 200_000,
  ) {}

  /** The outcome of `op` on `w`, the step at `position` (0-based) of its sequence. */
  apply(w: World, op: Op, position: number): StepResult | null {
    if (position >= this.depth) return this.stepFn(w, op);
    let row = this.table.get(w);
    const hit = row?.get(op);
    if (hit !== undefined) return hit;
    const r = this.stepFn(w, op);
    if (this.entries < this.capacity) {
      if (row === undefined) {
        row = new Map();
        this.table.set(w, row);
      }
      row.set(op, r);
      this.entries++;
    }
    return r;
  }
}
