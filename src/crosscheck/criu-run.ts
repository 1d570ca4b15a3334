/**
 * CRIU as an oracle for the model's `copy` and `link-remap` strategies (on Debian's 6.1) and for
 * `relink` (relink-action.sh and CRIU's link remap, on the patched 6.1 with CRIU's options): each
 * scenario CRIU can express (criu-expressible.ts) is lowered under each strategy (src/scenario/lower-criu-run.ts), run in
 * the strategy's CRIU guest (criu-guest.ts) with a real `criu dump` and `criu restore` in place of the
 * model's checkpoint and restart, and every answer is compared with the model's, as crosscheck
 * compares (host.ts: differences). So are the outcomes of the dump and the restore; after one that
 * differs, the calls that follow are not compared (the kernel and the model hold different tasks).
 */
import type { Scenario } from '../scenario/parse.js';
import {
  criuRestoreOptions,
  lowerForCriu,
  type CriuGuestKernel,
  type CriuLowering,
  type CriuStrategy,
} from '../scenario/lower-criu-run.js';
import { pidTraceJsonl, differences, type Difference } from './host.js';
import { parseCriuConsole, type CriuOutcome, type CriuTraceRun } from './criu-console.js';
import { criuRefusal, criuStrategiesOn, type CriuRefusal } from './criu-expressible.js';
import { runCriuGuest } from './criu-guest.js';
import { fromGuest, kernelCall } from './scenarios.js';
import { MAX_TRACES_PER_BOOT } from './qemu.js';
import { GuestError, ModelBug } from '../model/errors.js';

/** The executor's trace: the calls, with a barrier line where criu dumps and where it restores. */
export function criuTrace(l: CriuLowering): string {
  const barrier = (pid: number, step: 'dump' | 'restore'): string => {
    const d = l.dump;
    if (d === null) return '';
    const criu = step === 'dump' ? d.options : criuRestoreOptions(l.strategy);
    const args = { step, root: d.root, tasks: d.tasks.join(' '), criu: criu.join(' ') };
    return `${JSON.stringify({ pid, call: 'criu_barrier', args })}\n`;
  };
  let text = '';
  for (let i = 0; i <= l.calls.length; i++) {
    if (i === l.dumpAt && l.dump !== null) text += barrier(l.dump.parent, 'dump');
    if (i === l.restoreAt) text += barrier(1, 'restore');
    const c = l.calls[i];
    if (c !== undefined) text += pidTraceJsonl([{ pid: c.pid, sc: kernelCall(c.sc, c.rerooted) }]);
  }
  return text;
}

/** A dump or restore whose outcome differs: the model's ('ok' or its errno) and CRIU's. */
export interface OutcomeDifference {
  readonly step: 'dump' | 'restore';
  readonly line: number;
  readonly model: string;
  readonly criu: CriuOutcome | null;
}

export interface CriuStrategyResult {
  readonly strategy: CriuStrategy;
  readonly lowering: CriuLowering;
  readonly run: CriuTraceRun;
  /** How many calls were compared (those before an outcome that differs). */
  readonly compared: number;
  readonly differences: readonly Difference[];
  /** The scenario line of each difference. */
  readonly lines: readonly number[];
  readonly outcomes: readonly OutcomeDifference[];
}

export interface CriuScenarioResult {
  readonly scenario: Scenario;
  readonly refused: CriuRefusal | null;
  /** Why relink + CRIU cannot run it (the `criu` kernel's refusal), when CRIU's own strategies can. */
  readonly relinkRefused: CriuRefusal | null;
  readonly strategies: readonly CriuStrategyResult[];
}

const asOutcome = (m: string | null): CriuOutcome | null => (m === null ? null : m === 'ok' ? 'ok' : 'fail');

/** Compare one strategy's lowering with what the guest did. */
export function compareCriuRun(l: CriuLowering, run: CriuTraceRun): CriuStrategyResult {
  const outcomes: OutcomeDifference[] = [];
  let upTo = l.calls.length;
  if (l.dump !== null && asOutcome(l.model.dump) !== run.dump) {
    outcomes.push({ step: 'dump', line: l.dump.line, model: l.model.dump ?? '-', criu: run.dump });
    upTo = l.dumpAt;
  } else if (l.restoreAt >= 0 && asOutcome(l.model.restore) !== run.restore) {
    outcomes.push({ step: 'restore', line: l.restoreLine, model: l.model.restore ?? '-', criu: run.restore });
    upTo = l.restoreAt;
  }
  const calls = l.calls.slice(0, upTo);
  const kernel = run.answers.slice(0, upTo).map((a, k) => {
    const c = calls[k];
    return c === undefined ? a : fromGuest(c.sc, a);
  });
  const d = differences(
    calls.map((c) => c.sc),
    kernel,
    calls.map((c) => c.expected),
    calls.map((c) => c.live),
  );
  return {
    strategy: l.strategy,
    lowering: l,
    run,
    compared: upTo,
    differences: d,
    lines: d.map((x) => calls[x.index]?.line ?? 0),
    outcomes,
  };
}

/** One boot's traces: each scenario's lowering under one strategy, all on disks of one block size. */
export interface CriuBatch {
  readonly kernel: CriuGuestKernel;
  readonly blocksize: number;
  readonly jobs: readonly { readonly scenario: Scenario; readonly lowering: CriuLowering }[];
}

export interface CriuPlan {
  readonly scenarios: readonly Scenario[];
  readonly refusals: ReadonlyMap<Scenario, CriuRefusal>;
  readonly relinkRefusals: ReadonlyMap<Scenario, CriuRefusal>;
  readonly batches: readonly CriuBatch[];
}

export const CRIU_GUEST_KERNELS: readonly CriuGuestKernel[] = ['debian', 'criu'];

/**
 * Which scenarios run, under which strategy, on which kernel, in which boot (up to 24 traces of one
 * kernel and block size each). A scenario CRIU cannot express on Debian's kernel runs on neither.
 */
export function planCriuRuns(
  scenarios: readonly Scenario[],
  kernels: readonly CriuGuestKernel[] = CRIU_GUEST_KERNELS,
): CriuPlan {
  const refusals = new Map<Scenario, CriuRefusal>();
  const relinkRefusals = new Map<Scenario, CriuRefusal>();
  const groups = new Map<string, { kernel: CriuGuestKernel; blocksize: number; jobs: CriuBatch['jobs'][number][] }>();
  for (const scenario of scenarios) {
    const refused = criuRefusal(scenario);
    if (refused !== null) {
      refusals.set(scenario, refused);
      continue;
    }
    for (const kernel of kernels) {
      const why = kernel === 'debian' ? null : criuRefusal(scenario, kernel);
      if (why !== null) {
        relinkRefusals.set(scenario, why);
        continue;
      }
      const key = `${kernel} ${scenario.blocksize}`;
      const group = groups.get(key) ?? { kernel, blocksize: scenario.blocksize, jobs: [] };
      for (const strategy of criuStrategiesOn(kernel))
        group.jobs.push({ scenario, lowering: lowerForCriu(scenario, strategy) });
      groups.set(key, group);
    }
  }
  const batches: CriuBatch[] = [];
  for (const kernel of kernels)
    for (const g of groups.values())
      if (g.kernel === kernel)
        for (let i = 0; i < g.jobs.length; i += MAX_TRACES_PER_BOOT)
          batches.push({ kernel, blocksize: g.blocksize, jobs: g.jobs.slice(i, i + MAX_TRACES_PER_BOOT) });
  return { scenarios, refusals, relinkRefusals, batches };
}

/** Each job of a batch compared with what the guest printed for it. */
export function judgeCriuBatch(batch: CriuBatch, out: string): Map<CriuLowering, CriuStrategyResult> {
  const guest = parseCriuConsole(out, batch.jobs.length);
  // criu check must pass before anything is compared; each disk must have the model's block size.
  if (guest.check !== 'ok') throw new GuestError('criu check did not pass in the CRIU guest', out.slice(-3000));
  // Debian's releases end in -amd64, the series' build (6.1.N+) does not: a batch runs on its kernel.
  if (/-amd64$/.test(guest.release) !== (batch.kernel === 'debian'))
    throw new GuestError(`the ${batch.kernel} batch booted ${guest.release || 'no kernel'}`, out.slice(-3000));
  const results = new Map<CriuLowering, CriuStrategyResult>();
  batch.jobs.forEach((j, k) => {
    const run = guest.traces[k];
    if (run === undefined) throw new ModelBug(`trace ${k + 1} of ${batch.jobs.length} has no run`);
    if (run.blocksize === null)
      throw new GuestError(`trace ${k + 1} (${j.scenario.file}) did not start in the CRIU guest`, out.slice(-3000));
    // A line the console corrupted, or a dumped task still there for criu restore, is no run to judge.
    const which = `trace ${k + 1} (${j.scenario.file}, ${j.lowering.strategy})`;
    if (run.garbled.length > 0)
      throw new GuestError(`${which}: the guest's console line could not be read: ${run.garbled[0]}`, out.slice(-3000));
    if (run.stale.length > 0)
      throw new GuestError(
        `${which}: dumped tasks ${run.stale.join(', ')} were still there when criu restore was due`,
        out.slice(-3000),
      );
    if (run.blocksize !== batch.blocksize)
      throw new GuestError(
        `trace ${k + 1}: the guest's ext4 has ${run.blocksize}-byte blocks, the model ${batch.blocksize}`,
      );
    results.set(j.lowering, compareCriuRun(j.lowering, run));
  });
  return results;
}

/** Every scenario's result, from the plan and each batch's judged runs. */
export function criuResults(
  plan: CriuPlan,
  judged: ReadonlyMap<CriuLowering, CriuStrategyResult>,
): CriuScenarioResult[] {
  return plan.scenarios.map((scenario) => {
    const jobs = plan.batches.flatMap((b) => b.jobs).filter((j) => j.scenario === scenario);
    const strategies = jobs.map((j) => {
      const r = judged.get(j.lowering);
      if (r === undefined) throw new ModelBug(`no CRIU run of ${scenario.file} (${j.lowering.strategy})`);
      return r;
    });
    return {
      scenario,
      refused: plan.refusals.get(scenario) ?? null,
      relinkRefused: plan.relinkRefusals.get(scenario) ?? null,
      strategies,
    };
  });
}

/** Run every expressible scenario under each strategy through real CRIU in its kernel's guest. */
export function runCriuScenarios(
  scenarios: readonly Scenario[],
  kernels: readonly CriuGuestKernel[] = CRIU_GUEST_KERNELS,
): CriuScenarioResult[] {
  const plan = planCriuRuns(scenarios, kernels);
  const judged = new Map<CriuLowering, CriuStrategyResult>();
  for (const batch of plan.batches) {
    const out = runCriuGuest(
      batch.jobs.map((j) => criuTrace(j.lowering)),
      batch.blocksize,
      batch.kernel,
    );
    for (const [l, r] of judgeCriuBatch(batch, out)) judged.set(l, r);
  }
  return criuResults(plan, judged);
}
