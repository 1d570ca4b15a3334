/** `relinklab run SCENARIO...`: run scenarios on the model and check every expectation. */
import { readScenario } from '../scenario/parse.js';
import { runScenario, stepLine, type ScenarioReport } from '../scenario/run.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';

function print(r: ScenarioReport, io: Io): void {
  io.out(`${r.scenario.file}: ${r.scenario.name} (${r.scenario.kernel}, ${r.scenario.fs})`);
  for (const s of r.steps) {
    const mark = s.ok ? 'ok  ' : 'FAIL';
    io.out(`  ${mark} ${r.scenario.file}:${s.line}: ${stepLine(s.what, s)}${s.note !== null ? `  # ${s.note}` : ''}`);
  }
  io.out(`  ${r.steps.length - r.failures}/${r.steps.length} steps as expected`);
}

export function runRun(files: readonly string[], json: boolean, io: Io): number {
  const scenarios = files.map((f) => readScenario(f)); // all inputs are read before anything runs
  const reports = scenarios.map((s) => runScenario(s));
  if (json) {
    io.out(
      JSON.stringify(
        reports.map((r) => ({
          file: r.scenario.file,
          name: r.scenario.name,
          failures: r.failures,
          steps: r.steps.map((s) => ({ line: s.line, what: s.what, ok: s.ok, detail: s.detail })),
        })),
      ),
    );
  } else {
    for (const r of reports) print(r, io);
  }
  return reports.some((r) => r.failures > 0) ? EXIT_FOUND : EXIT_OK;
}
