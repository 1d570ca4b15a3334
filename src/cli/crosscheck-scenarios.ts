/**
 * `relinklab crosscheck --kernel K SCENARIO...`: the scenarios lowered to syscalls and run on a
 * QEMU kernel, every answer compared with the model's; a scenario runs up to the first step a
 * kernel cannot reproduce, and the report says which and why.
 */
import { guestKernel, type GuestKernelName } from '../crosscheck/guest-kernel.js';
import { runScenariosOnKernel } from '../crosscheck/scenarios.js';
import type { Scenario } from '../scenario/parse.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';

export function runScenarioCrosscheck(
  scenarios: readonly Scenario[],
  kernel: GuestKernelName,
  json: boolean,
  io: Io,
): number {
  const gk = guestKernel(kernel);
  const { results, boots } = runScenariosOnKernel(scenarios, gk);
  const differing = results.filter((r) => r.differences.length > 0).length;
  const leaks = boots.flatMap((b) => b.leaks);
  const kmemleak = boots.every((b) => b.kmemleak) ? (leaks.length === 0 ? 'clean' : 'leaks') : 'not in this kernel';
  const release = boots[0]?.release ?? '';
  if (json) {
    io.out(
      JSON.stringify({
        kernel,
        release,
        model: gk.relink ? 'relink' : 'mainline',
        scenarios: results.map((r) => ({
          file: r.scenario.file,
          calls: r.lowering.calls.length,
          stopped: r.lowering.stopped,
          differences: r.differences.map((d, i) => ({
            line: r.lines[i],
            call: d.call,
            kernel: d.kernel,
            model: d.model,
          })),
        })),
        differing,
        kmemleak,
        leaks,
      }),
    );
  } else {
    io.out(`${kernel} (${release}, model: ${gk.relink ? 'relink' : 'mainline'}): ${results.length} scenarios`);
    for (const r of results) {
      const stop =
        r.lowering.stopped === null ? '' : `; stops at line ${r.lowering.stopped.line}: ${r.lowering.stopped.why}`;
      io.out(
        `  ${r.differences.length === 0 ? 'same' : 'DIFF'} ${r.scenario.file}: ${r.lowering.calls.length} calls${stop}`,
      );
      r.differences.forEach((d, i) =>
        io.out(
          `    ${r.scenario.file}:${r.lines[i]}: ${d.call.call} kernel ${JSON.stringify(d.kernel)}, model ${JSON.stringify(d.model)}`,
        ),
      );
    }
    io.out(`${differing} scenarios differ; kmemleak: ${kmemleak}`);
    for (const l of leaks) io.out(`kmemleak: ${l}`);
  }
  return differing === 0 && leaks.length === 0 ? EXIT_OK : EXIT_FOUND;
}
