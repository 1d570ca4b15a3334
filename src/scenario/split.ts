/**
 * Scenario steps of split calls (src/ops/steps/), so a race the explorer found replays step by step:
 *   - {pid: 2, begin: linkat, args: {...}, step: lookup}   starts a call and runs its first step
 *   - {pid: 2, resume: lock_dir}                          runs the named next step of pid 2's call
 * Each step is checked like a syscall: every invariant after it, and the transition properties.
 */
import type { World } from '../model/world.js';
import { checkTransition } from '../invariants/transitions.js';
import { InputError, NotRunnable, Unmodelled } from '../model/errors.js';
import { lockHolder } from '../ops/steps/inflight.js';
import { canRunStep, nextStep, runSplitStep, splitCallOf } from '../ops/steps/run.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { renderCall } from '../model/syscall/render.js';
import { renderResult } from '../ops/run/render-result.js';
import { syscallFrom } from '../trace/jsonl.js';
import type { YamlValue } from './yaml.js';

export interface SplitStep {
  readonly kind: 'split';
  readonly line: number;
  readonly pid: number;
  /** The call a `begin` starts; null for `resume`. */
  readonly sc: Syscall | null;
  /** The step expected to run (a `begin` may omit it). */
  readonly step: string | null;
  readonly note: string | null;
}

type Obj = { readonly [k: string]: YamlValue };

/** A `begin:` or `resume:` step, or null when `v` is neither. */
export function parseSplitStep(v: Obj, file: string, line: number, note: string | null): SplitStep | null {
  if (!('begin' in v) && !('resume' in v)) return null;
  const pid = v['pid'] ?? 1;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) {
    throw new InputError(file, line, 'pid must be a positive integer');
  }
  if (typeof v['resume'] === 'string') return { kind: 'split', line, pid, sc: null, step: v['resume'], note };
  if (typeof v['begin'] !== 'string') throw new InputError(file, line, 'begin: names a call, resume: a step');
  const sc = syscallFrom(v['begin'], v['args'], file, line);
  if (splitCallOf(sc) === null) throw new InputError(file, line, `${sc.call} has no steps; use call:`);
  const step = typeof v['step'] === 'string' ? v['step'] : null;
  return { kind: 'split', line, pid, sc, step, note };
}

/** `2 linkat(3, "", AT_FDCWD, "/b", AT_EMPTY_PATH) · lookup` for a begin, `2 … lock_dir` for a resume. */
export const describeSplitStep = (s: SplitStep): string =>
  s.sc === null
    ? `${s.pid} … ${s.step ?? ''}`.trimEnd()
    : `${s.pid} ${renderCall(s.sc)}${s.step === null ? '' : ` · ${s.step}`}`;

/** What one split step of a scenario did; `answered` when the call ended there and `detail` begins with its answer. */
interface SplitStepOutcome {
  readonly world: World;
  readonly ok: boolean;
  readonly detail: string;
  readonly answered: boolean;
}

/** Run one split step of a scenario: the new world, whether it went as written, and what happened. */
export function runSplitScenarioStep(w: World, s: SplitStep): SplitStepOutcome {
  try {
    const sc = s.sc ?? undefined;
    const { name, def } = nextStep(w, s.pid, sc);
    if (s.step !== null && name !== s.step)
      return { world: w, ok: false, detail: `the next step is ${name}`, answered: false };
    if (!canRunStep(w, s.pid, sc)) {
      const holders = def.takes(w, s.pid).flatMap((l) => {
        const h = lockHolder(w, l);
        // rw_semaphores do not nest: a lock the task holds itself blocks it too.
        return h === null ? [] : [h === s.pid ? `${h} (itself)` : `${h}`];
      });
      return { world: w, ok: false, detail: `waits for a lock held by task ${holders.join(', ')}`, answered: false };
    }
    const call = (w.inflight?.[s.pid]?.call ?? s.sc) as Syscall;
    const out = runSplitStep(w, s.pid, sc);
    const broken = checkTransition({
      before: w,
      pid: s.pid,
      sc: call,
      result: out.result ?? { ok: 'blocked', reason: 'in flight' },
      after: out.world,
    });
    const answered = out.result !== null;
    const detail = out.result === null ? 'in flight' : renderResult(out.result).trimStart();
    if (broken.length === 0) return { world: out.world, ok: true, detail, answered };
    const why = broken.map((v) => `${v.invariant}: ${v.message}`).join('; ');
    return { world: out.world, ok: false, detail: `${detail}; transition properties broken: ${why}`, answered };
  } catch (e) {
    if (!(e instanceof NotRunnable) && !(e instanceof Unmodelled)) throw e;
    return { world: w, ok: false, detail: e.message, answered: false };
  }
}
