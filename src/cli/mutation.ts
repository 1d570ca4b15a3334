/**
 * `relinklab check --mutation`: every seeded-bug variant and the correct series in every mode of
 * the registry (src/checker/modes/registry.ts), one column each, with the general law that found
 * each bug in each mode. A bug counts as found only through a general law
 * (src/invariants/laws.ts); the correct series must stay clean.
 */
import type { CheckModeEntry, ModeBounds } from '../checker/modes/mode.js';
import { lawsOf } from '../checker/modes/mode.js';
import { CHECK_MODE_REGISTRY } from '../checker/modes/registry.js';
import { isGeneralLaw } from '../invariants/laws.js';
import { ModelBug } from '../model/errors.js';
import { SEEDED_BUGS } from '../model/kernel.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';

export interface MutationArgs extends ModeBounds {
  readonly json: boolean;
}

/** One mode's cell of a row: its one-line outcome, its time, the laws it broke. */
export interface MutationCell {
  readonly text: string;
  readonly ms: number;
  readonly laws: readonly string[];
}

/** One variant's cells: each mode's outcome and the laws it broke, by mode. */
export interface MutationRow {
  readonly kernel: string;
  /** Mode name → its cell, in the registry's order. */
  readonly cells: Readonly<Record<string, MutationCell>>;
  /** Law → the modes that found the variant through it. */
  readonly foundBy: Readonly<Record<string, readonly string[]>>;
  /** Found by at least one mode through a general law. */
  readonly found: boolean;
}

/** A Markdown table cell: a call's flags (`O_RDWR|O_CREAT`) would split it at the bar. */
const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** A row's cell of a mode (every row has one per mode it was run in). */
function cellOf(row: MutationRow, mode: string): MutationCell {
  const c = row.cells[mode];
  if (c === undefined) throw new ModelBug(`mutation row ${row.kernel} has no ${mode} cell`);
  return c;
}

/** One variant in each mode, each within the bounds of its column. */
export async function mutationRow(
  kernel: string,
  bounds: ModeBounds,
  modes: readonly CheckModeEntry[] = CHECK_MODE_REGISTRY,
): Promise<MutationRow> {
  const cells: Record<string, MutationCell> = {};
  for (const m of modes) {
    const o = await m.search(kernel, m.column.bounds(bounds));
    cells[m.name] = { text: o.summary, ms: Math.round(o.millis), laws: lawsOf(o.violations) };
  }
  const foundBy: Record<string, string[]> = {};
  const row = { kernel, cells, foundBy, found: false };
  for (const m of modes) for (const law of cellOf(row, m.name).laws) (foundBy[law] ??= []).push(m.name);
  return { ...row, found: Object.keys(foundBy).some(isGeneralLaw) };
}

/** "law (modes), ..." with a mark on a name that is not a general law. */
export function foundByText(row: MutationRow): string {
  const parts = Object.entries(row.foundBy).map(
    ([law, modes]) => `${law}${isGeneralLaw(law) ? '' : ' [not a general law]'} (${modes.join(', ')})`,
  );
  return parts.length === 0 ? 'not found' : parts.join('; ');
}

export async function runMutation(
  a: MutationArgs,
  io: Io,
  modes: readonly CheckModeEntry[] = CHECK_MODE_REGISTRY,
): Promise<number> {
  const rows: MutationRow[] = [];
  for (const bug of SEEDED_BUGS) rows.push(await mutationRow(bug, a, modes));
  const correct = await mutationRow('relink', a, modes);
  const score = (m: string): number => rows.filter((r) => cellOf(r, m).laws.some(isGeneralLaw)).length;
  const scores = Object.fromEntries(modes.map((m) => [m.name, score(m.name)]));
  const foundAll = rows.filter((r) => r.found).length;
  if (a.json) {
    io.out(JSON.stringify({ rows, correct, score: { ...scores, any: foundAll, total: rows.length } }));
  } else {
    io.out(`seeded bugs, ${modes.map((m) => m.column.describe(m.column.bounds(a))).join(', ')}:`);
    io.out(`| variant | found by (law: modes) | ${modes.map((m) => `${m.name} | ms`).join(' | ')} |`);
    io.out(`| --- | --- | ${modes.map(() => '--- | ---:').join(' | ')} |`);
    for (const r of [...rows, correct]) {
      const name = r === correct ? 'relink (correct)' : r.kernel;
      const by = r === correct ? (r.found ? foundByText(r) : 'clean') : foundByText(r);
      const cells = modes.map((m) => `${cell(cellOf(r, m.name).text)} | ${cellOf(r, m.name).ms}`);
      io.out(`| ${name} | ${by} | ${cells.join(' | ')} |`);
    }
    const each = modes.map((m) => `${m.name} ${scores[m.name]}/${rows.length}`);
    io.out(`mutation score: ${[...each, `any mode ${foundAll}/${rows.length}`].join(', ')}`);
  }
  // docs/exit-status.md: 0 only when every seeded bug was found and the correct series is clean.
  const correctClean = modes.every((m) => cellOf(correct, m.name).laws.length === 0);
  return correctClean && foundAll === rows.length ? EXIT_OK : EXIT_FOUND;
}
