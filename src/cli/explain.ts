/** `relinklab explain SCENARIO`: each step in plain words, from what it changed in the model. */
import { readScenario } from '../scenario/parse.js';
import { explainTimeline } from '../teach/explain.js';
import { buildTimeline } from '../teach/timeline.js';
import type { Io } from './io.js';
import { exitForMissedSteps } from './missed-steps.js';
import { checkStep } from './step-arg.js';

/**
 * `step`: only that step (1 to the last), as typed; every step when undefined. Exit 1 (after the
 * whole narration) when a step shown did not go as the scenario expected, as `run` does.
 */
export function runExplain(file: string, step: string | undefined, json: boolean, io: Io): number {
  const t = buildTimeline(readScenario(file));
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
