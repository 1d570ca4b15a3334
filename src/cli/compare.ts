/**
 * `relinklab compare SCENARIO`: the same scenario under each checkpoint strategy, with the IO each
 * one did and whether the scenario's expectations (data, aliasing) still hold.
 */
import type { CheckpointStrategy } from '../model/image.js';
import { readScenario, type Scenario } from '../scenario/parse.js';
import { runScenario } from '../scenario/run.js';
import { EXIT_OK, type Io } from './io.js';

const STRATEGIES: readonly CheckpointStrategy[] = ['relink', 'copy', 'link-remap', 'search', 'handle'];

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

/** The rows for a parsed scenario (the benchmark varies large-file.yaml's size this way). */
export function compareScenario(sc: Scenario): CompareRow[] {
  return STRATEGIES.map((strategy) => {
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

export function runCompare(file: string, json: boolean, io: Io): number {
  const rows = compareRows(file);
  if (json) {
    io.out(JSON.stringify(rows));
    return EXIT_OK;
  }
  io.out(`${file}: checkpoint strategies compared (IO of checkpoint + restart; the backup is the same for all)`);
  io.out('| strategy | checkpoint | bytes read | bytes written | metadata ops | steps as expected |');
  io.out('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    io.out(
      `| ${r.strategy} | ${r.checkpoint} | ${r.bytesRead} | ${r.bytesWritten} | ${r.metadataOps} | ${r.expectationsMet} |`,
    );
  }
  return EXIT_OK;
}
