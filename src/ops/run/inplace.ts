/**
 * An in-place step runner for long replays. `step` makes a new World per call through immer, which
 * on this model costs far more than the call itself (proxies, copies of the id-keyed tables,
 * freezing). A replay only needs the latest world, so this runner keeps one private mutable copy
 * and runs the same handlers (applyCall) on it directly, as the kernel mutates its own state.
 *
 * Same answers as `step`: the handlers only see a plain object either way, the world holds no
 * shared sub-objects (deepCopy copies every node, so nothing aliases), and a call that throws leaves
 * the world as it was: the runner goes back to its last checkpoint and re-runs the calls since
 * (the handlers are deterministic). test/ops/inplace.test.ts checks both against each other.
 */
import type { Pid } from '../../model/ids.js';
import type { World } from '../../model/world.js';
import type { SysResult } from '../vfs/result.js';
import type { Runner } from './runner.js';
import { applyCall, watchSleepers, type Wakeup } from './step.js';
import type { Syscall } from '../../model/syscall/syscall.js';
import type { MWorld } from '../vfs/world-draft.js';
import { deepCopy, freezeDeep } from '../vfs/plain-data.js';

/**
 * Calls between checkpoints: 1024 at first and after a rollback, then twice as many after each
 * checkpoint up to 16384. A deep copy per 1024 calls was 1.5-2% of a long replay's CPU, and a call
 * that throws is rare there; a rollback re-runs fewer calls than ran since the one before it (plus
 * the first interval), so a trace that throws often pays as it did.
 */
export interface CheckpointIntervals {
  readonly first: number;
  readonly most: number;
}
const CHECKPOINTS: CheckpointIntervals = { first: 1024, most: 16384 };

export class InPlaceRunner implements Runner {
  private w: MWorld;
  private checkpoint: World;
  private since: { pid: Pid; sc: Syscall }[] = [];
  private interval: number;

  /** `intervals`: the calls between checkpoints (tests make them short). */
  constructor(
    start: World,
    private readonly intervals: CheckpointIntervals = CHECKPOINTS,
  ) {
    this.checkpoint = deepCopy(start);
    this.w = this.own(start);
    this.interval = intervals.first;
  }

  /** A private copy of `w`, whose tasks table only this runner's calls write. */
  private own(w: World): MWorld {
    const copy = deepCopy(w) as MWorld;
    watchSleepers(copy.tasks);
    return copy;
  }

  /** Go on from `w` (a copy of it: two deep copies, so not for every call). */
  replace(w: World): void {
    this.checkpoint = deepCopy(w);
    this.w = this.own(w);
    this.since = [];
  }

  /**
   * The current world, read-only and only until the next step (it is the runner's own copy);
   * `snapshot` gives one to keep.
   */
  get world(): World {
    return this.w;
  }

  snapshot(): World {
    return freezeDeep(deepCopy(this.w as World));
  }

  /** One call, as `step` runs it; throws what `step` throws, with the world unchanged. */
  step(pid: Pid, sc: Syscall): { result: SysResult; wakeups: Wakeup[] } {
    if (this.since.length >= this.interval) {
      this.checkpoint = deepCopy(this.w as World);
      this.since = [];
      this.interval = Math.min(this.interval * 2, this.intervals.most);
    }
    try {
      const out = applyCall(this.w, pid, sc);
      this.since.push({ pid, sc });
      return out;
    } catch (e) {
      this.rollback();
      this.interval = this.intervals.first;
      throw e;
    }
  }

  /** Back to the last checkpoint, then forward again through the calls that completed since. */
  private rollback(): void {
    this.w = this.own(this.checkpoint);
    for (const c of this.since) applyCall(this.w, c.pid, c.sc);
  }
}
