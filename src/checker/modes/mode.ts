/**
 * What every checker mode is: a search of one kernel variant within bounds, whose outcome says
 * the same things whatever the mode searched (sequences of the relink alphabet or schedules of
 * several tasks): the laws broken, a one-line counterexample, its length, a runnable scenario, and
 * what `relinklab check --mode` prints. `check --mode`, `check --mutation` and the benchmark read
 * only this interface, through the registry (registry.ts), so a new mode is one module here.
 */
import type { Violation } from '../../invariants/violation.js';
import type { ProgressSink } from '../search/progress.js';
import { counterexampleSummary, counterexampleYaml } from '../search/counterexample.js';
import type { SetupCall } from '../relink-alphabet.js';
import type { Counterexample } from '../search/explore.js';

/** The command's bounds; each mode reads those its `reads` names. */
export interface ModeBounds {
  /** Steps: of a sequence, or of a schedule (races). */
  readonly depth: number;
  /** Random sequences (or schedules) in all. */
  readonly runs: number;
  /** The seed of every random choice. */
  readonly seed: number;
}

/** What the command line adds to the bounds; a mode ignores what it has no use for. */
export interface SearchOptions {
  readonly onProgress?: ProgressSink;
  /** Worker threads of one exhaustive search. */
  readonly workers?: number;
  /** fast-check's replay path of a random counterexample. */
  readonly path?: string;
}

/** A search's outcome, the same shape in every mode. */
export interface ModeOutcome {
  readonly kernel: string;
  /** What the counterexample's last step broke (empty: no violation found). */
  readonly violations: readonly Violation[];
  /** One line: `no violation`, or the first law broken and the counterexample (calls as strace prints them). */
  readonly summary: string;
  /** The counterexample's length in steps (null: none). */
  readonly steps: number | null;
  readonly millis: number;
  /** The counterexample as a scenario `relinklab run` replays (null: none). */
  readonly scenario: string | null;
  /** What `check --mode` prints, given where the scenario was written (null: nowhere). */
  lines(out: string | null): readonly string[];
  json(out: string | null): Readonly<Record<string, unknown>>;
}

/** One checker mode: its name (`--mode`), what it searches, and the search. */
export interface CheckModeEntry<Name extends string = string> {
  readonly name: Name;
  /** What it searches, as --help says it. */
  readonly about: string;
  /** What --depth means to it (absent: it does not read --depth), its default, and why that one. */
  readonly depth?: { readonly means: string; readonly default: number; readonly why?: string };
  /** Whether it reads --runs and --seed. */
  readonly random: boolean;
  /**
   * Its column in `check --mutation` and the benchmark: the bounds it runs with there, from the
   * command's, and how the table's header says them.
   */
  readonly column: {
    bounds(b: ModeBounds): ModeBounds;
    describe(b: ModeBounds): string;
  };
  search(kernel: string, bounds: ModeBounds, options?: SearchOptions): Promise<ModeOutcome>;
}

/** The laws a violation list names, each once, in order. */
export const lawsOf = (violations: readonly Violation[]): string[] => [...new Set(violations.map((v) => v.invariant))];

/** The line that says where the counterexample went. */
export const writtenLine = (out: string): string => `counterexample written to ${out} (relinklab run ${out})`;

/**
 * The mode-independent half of an outcome whose counterexample is a sequence of operations from a
 * start (the relink alphabet's unless `setup` says how another start is built).
 */
export function sequenceFindings(
  kernel: string,
  cx: Counterexample | null,
  setup?: readonly SetupCall[],
): Pick<ModeOutcome, 'violations' | 'summary' | 'steps' | 'scenario'> {
  return {
    violations: cx?.violations ?? [],
    summary: counterexampleSummary(cx),
    steps: cx?.ops.length ?? null,
    scenario: cx === null ? null : counterexampleYaml(kernel, cx, setup),
  };
}
