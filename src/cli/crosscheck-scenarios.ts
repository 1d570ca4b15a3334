/**
 * `relinklab crosscheck --kernel K SCENARIO...`: the scenarios lowered to syscalls and run on a
 * QEMU kernel, every answer compared with the model's; a scenario runs up to the first step a
 * kernel cannot reproduce, and the report says which and why. What the kernel logged after a
 * scenario, a busy unmount and a scenario that hung are failures too (src/crosscheck/klog.ts).
 */
import { guestKernel, type GuestKernelName } from '../crosscheck/guest-kernel.js';
import { pidTraceJsonl, type PidCall } from '../crosscheck/host.js';
import {
  batchIssues,
  issueText,
  kernelLogSummary,
  notRunIn,
  type BatchEntry,
  type KernelIssue,
} from '../crosscheck/klog-report.js';
import { kernelCall, runScenariosOnKernel, type ScenarioOnKernel } from '../crosscheck/scenarios.js';
import { differenceText } from '../crosscheck/difference-text.js';
import type { Scenario } from '../scenario/parse.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';

const callsOf = (r: ScenarioOnKernel): PidCall[] => r.lowering.calls.map((c) => ({ pid: c.pid, sc: kernelCall(c.sc) }));

export function runScenarioCrosscheck(
  scenarios: readonly Scenario[],
  kernel: GuestKernelName,
  json: boolean,
  io: Io,
): number {
  const gk = guestKernel(kernel);
  const { results, boots } = runScenariosOnKernel(scenarios, gk);
  const issues: KernelIssue[] = [];
  const notRun: string[] = [];
  /** Scenarios that hung or did not run: their missing answers are not differences. */
  const unanswered = new Set<ScenarioOnKernel>();
  boots.forEach((b, bi) => {
    const inBoot = results.filter((r) => r.boot === bi);
    const entry = (k: number): BatchEntry => {
      const r = inBoot.find((x) => x.place === k);
      const calls = r === undefined ? [] : callsOf(r);
      return {
        where: `scenario ${r?.scenario.file ?? `#${k + 1}`}`,
        trace: null,
        calls,
        reproducer: pidTraceJsonl(calls),
      };
    };
    issues.push(...batchIssues(b, bi + 1, entry));
    notRun.push(...notRunIn(b, entry));
    for (const r of inBoot) {
      const stoppedHere = b.findings.some(
        (f) => f.at === r.place + 1 && (f.kinds.includes('hung') || f.kinds.includes('guest-stopped')),
      );
      if (stoppedHere || b.notRun.includes(r.place + 1)) unanswered.add(r);
    }
  });
  const compared = results.filter((r) => !unanswered.has(r));
  const differing = compared.filter((r) => r.differences.length > 0).length;
  const leaks = boots.flatMap((b) => b.leaks);
  const kmemleak = boots.every((b) => b.kmemleak) ? (leaks.length === 0 ? 'clean' : 'leaks') : 'not in this kernel';
  const release = boots[0]?.release ?? '';
  const fsOfBoot = boots.map((_, bi) => results.find((r) => r.boot === bi)?.scenario.fs ?? '');
  const summary = kernelLogSummary(boots, issues, notRun.length);
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
          ran: !unanswered.has(r) && r.boot >= 0,
          differences: unanswered.has(r)
            ? []
            : r.differences.map((d, i) => ({
                line: r.lines[i],
                call: d.call,
                kernel: d.kernel,
                model: d.model,
              })),
        })),
        differing,
        kmemleak,
        leaks,
        kernelLog: {
          summary,
          lockdep: boots[0]?.lockdep ?? 'none',
          hungTaskSecs: boots[0]?.hungTaskSecs ?? null,
          findings: issues,
          notRun,
        },
      }),
    );
  } else {
    io.out(`${kernel} (${release}, model: ${gk.relink ? 'relink' : 'mainline'}): ${results.length} scenarios`);
    for (const r of results) {
      if (unanswered.has(r)) {
        io.out(`  NOT RUN ${r.scenario.file}: hung or not reached (see below)`);
        continue;
      }
      const stop =
        r.lowering.stopped === null ? '' : `; stops at line ${r.lowering.stopped.line}: ${r.lowering.stopped.why}`;
      // A machine no guest can be (src/crosscheck/scenarios.ts: notOnGuest): nothing was run.
      if (r.boot < 0) {
        io.out(`  not run ${r.scenario.file}${stop}`);
        continue;
      }
      io.out(
        `  ${r.differences.length === 0 ? 'same' : 'DIFF'} ${r.scenario.file}: ${r.lowering.calls.length} calls${stop}`,
      );
      r.differences.forEach((d, i) =>
        io.out(`    ${r.scenario.file}:${r.lines[i]}: ${differenceText(d.call, d.kernel, d.model)}`),
      );
    }
    io.out(`${differing} scenarios differ; kmemleak: ${kmemleak}; kernel log: ${summary}`);
    for (const l of leaks) io.out(`kmemleak: ${l}`);
    for (const i of issues) io.out(issueText(kernel, fsOfBoot[i.boot - 1] ?? '', i));
    if (notRun.length > 0) io.out(`not run (the guest rebooted or stopped before them): ${notRun.join(', ')}`);
  }
  const clean = differing === 0 && leaks.length === 0 && issues.length === 0 && notRun.length === 0;
  return clean ? EXIT_OK : EXIT_FOUND;
}
