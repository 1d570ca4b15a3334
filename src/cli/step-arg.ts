/** The --step option of explain and render, checked against the scenario it applies to. */
import type { Timeline } from '../teach/timeline.js';
import { InputError } from '../model/errors.js';

/**
 * --step must name a state: `min` (0, the booted machine, for render; 1 for explain) to the number
 * of steps. The error points at the scenario's last step, the bound a reader needs.
 */
export function checkStep(t: Timeline, file: string, step: string | undefined, min = 0): number {
  const last = t.frames.length;
  if (step === undefined) return last;
  const n = /^\d+$/.test(step) ? Number(step) : NaN;
  if (!(n >= min && n <= last)) {
    const line = t.frames[last - 1]?.step.line ?? 1;
    throw new InputError(
      file,
      line,
      `--step must be an integer from ${min} to ${last} (the last step), got ${JSON.stringify(step)}`,
    );
  }
  return n;
}
