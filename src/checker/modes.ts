/**
 * The checker's search modes, in one registry: `relinklab check --mode` takes these names (and
 * `--mutation` runs every seeded bug in each of them), and the benchmark (bench/checker-bench.ts)
 * times each seeded bug in each of them.
 */
export const CHECK_MODES = ['exhaustive', 'random', 'races'] as const;

export type CheckMode = (typeof CHECK_MODES)[number];

/** The modes that search the relink alphabet's sequences (races search the schedules of two tasks). */
export type SequenceMode = Exclude<CheckMode, 'races'>;

/** What each mode searches, as --help says it. */
export const CHECK_MODE_ABOUT: Readonly<Record<CheckMode, string>> = {
  exhaustive: 'every sequence of the relink alphabet up to --depth steps, breadth first',
  random: '--runs random sequences (fast-check), a counterexample shrunk',
  races: 'every schedule of the race programs up to --depth steps, then --runs random schedules',
};
