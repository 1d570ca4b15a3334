/**
 * The recorded CRIU runs, judged again against the model as it is now: on Debian's 6.1.0-57
 * (test/criu/consoles/scenarios-debian-*.log: criu 3.17.1, every expressible bundled scenario of
 * scenarios-debian.list under copy and link-remap, three boots), and on the patched 6.1 with CRIU's
 * options (scenarios-criu-*.log: every one of scenarios-criu.list under relink + CRIU, two boots).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  criuResults,
  judgeCriuBatch,
  planCriuRuns,
  type CriuScenarioResult,
  type CriuStrategyResult,
} from '../../src/crosscheck/criu-run.js';
import type { CriuGuestKernel, CriuLowering } from '../../src/scenario/lower-criu-run.js';
import { readScenario } from '../../src/scenario/parse.js';

export const REPO = join(import.meta.dirname, '..', '..');
export const criuConsole = (name: string): string => readFileSync(join(REPO, 'test', 'criu', 'consoles', name), 'utf8');
export const recordedFiles = (kernel: CriuGuestKernel = 'debian'): string[] =>
  criuConsole(`scenarios-${kernel}.list`).trim().split('\n');

export function recordedCriuRun(kernel: CriuGuestKernel = 'debian'): CriuScenarioResult[] {
  const plan = planCriuRuns(
    recordedFiles(kernel).map((f) => readScenario(join(REPO, f))),
    [kernel],
  );
  const judged = new Map<CriuLowering, CriuStrategyResult>();
  plan.batches.forEach((b, i) => {
    for (const [l, r] of judgeCriuBatch(b, criuConsole(`scenarios-${kernel}-${i + 1}.log`))) judged.set(l, r);
  });
  return criuResults(plan, judged);
}
