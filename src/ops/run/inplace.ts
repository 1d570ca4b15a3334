/**
 * An in-place step runner for long replays. `step` makes a new World per call through immer, which
 * on this model costs far more than the call itself (proxies, copies of the id-keyed tables,
 * freezing). A replay only needs the latest world, so this runner keeps one private mutable copy
 * and runs the same handlers (applyCall) on it directly, as the kernel mutates its own state.
 *
 * Same answers as `step`: the handlers only see a plain object either way, the world holds no
 * shared sub-objects (thaw copies every node, so nothing aliases), and a call that throws leaves
 * the world as it was: the runner goes back to its last checkpoint and re-runs the calls since
 * (the handlers are deterministic). test/ops/inplace.test.ts checks both against each other.
 */
import type { Pid } from '../../model/ids.js';
import type { World } from '../../model/world.js';
import type { SysResult } from '../vfs/result.js';
import type { Runner } from './runner.js';
import { applyCall, type Wakeup } from './step.js';
import type { Syscall } from '../../model/syscall/syscall.js';
import type { MWorld } from '../vfs/world-draft.js';

/** Calls between checkpoints: a deep copy of this small world per 1024 calls costs nothing. */
const CHECKPOINT_EVERY = 1024;

/** A deep copy of plain data that shares no object with its source (and is not frozen). */
function thaw<T>(x: T): T {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) return x.map((v: unknown) => thaw(v)) as T;
  // The same prototype (a dentry's names have none, so that "__proto__" is just a key).
  const out = Object.create(Object.getPrototypeOf(x) as object | null) as Record<string, unknown>;
  for (const k of Object.keys(x)) out[k] = thaw((x as Record<string, unknown>)[k]);
  return out as T;
}

/** A frozen deep copy: a World like those `step` returns. */
function freezeDeep<T>(x: T): T {
  if (typeof x !== 'object' || x === null || Object.isFrozen(x)) return x;
  for (const v of Object.values(x)) freezeDeep(v);
  return Object.freeze(x);
}

export class InPlaceRunner implements Runner {
  private w: MWorld;
  private checkpoint: World;
  private since: { pid: Pid; sc: Syscall }[] = [];

  constructor(start: World) {
    this.checkpoint = thaw(start);
    this.w = thaw(start) as MWorld;
  }

  /** Go on from `w` (a copy of it: two deep copies, so not for every call). */
  replace(w: World): void {
    this.checkpoint = thaw(w);
    this.w = thaw(w) as MWorld;
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
    return freezeDeep(thaw(this.w as World));
  }

  /** One call, as `step` runs it; throws what `step` throws, with the world unchanged. */
  step(pid: Pid, sc: Syscall): { result: SysResult; wakeups: Wakeup[] } {
    if (this.since.length >= CHECKPOINT_EVERY) {
      this.checkpoint = thaw(this.w as World);
      this.since = [];
    }
    try {
      const out = applyCall(this.w, pid, sc);
      this.since.push({ pid, sc });
      return out;
    } catch (e) {
      this.rollback();
      throw e;
    }
  }

  /** Back to the last checkpoint, then forward again through the calls that completed since. */
  private rollback(): void {
    this.w = thaw(this.checkpoint) as MWorld;
    for (const c of this.since) applyCall(this.w, c.pid, c.sc);
  }
}
