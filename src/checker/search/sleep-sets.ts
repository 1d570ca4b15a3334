/**
 * Partial-order reduction by sleep sets (Godefroid, "Partial-Order Methods for the Verification of
 * Concurrent Systems", ch. 5) for the breadth-first search (bfs.ts). When ops a and b do not
 * depend on each other from a state p (their footprints do not meet: src/ops/run/footprint.ts),
 * p·a·b and p·b·a are one world; so after exploring a from p, the search puts a to sleep in p·b
 * and does not take a there again while the ops after b stay independent of it. Every state is
 * still reached, at the same depth (sleep sets prune transitions, never states: every sequence of
 * ops is equivalent to one they keep, of the same length and ending in the same world), so every
 * state invariant is checked on every state. A sleeping op still runs, and its transition laws are
 * judged (a law may read more of the world than the call did); what it saves is the state check,
 * the fingerprint and the lookup of a world reached another way.
 *
 * A state met several times in one level sleeps on what sleeps on every arrival (the
 * intersection); one met at an earlier level is not expanded again, as without the reduction.
 * Why no reduction of states: every state here is the end of some sequence, and the invariants are
 * global, so a persistent-set reduction that left states out could leave out the one that breaks
 * an invariant (docs/checker.md, "Partial-order reduction").
 */
import type { World } from '../../model/world.js';
import { ModelBug } from '../../model/errors.js';
import { dependent } from '../../ops/run/footprint.js';
import type { Op } from '../relink-alphabet.js';
import { applyOpTraced, type TracedStep } from './apply-op.js';
import type { Fingerprint } from '../fingerprint.js';

/** Sleep sets are bit masks over the alphabet's ops. */
export const MAX_SLEEP_OPS = 32;

/** The sleep sets of one level's new states, in the order the level's frontier holds them. */
export class LevelSleep {
  private masks = new Uint32Array(1024);
  private readonly at = new Map<bigint, number>();
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** A state new to the search, pushed onto the frontier now. */
  add(f: Fingerprint, mask: number): void {
    if (this.n === this.masks.length) {
      const grown = new Uint32Array(this.masks.length * 2);
      grown.set(this.masks);
      this.masks = grown;
    }
    this.at.set(key(f), this.n);
    this.masks[this.n++] = mask;
  }

  /** A state met again: true when it is one of this level's, whose sleep set is now the intersection. */
  meet(f: Fingerprint, mask: number): boolean {
    const i = this.at.get(key(f));
    if (i === undefined) return false;
    this.masks[i] = (this.masks[i] ?? 0) & mask;
    return true;
  }

  /** The sleep set of the level's `i`-th state; the index of arrivals is dropped (the level is complete). */
  mask(i: number): number {
    if (i >= this.n) throw new ModelBug(`no sleep set for state ${i} of a level of ${this.n}`);
    return this.masks[i] ?? 0;
  }

  /** Drops the lookup by fingerprint once the level is complete (only the masks are read then). */
  seal(): void {
    this.at.clear();
  }
}

const key = (f: Fingerprint): bigint => (BigInt(f.hi >>> 0) << 32n) | BigInt(f.lo >>> 0);

/** One state's expansion under its sleep set: every op's traced step, and each child's sleep set. */
export interface SleepExpansion {
  readonly steps: readonly TracedStep[];
  /** The sleep set of the child through op i (meaningful for the ops not asleep). */
  readonly childMask: (i: number) => number;
}

export function expandAsleep(world: World, alphabet: readonly Op[], sleep: number): SleepExpansion {
  if (alphabet.length > MAX_SLEEP_OPS)
    throw new ModelBug(`sleep sets over ${alphabet.length} ops: at most ${MAX_SLEEP_OPS}`);
  const steps = alphabet.map((op, i) => applyOpTraced(world, op, ((sleep >>> i) & 1) === 1));
  const childMask = (i: number): number => {
    const fi = steps[i]?.footprint;
    if (fi === undefined) throw new ModelBug(`no op ${i}`);
    let mask = 0;
    for (let j = 0; j < steps.length; j++) {
      // Asleep here already, or explored before i: asleep in the child when independent of i.
      const candidate = ((sleep >>> j) & 1) === 1 || j < i;
      const fj = steps[j]?.footprint;
      if (candidate && j !== i && fj !== undefined && !dependent(fj, fi)) mask |= 1 << j;
    }
    return mask >>> 0;
  };
  return { steps, childMask };
}
