/**
 * A scenario as frames: each step with the state before and after it (the world and the checkpoint
 * image in hand). explain, render and report all read this, so they describe the same run.
 */
import type { Patch } from 'immer';
import type { CheckpointImage } from '../model/image.js';
import type { World } from '../model/world.js';
import type { Scenario, Step } from '../scenario/parse.js';
import { runScenario } from '../scenario/run.js';
import { ModelBug } from '../model/errors.js';

export interface State {
  readonly world: World;
  readonly image: CheckpointImage | null;
}

export interface Frame {
  /** 1-based: step N of the scenario; state 0 is the booted machine. */
  readonly index: number;
  readonly step: Step;
  readonly what: string;
  readonly ok: boolean;
  readonly detail: string;
  /** `detail` begins with the call's answer (src/scenario/run.ts: stepLine). */
  readonly answered: boolean;
  readonly before: State;
  readonly after: State;
  /** immer's patches of the step (null for a backup, which builds a new machine). */
  readonly patches: readonly Patch[] | null;
}

export interface Timeline {
  readonly scenario: Scenario;
  readonly initial: State;
  readonly frames: readonly Frame[];
}

export function buildTimeline(sc: Scenario): Timeline {
  const r = runScenario(sc);
  const initial: State = { world: r.initial, image: null };
  let before = initial;
  const frames = r.steps.map((s, i): Frame => {
    const step = sc.steps[i];
    if (step === undefined) throw new ModelBug(`unreachable: report step ${i} has no scenario step`);
    const after: State = { world: s.world, image: s.image };
    const f: Frame = {
      index: i + 1,
      step,
      what: s.what,
      ok: s.ok,
      detail: s.detail,
      answered: s.answered,
      before,
      after,
      patches: s.patches,
    };
    before = after;
    return f;
  });
  return { scenario: sc, initial, frames };
}

/** The state after step n (0: before the first step). The caller checks 0 <= n <= frames. */
export function stateAt(t: Timeline, n: number): State {
  if (n === 0) return t.initial;
  const f = t.frames[n - 1];
  if (f === undefined) throw new ModelBug(`no step ${n} (the scenario has ${t.frames.length})`);
  return f.after;
}

/** "pid 2: unlink("/a")" for a call, the step's own words otherwise. */
export function frameTitle(f: Frame): string {
  return f.step.kind === 'call' ? `pid ${f.step.pid}: ${f.what.replace(/^\d+ /, '')}` : f.what;
}
