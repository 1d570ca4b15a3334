/**
 * A session: a world and the calls run on it, one after another. Every front end runs its calls
 * through one: native and strace replay, scenarios (and the patches that teaching shows), their
 * lowering to kernel calls, the cross-check's model side, and the explorers.
 *
 * A session is a representation and an invariant policy. The representation (src/ops/run/runner.ts)
 * is how the world is held: 'immer' (a new frozen world per call), 'patches' (the same with immer's
 * patches) or 'in-place' (one mutable world, for long replays); all give equal worlds and answers.
 * The policy says when the invariants are checked: after 'every' call (a violation is pinned to the
 * call that made it), once at the 'end' (`end()`, for long traces, where the audit costs more than
 * the calls), or 'off' (setup, lowering, the cross-check: callers that check elsewhere or not at
 * all); and which: 'state' (the registry, src/invariants/invariants.ts) or 'state+transitions'
 * (also the laws over each call, src/invariants/transitions.ts: the explorers').
 *
 * Two layers: the runner is model machinery (src/ops/run, no invariants; src/cr's flows run their
 * own calls with applyCall and stay there), the policy needs src/invariants, which sits above
 * src/ops. So the session is its own folder, above src/invariants and below the front ends.
 *
 * The state check is the registry's exact answer computed fast (fastCheckInvariants), remembered
 * per world object for the immutable representations (invariant-cache.ts: a call that fails
 * returns the very same world, and the explorers meet those more often than not); never for
 * 'in-place', whose one world object changes under such a cache.
 *
 * The explorers' hot paths use it too (a session per transition): against their direct calls to
 * `step`, the CPU time of `check --depth 6`'s search and of every race program was the same within
 * the noise of a loaded machine (medians 2.15 s against 2.04 s, 1.50 s against 1.54 s), immer's
 * produce being the cost of a transition. One exception: the single-threaded exhaustive search
 * runs in place by default (src/checker/search/undo-world.ts: one mutable world, each call undone
 * after its checks), the same checks in the same order, because a world per transition cost it
 * 2.7 times the CPU; its answers are the session's, field by field
 * (test/checker/inplace-search.test.ts).
 */
import { ModelBug } from '../model/errors.js';
import type { Pid } from '../model/ids.js';
import type { World } from '../model/world.js';
import { invariantsOf } from '../invariants/invariant-cache.js';
import { checkRest, fastCheckInvariants } from '../invariants/invariants-fast.js';
import { IncrementalInvariants } from '../invariants/invariants-incremental.js';
import { closeTouchLog, openTouchLog, type TouchLog } from '../ops/vfs/touch-log.js';
import { checkTransition } from '../invariants/transitions.js';
import type { Violation } from '../invariants/violation.js';
import { makeRunner, type CallOutcome, type Representation, type Runner } from '../ops/run/runner.js';
import type { Syscall } from '../model/syscall/syscall.js';

export type { Representation } from '../ops/run/runner.js';
export type { Wakeup } from '../ops/run/step.js';

export interface InvariantPolicy {
  readonly when: 'every' | 'end' | 'off';
  /** 'transitions': the laws alone, for a step whose world the search checks where it reaches it another way. */
  readonly set: 'state' | 'state+transitions' | 'transitions';
}

export interface SessionOptions {
  readonly representation: Representation;
  readonly invariants: InvariantPolicy;
}

/** One call's outcome, with what it broke ('every'; always empty under 'end' and 'off'). */
export interface Ran extends CallOutcome {
  readonly violations: readonly Violation[];
}

const NONE: readonly Violation[] = Object.freeze([]);

export class Session {
  private readonly runner: Runner;
  /** 'in-place' checking after every call: the invariants on what each call touched (its log). */
  private readonly incremental: IncrementalInvariants | null;
  private readonly log: TouchLog = { tables: [], ids: [], count: 0 };

  constructor(
    start: World,
    private readonly o: SessionOptions,
  ) {
    if (o.representation === 'in-place' && o.invariants.set !== 'state')
      throw new ModelBug(
        'the transition laws need the world before each call, which an in-place session does not keep',
      );
    this.runner = makeRunner(o.representation, start);
    this.incremental =
      o.representation === 'in-place' && o.invariants.when === 'every' ? new IncrementalInvariants() : null;
  }

  /** The current world ('in-place': read-only, and only until the next call; `snapshot` keeps one). */
  get world(): World {
    return this.runner.world;
  }

  /**
   * One call by `pid`. Throws what the model throws for a call it cannot make or does not cover
   * (NotRunnable, Unmodelled), with the world unchanged.
   */
  run(pid: Pid, sc: Syscall): Ran {
    const before = this.runner.world;
    const out = this.incremental === null ? this.runner.step(pid, sc) : this.logged(pid, sc);
    const violations = this.o.invariants.when === 'every' ? this.afterCall(before, pid, sc, out) : NONE;
    return { result: out.result, wakeups: out.wakeups, patches: out.patches, violations };
  }

  /** The call with its touches logged, for the incremental check. */
  private logged(pid: Pid, sc: Syscall): CallOutcome {
    openTouchLog(this.log);
    try {
      return this.runner.step(pid, sc);
    } finally {
      closeTouchLog();
    }
  }

  /** The checks after one call: the state invariants, and the transition laws when the set has them. */
  private afterCall(before: World, pid: Pid, sc: Syscall, out: CallOutcome): readonly Violation[] {
    const w = this.runner.world;
    if (this.incremental !== null) return this.incremental.holds(w, this.log) ? checkRest(w) : fastCheckInvariants(w);
    const state = this.o.invariants.set === 'transitions' ? NONE : this.check();
    if (this.o.invariants.set === 'state') return state;
    const laws = checkTransition({ before, pid, sc, result: out.result, after: this.runner.world });
    return laws.length === 0 ? state : [...state, ...laws];
  }

  /** Go on from `w`, made by something other than a call (a flow, a backup, the outside of a replay); unchecked. */
  replace(w: World): void {
    this.runner.replace(w);
  }

  /** The state invariants of the current world, now, whatever the policy. */
  check(): readonly Violation[] {
    return this.o.representation === 'in-place'
      ? fastCheckInvariants(this.runner.world)
      : invariantsOf(this.runner.world);
  }

  /** The check at the end of a run: the current world's under 'end' (the others checked already, or never). */
  end(): readonly Violation[] {
    return this.o.invariants.when === 'end' ? this.check() : NONE;
  }

  /** The current world, to keep: frozen, and not changed by later calls. */
  snapshot(): World {
    return this.runner.snapshot();
  }
}
