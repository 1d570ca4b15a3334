/**
 * The recorded CRIU run (test/criu/consoles/scenarios-debian-*.log: Debian's 6.1.0-57, criu
 * 3.17.1, every expressible bundled scenario of scenarios-debian.list under copy and link-remap,
 * three boots), judged again against the model as it is now.
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
import type { CriuLowering } from '../../src/scenario/lower-criu-run.js';
import { readScenario } from '../../src/scenario/parse.js';

export const REPO = join(import.meta.dirname, '..', '..');
export const criuConsole = (name: string): string => readFileSync(join(REPO, 'test', 'criu', 'consoles', name), 'utf8');
export const recordedFiles = (): string[] => criuConsole('scenarios-debian.list').trim().split('\n');

export function recordedCriuRun(): CriuScenarioResult[] {
  const plan = planCriuRuns(recordedFiles().map((f) => readScenario(join(REPO, f))));
  const judged = new Map<CriuLowering, CriuStrategyResult>();
  plan.batches.forEach((b, i) => {
    for (const [l, r] of judgeCriuBatch(b, criuConsole(`scenarios-debian-${i + 1}.log`))) judged.set(l, r);
  });
  return criuResults(plan, judged);
}
