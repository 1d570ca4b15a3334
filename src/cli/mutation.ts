/**
 * `relinklab check --mutation`: every seeded-bug variant and the correct series in the three modes
 * (exhaustive, random, races), with the general law that found each bug in each mode. A bug counts
 * as found only through a general law (src/invariants/laws.ts); the correct series must stay clean.
 */
import { CHECK_MODES, type CheckMode, type SequenceMode } from '../checker/modes.js';
import { counterexampleSummary } from '../checker/search/counterexample.js';
import type { Counterexample } from '../checker/search/explore.js';
import { isGeneralLaw } from '../invariants/laws.js';
import { SEEDED_BUGS } from '../model/kernel.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';
import { RACES_FULL_DEPTH } from '../checker/races/races.js';
import { raceCell } from './races.js';

/**
 * The races column's bound: every race program to its end, as `check --mode races` runs by
 * default (--depth counts whole operations of the alphabet, a much shorter unit).
 */
export const MUTATION_RACE_BOUND = RACES_FULL_DEPTH;

interface ModeOutcome {
  readonly counterexample: Counterexample | null;
  readonly millis: number;
}

export interface MutationArgs {
  readonly depth: number;
  readonly runs: number;
  readonly seed: number;
  readonly json: boolean;
}

/** One variant's cells: each mode's outcome and the laws it broke, by mode. */
export interface MutationRow {
  readonly kernel: string;
  readonly cells: Record<CheckMode, { readonly text: string; readonly ms: number; readonly laws: readonly string[] }>;
  /** Law → the modes that found the variant through it. */
  readonly foundBy: Readonly<Record<string, readonly CheckMode[]>>;
  /** Found by at least one mode through a general law. */
  readonly found: boolean;
}

const lawsOf = (cx: Counterexample | null): string[] => [...new Set(cx?.violations.map((v) => v.invariant) ?? [])];

const cellText = (cx: Counterexample | null): string => counterexampleSummary(cx);

/** A Markdown table cell: a call's flags (`O_RDWR|O_CREAT`) would split it at the bar. */
const cell = (text: string): string => text.replace(/\|/g, '\\|');

export function mutationRow(kernel: string, once: (kernel: string, mode: SequenceMode) => ModeOutcome): MutationRow {
  const ex = once(kernel, 'exhaustive');
  const rnd = once(kernel, 'random');
  const races = raceCell(kernel, MUTATION_RACE_BOUND);
  const cells: MutationRow['cells'] = {
    exhaustive: { text: cellText(ex.counterexample), ms: Math.round(ex.millis), laws: lawsOf(ex.counterexample) },
    random: { text: cellText(rnd.counterexample), ms: Math.round(rnd.millis), laws: lawsOf(rnd.counterexample) },
    races: { text: races.text, ms: races.ms, laws: races.laws },
  };
  const foundBy: Record<string, CheckMode[]> = {};
  for (const mode of CHECK_MODES) for (const law of cells[mode].laws) (foundBy[law] ??= []).push(mode);
  return { kernel, cells, foundBy, found: Object.keys(foundBy).some(isGeneralLaw) };
}

/** "law (modes), ..." with a mark on a name that is not a general law. */
export function foundByText(row: MutationRow): string {
  const parts = Object.entries(row.foundBy).map(
    ([law, modes]) => `${law}${isGeneralLaw(law) ? '' : ' [not a general law]'} (${modes.join(', ')})`,
  );
  return parts.length === 0 ? 'not found' : parts.join('; ');
}

export function runMutation(
  a: MutationArgs,
  io: Io,
  once: (kernel: string, mode: SequenceMode) => ModeOutcome,
): number {
  const rows = SEEDED_BUGS.map((bug) => mutationRow(bug, once));
  const correct = mutationRow('relink', once);
  const score = (m: CheckMode): number => rows.filter((r) => r.cells[m].laws.some(isGeneralLaw)).length;
  const scores = { exhaustive: score('exhaustive'), random: score('random'), races: score('races') };
  const foundAll = rows.filter((r) => r.found).length;
  if (a.json) {
    io.out(JSON.stringify({ rows, correct, score: { ...scores, any: foundAll, total: rows.length } }));
  } else {
    io.out(
      `seeded bugs, exhaustive depth ${a.depth}, ${a.runs} random runs (seed ${a.seed}), races bound ${MUTATION_RACE_BOUND}:`,
    );
    io.out('| variant | found by (law: modes) | exhaustive | ms | random | ms | races | ms |');
    io.out('| --- | --- | --- | ---: | --- | ---: | --- | ---: |');
    for (const r of [...rows, correct]) {
      const c = r.cells;
      const name = r === correct ? 'relink (correct)' : r.kernel;
      const by = r === correct ? (r.found ? foundByText(r) : 'clean') : foundByText(r);
      io.out(
        `| ${name} | ${by} | ${cell(c.exhaustive.text)} | ${c.exhaustive.ms} | ${cell(c.random.text)} | ${c.random.ms} | ${cell(c.races.text)} | ${c.races.ms} |`,
      );
    }
    io.out(
      `mutation score: exhaustive ${scores.exhaustive}/${rows.length}, random ${scores.random}/${rows.length}, races ${scores.races}/${rows.length}, any mode ${foundAll}/${rows.length}`,
    );
  }
  // docs/exit-status.md: 0 only when every seeded bug was found and the correct series is clean.
  const correctClean = CHECK_MODES.every((m) => correct.cells[m].laws.length === 0);
  return correctClean && foundAll === rows.length ? EXIT_OK : EXIT_FOUND;
}
