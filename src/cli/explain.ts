/** `relinklab explain SCENARIO` (or a trace, or an strace log with --strace): each step in plain words, from what it changed in the model. */
import { explainTimeline } from '../teach/explain.js';
import type { Io } from './io.js';
import { exitForMissedSteps } from './missed-steps.js';
import { checkStep } from './step-arg.js';
import { readTimeline, type TimelineInput } from './timeline-input.js';

/**
 * `step`: only that step (1 to the last), as typed; every step when undefined. Exit 1 (after the
 * whole narration) when a step shown did not go as the scenario expected, as `run` does.
 */
export function runExplain(input: TimelineInput, step: string | undefined, json: boolean, io: Io): number {
  const file = input.file;
  const t = readTimeline(input);
  const only = step === undefined ? null : checkStep(t, file, step, 1);
  const steps = explainTimeline(t).filter((s) => only === null || s.step === only);
  if (json) {
    io.out(JSON.stringify({ file, name: t.scenario.name, kernel: t.scenario.kernel, fs: t.scenario.fs, steps }));
  } else {
    io.out(`${file}: ${t.scenario.name} (${t.scenario.kernel}, ${t.scenario.fs})`);
    for (const s of steps) {
      io.out('');
      io.out(`${s.step}. ${file}:${s.line}: ${s.headline}`);
      io.out(`   via ${s.kernel}`);
      if (s.note !== null) io.out(`   note: ${s.note}`);
      for (const x of s.sentences) io.out(`   - ${x}`);
    }
  }
  return exitForMissedSteps(
    file,
    t.frames.filter((f) => only === null || f.index === only),
    io,
  );
}
