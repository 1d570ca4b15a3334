/**
 * One scenario under each checkpoint strategy: the IO each did at checkpoint and restart, and how
 * many of the scenario's expectations (data, aliasing) still held. `relinklab compare` prints
 * these rows; the benchmark (bench/cost.ts) varies large-file.yaml's size through them.
 */
import { CHECKPOINT_STRATEGIES, type CheckpointStrategy } from '../model/image.js';
import { readScenario, type Scenario } from './parse.js';
import { runScenario } from './run.js';

export interface CompareRow {
  readonly strategy: CheckpointStrategy;
  readonly checkpoint: string;
  readonly bytesRead: number;
  readonly bytesWritten: number;
  readonly metadataOps: number;
  readonly expectationsMet: string;
}

export function compareRows(file: string): CompareRow[] {
  return compareScenario(readScenario(file));
}

/** The rows for a parsed scenario. */
export function compareScenario(sc: Scenario): CompareRow[] {
  return CHECKPOINT_STRATEGIES.map((strategy) => {
    const r = runScenario(sc, strategy);
    const ck = r.steps.find((s) => s.what.startsWith('checkpoint'));
    const io = r.io;
    const read = (io.checkpoint?.bytesRead ?? 0) + (io.restart?.bytesRead ?? 0);
    const written = (io.checkpoint?.bytesWritten ?? 0) + (io.restart?.bytesWritten ?? 0);
    const meta = (io.checkpoint?.metadataOps ?? 0) + (io.restart?.metadataOps ?? 0);
    return {
      strategy,
      checkpoint: ck === undefined ? '-' : (ck.detail.split(';')[0] ?? ''),
      bytesRead: read,
      bytesWritten: written,
      metadataOps: meta,
      expectationsMet: `${r.steps.length - r.failures}/${r.steps.length}`,
    };
  });
}
