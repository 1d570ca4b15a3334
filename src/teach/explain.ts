/** Every step of a timeline with its changes and its narration: the data behind explain and report. */
import { frameChanges, type Change } from './changes.js';
import { stepPath } from './kernel-fns.js';
import { narrate } from './narrate.js';
import { frameTitle, type Timeline } from './timeline.js';

export interface ExplainedStep {
  readonly step: number;
  readonly line: number;
  readonly what: string;
  /** "pid 2: unlink("/a")", or the step's own words. */
  readonly title: string;
  readonly ok: boolean;
  readonly result: string;
  /** The scenario's `note:` for the step, the author's words beside the model's. */
  readonly note: string | null;
  readonly kernel: string;
  readonly headline: string;
  readonly sentences: readonly string[];
  readonly changes: readonly Change[];
}

export function explainTimeline(t: Timeline): ExplainedStep[] {
  return t.frames.map((f) => {
    const changes = frameChanges(f);
    const n = narrate(f, changes);
    return {
      step: f.index,
      line: f.step.line,
      what: f.what,
      title: frameTitle(f),
      ok: f.ok,
      result: f.detail,
      note: f.step.note,
      kernel: stepPath(f.step),
      headline: n.headline,
      sentences: n.sentences,
      changes,
    };
  });
}
