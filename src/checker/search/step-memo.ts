/**
 * applyOp remembered per (World object, op) across the sequences of a random search. fast-check
 * draws many sequences that share prefixes, and most steps fail and return the very same World,
 * so the same (world, op) pairs come back again and again; a step is a pure function of the two,
 * so a remembered outcome is the one a fresh call would give. Bounded, so memory stays flat:
 * 100,000 runs of the relink alphabet hold about 50,000 entries (about 70 MB).
 */
import type { World } from '../../model/world.js';
import type { Op } from '../relink-alphabet.js';
import type { Violation } from '../../invariants/violation.js';

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
    private readonly capacity = 200_000,
  ) {}

  apply(w: World, op: Op): StepResult | null {
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
