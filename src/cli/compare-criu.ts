/**
 * `relinklab compare --criu SCENARIO...`: each scenario run through real CRIU (criu 3.17.1, in
 * QEMU) under its `copy` (ghost files) and `link-remap` (`--link-remap`) strategies on Debian's
 * 6.1, and under `relink` (relink-action.sh and `--link-remap`) on the patched 6.1 with CRIU's
 * options, beside the model's answers for the same strategy (src/crosscheck/criu-run.ts). A
 * scenario relink + CRIU cannot express (no relink= at its checkpoint) shows why in its relink row.
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

/** The tables and difference lines for `results`, and whether CRIU agreed with the model on all. */
export function criuReport(results: readonly CriuScenarioResult[]): { lines: string[]; agreed: boolean } {
  const lines: string[] = [];
  let agreed = true;
  for (const r of results) {
    if (r.refused !== null) continue;
    lines.push(
      `${r.scenario.file}: real CRIU (criu dump and criu restore in place of the model's checkpoint and restart)`,
    );
    lines.push('| strategy | criu dump | criu restore | ghost files | calls compared | differences |');
    lines.push('| --- | --- | --- | ---: | ---: | ---: |');
    for (const s of r.strategies) lines.push(row(s));
    if (r.relinkRefused !== null)
      lines.push(`| relink | not run: line ${r.relinkRefused.line}: ${r.relinkRefused.why} | | | | |`);
    for (const s of r.strategies) {
      if (s.differences.length + s.outcomes.length > 0 || s.run.hung) agreed = false;
      lines.push(...details(r.scenario.file, s));
    }
  }
  return { lines, agreed };
}

export function runCompareCriu(files: readonly string[], io: Io): number {
  try {
    const results = runCriuScenarios(files.map((f) => readScenario(f)));
    const { lines, agreed } = criuReport(results);
    for (const l of lines) io.out(l);
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
