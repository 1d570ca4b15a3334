/**
 * `relinklab compare --criu SCENARIO...`: each scenario run through real CRIU (criu 3.17.1 on
 * Debian's 6.1, in QEMU) under its `copy` (ghost files) and `link-remap` (`--link-remap`)
 * strategies, beside the model's answers for the same strategy (src/crosscheck/criu-run.ts).
 * Exit 0 when every compared answer and every dump and restore outcome agreed, 1 when one did not,
 * 3 when a scenario is not one CRIU can express or the guest failed.
 */
import { readScenario } from '../scenario/parse.js';
import { renderCall } from '../model/syscall/render.js';
import { differenceText } from '../crosscheck/difference-text.js';
import { runCriuScenarios, type CriuScenarioResult, type CriuStrategyResult } from '../crosscheck/criu-run.js';
import { EXIT_FOUND, EXIT_INCOMPLETE, EXIT_OK, type Io } from './io.js';
import { exitStatusFor } from './exit-status.js';

const outcome = (criu: string | null, model: string | null): string =>
  `${criu ?? 'not run'} (model ${model ?? 'not reached'})`;

function row(s: CriuStrategyResult): string {
  const l = s.lowering;
  const diffs = s.differences.length + s.outcomes.length;
  return `| ${s.strategy} | ${outcome(s.run.dump, l.model.dump)} | ${outcome(s.run.restore, l.model.restore)} | ${s.run.ghostFiles ?? '-'} | ${s.compared}/${l.calls.length} | ${diffs} |`;
}

/** Each difference on its own lines, with the scenario line and, for an outcome, criu's log. */
function details(file: string, s: CriuStrategyResult): string[] {
  const out: string[] = [];
  for (const o of s.outcomes) {
    out.push(`${file}:${o.line}: ${s.strategy}: criu ${o.step} ${o.criu ?? 'did not run'}; the model's ${o.model}`);
    for (const l of s.run.log.filter((x) => /Error/.test(x))) out.push(`    criu: ${l.trim()}`);
  }
  s.differences.forEach((d, i) => {
    out.push(`${file}:${s.lines[i] ?? 0}: ${s.strategy}: ${differenceText(d.call, d.kernel, d.model)}`);
  });
  if (s.run.hung) out.push(`${file}: ${s.strategy}: the run hung after ${s.run.answers.length} answers`);
  if (s.compared < s.lowering.calls.length && s.outcomes.length === 0) {
    const next = s.lowering.calls[s.compared];
    if (next !== undefined) out.push(`${file}: ${s.strategy}: not compared from ${renderCall(next.sc)} on`);
  }
  return out;
}

function report(results: readonly CriuScenarioResult[], io: Io): boolean {
  let agreed = true;
  for (const r of results) {
    if (r.refused !== null) continue;
    io.out(`${r.scenario.file}: real CRIU (criu dump and criu restore in place of the model's checkpoint and restart)`);
    io.out('| strategy | criu dump | criu restore | ghost files | calls compared | differences |');
    io.out('| --- | --- | --- | ---: | ---: | ---: |');
    for (const s of r.strategies) io.out(row(s));
    for (const s of r.strategies) {
      const lines = details(r.scenario.file, s);
      if (s.differences.length + s.outcomes.length > 0 || s.run.hung) agreed = false;
      for (const l of lines) io.out(l);
    }
  }
  return agreed;
}

export function runCompareCriu(files: readonly string[], io: Io): number {
  try {
    const results = runCriuScenarios(files.map((f) => readScenario(f)));
    const agreed = report(results, io);
    const refused = results.filter((r) => r.refused !== null);
    for (const r of refused)
      io.err(`${r.scenario.file}:${r.refused?.line ?? 0}: CRIU cannot express it: ${r.refused?.why ?? ''}`);
    if (refused.length > 0) return EXIT_INCOMPLETE;
    return agreed ? EXIT_OK : EXIT_FOUND;
  } catch (e) {
    // A guest that could not run (GuestError) is 3, a scenario that cannot be read 2.
    return exitStatusFor(e, io);
  }
}
