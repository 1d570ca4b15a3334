/** `relinklab explain SCENARIO`: each step in plain words, from what it changed in the model. */
import { readScenario } from '../scenario/parse.js';
import { explainTimeline } from '../teach/explain.js';
import { buildTimeline } from '../teach/timeline.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';

export function runExplain(file: string, json: boolean, io: Io): number {
  const t = buildTimeline(readScenario(file));
  const steps = explainTimeline(t);
  if (json) {
    io.out(JSON.stringify({ file, name: t.scenario.name, kernel: t.scenario.kernel, fs: t.scenario.fs, steps }));
  } else {
    io.out(`${file}: ${t.scenario.name} (${t.scenario.kernel}, ${t.scenario.fs})`);
    for (const s of steps) {
      io.out('');
      io.out(`${s.step}. ${file}:${s.line}: ${s.headline}`);
      io.out(`   via ${s.kernel}`);
      for (const x of s.sentences) io.out(`   - ${x}`);
    }
  }
  return steps.every((s) => s.ok) ? EXIT_OK : EXIT_FOUND;
}
