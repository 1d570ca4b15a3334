/**
 * `relinklab compare SCENARIO`: the same scenario under each checkpoint strategy, with the IO each
 * one did and whether the scenario's expectations (data, aliasing) still hold
 * (src/scenario/compare.ts computes the rows).
 */
import { compareRows } from '../scenario/compare.js';
import { EXIT_OK, type Io } from './io.js';

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
