/**
 * The transitions of the search in place (bfs-in-place.ts) on one mutable world (undo-world.ts):
 * `goTo` reaches a frontier state from the last one by undoing back to their common prefix and
 * applying the rest (unchecked: the state was checked when it was found, as the Rederiver's steps),
 * and `tryOp` runs one op from there with the checks of the copy-on-write step (applyOp), then
 * takes it back. The state invariants are checked incrementally on what the call touched, with the
 * whole check where the incremental one does not know (as an in-place Session does); its tallies
 * follow the world through every apply and, at every undo, are restored from its journal. The
 * laws see the world before through the undo frame. The raw fingerprint is kept by record
 * (record-hashes.ts); the canonical one walks the live world whole (fingerprint.ts's walk, without
 * its cache, which is by world object).
 */
import { ModelBug } from '../../model/errors.js';
import { checkRest, fastCheckInvariants } from '../../invariants/invariants-fast.js';
import { IncrementalInvariants } from '../../invariants/invariants-incremental.js';
import { checkTransition } from '../../invariants/transitions.js';
import type { Violation } from '../../invariants/violation.js';
import { walkCanonical } from '../canonical-walk.js';
import { HashSink, type Fingerprint } from '../fingerprint-hash.js';
import type { Op } from '../relink-alphabet.js';
import { RecordHashes } from './record-hashes.js';
import type { UndoWorld } from './undo-world.js';

/** One op tried from the current state: what it broke, and its state's fingerprint (null: the same state). */
export interface InPlaceStep {
  readonly violations: readonly Violation[];
  readonly fingerprint: Fingerprint | null;
}

export class InPlaceExpander {
  private readonly hashes: RecordHashes | null;
  private readonly invariants = new IncrementalInvariants();
  /** The op indices applied to reach the current state. */
  private readonly path: number[] = [];
  /** Unchecked steps taken to reach frontier states. */
  steps = 0;

  constructor(
    readonly undo: UndoWorld,
    readonly alphabet: readonly Op[],
    readonly key: 'raw' | 'canonical',
  ) {
    if (undo.height !== 0) throw new ModelBug('the search in place starts from a world with no call to undo');
    this.hashes = key === 'raw' ? new RecordHashes(undo.world) : null;
    this.invariants.holds(undo.world, null);
  }

  /** The current state's fingerprint. */
  fingerprint(): Fingerprint {
    const w = this.undo.world;
    if (this.hashes !== null) return this.hashes.fingerprint(w);
    const s = new HashSink();
    walkCanonical(w, false, s);
    return s.result();
  }

  /** The world brought to the state `path` reaches (a path of ops that ran when it was found). */
  goTo(path: Uint8Array | readonly number[]): void {
    let k = 0;
    while (k < this.path.length && k < path.length && path[k] === this.path[k]) k++;
    while (this.path.length > k) this.back();
    for (; k < path.length; k++) {
      const i = path[k] ?? -1;
      const op = this.alphabet[i];
      if (op === undefined || this.undo.apply(op) === null)
        throw new ModelBug(`re-deriving a frontier state in place: op ${i} at step ${k + 1} did not run again`);
      this.steps++;
      this.path.push(i);
      this.hashes?.update(this.undo.world, this.undo.top);
      // Taken back by back(); a step the incremental check does not know is walked whole here, once,
      // so that the ops tried from this state start from tallies it trusts (a rollback keeps distrust).
      this.invariants.mark();
      if (!this.invariants.holds(this.undo.world, this.undo.top.touches)) this.invariants.holds(this.undo.world, null);
    }
  }

  /** Op `i` from the current state, checked, then undone: null when it cannot run here. */
  tryOp(i: number): InPlaceStep | null {
    const op = this.alphabet[i];
    if (op === undefined) throw new ModelBug(`no op ${i} in the alphabet`);
    const result = this.undo.apply(op);
    if (result === null) return null;
    const w = this.undo.world;
    const f = this.undo.top;
    this.invariants.mark();
    const state = this.invariants.holds(w, f.touches) ? checkRest(w) : fastCheckInvariants(w);
    const laws = checkTransition({ before: this.undo.before(), pid: op.pid, sc: op.sc, result, after: w }, f);
    const violations = laws.length === 0 ? state : [...state, ...laws];
    let fp: Fingerprint | null = null;
    if (violations.length === 0 && this.hashes !== null) {
      // The raw fingerprint is kept per record, so hashing the few records a call noted costs less
      // than deciding whether it changed any; a call that changed nothing gives this state's own
      // fingerprint, which the search has seen.
      this.hashes.update(w, f);
      fp = this.hashes.fingerprint(w);
      this.hashes.revert();
    } else if (violations.length === 0 && !this.undo.unchanged()) {
      // A call that changed nothing is a step back to this state, seen already (as the cow search's).
      fp = this.fingerprint();
    }
    this.undo.undo();
    this.invariants.rollback();
    return { violations, fingerprint: fp };
  }

  /** Takes the last step to the current state back. */
  private back(): void {
    this.undo.undo();
    this.hashes?.revert();
    this.path.pop();
    this.invariants.rollback();
  }
}
