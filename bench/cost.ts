/**
 * The relink-vs-copy table from the model's cost accounting (what `relinklab compare` prints), for
 * scenarios/large-file.yaml at several sizes. The real-kernel columns (issue 7, sections 3-4, done
 * under QEMU) are measured in bench/kernel-bench.ts.
 */
import { readFileSync } from 'node:fs';
import { compareScenario, type CompareRow } from '../src/scenario/compare.js';
import { parseScenario } from '../src/scenario/parse.js';

export const SIZES: readonly { readonly label: string; readonly bytes: number }[] = [
  { label: '1 MiB', bytes: 1 << 20 },
  { label: '16 MiB', bytes: 16 << 20 },
  { label: '256 MiB', bytes: 256 << 20 },
  { label: '1 GiB', bytes: 1 << 30 },
];

export interface CostRow {
  readonly size: string;
  readonly bytes: number;
  readonly relink: CompareRow;
  readonly copy: CompareRow;
}

const ORIGINAL = 4294967296;

/** large-file.yaml with its 4 GiB replaced by `bytes` (the tail written and read 4 bytes before the end). */
export function scenarioText(bytes: number, text: string): string {
  return text.replaceAll(String(ORIGINAL - 4), String(bytes - 4)).replaceAll(String(ORIGINAL), String(bytes));
}

export function costTable(file = 'scenarios/large-file.yaml'): CostRow[] {
  const text = readFileSync(file, 'utf8');
  return SIZES.map(({ label, bytes }) => {
    const rows = compareScenario(parseScenario(scenarioText(bytes, text), `${file} (${label})`));
    const pick = (s: string): CompareRow => {
      const r = rows.find((x) => x.strategy === s);
      if (r === undefined) throw new Error(`compare gave no ${s} row`);
      return r;
    };
    return { size: label, bytes, relink: pick('relink'), copy: pick('copy') };
  });
}
