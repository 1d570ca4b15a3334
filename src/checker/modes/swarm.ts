/**
 * The swarm mode (Holzmann, Joshi, Groce, "Swarm Verification", ASE 2008; Groce et al., "Swarm
 * Testing", ISSTA 2012): instead of one random search over the whole alphabet, many short ones,
 * each configured differently: its own seed and its own part of the relink alphabet (every
 * operation kept with probability 1/2, swarm testing's feature omission). A search without
 * `close 3`, say, keeps its files open for the whole sequence, which a uniform draw over all
 * eighteen operations rarely does. Together they run --runs sequences of up to --depth steps; the
 * configurations are drawn from --seed, so one seed gives the same searches and the same
 * counterexample. A search that fails is shrunk by fast-check like the random mode's, within its
 * own part of the alphabet, and its violation is a general law's, as in every mode.
 *
 * Each search's own length (1 to --depth, swarm verification's varied depth bound) was tried and
 * left out: it found fewer of the seeded bugs at the same budget (docs/checker.md, "Swarm").
 */
import fc from 'fast-check';
import { RELINK_ALPHABET, type Op } from '../relink-alphabet.js';
import { random, type Counterexample } from '../search/explore.js';
import { sequenceFindings, writtenLine, type CheckModeEntry } from './mode.js';

/** Sequences per search: many short searches rather than one long one. */
export const RUNS_PER_SEARCH = 50;

/** The longest sequence by default: the random mode's. */
const SWARM_DEPTH = 12;

/** One search of the swarm, as its configuration was drawn. */
export interface SwarmSearch {
  /** Its place in the swarm, from 0. */
  readonly index: number;
  readonly seed: number;
  /** The part of the relink alphabet it draws from (never empty), in the alphabet's order. */
  readonly alphabet: readonly Op[];
  readonly runs: number;
}

/** The searches that share `runs` sequences, drawn from `seed`: the same seed, the same swarm. */
export function swarmSearches(runs: number, seed: number): SwarmSearch[] {
  const n = RELINK_ALPHABET.length;
  const config = fc.noBias(
    fc.record({
      seed: fc.integer(),
      keep: fc.array(fc.boolean(), { minLength: n, maxLength: n }).filter((k) => k.includes(true)),
    }),
  );
  const count = Math.ceil(runs / RUNS_PER_SEARCH);
  return fc.sample(config, { seed, numRuns: count }).map((c, index) => ({
    index,
    seed: c.seed,
    alphabet: RELINK_ALPHABET.filter((_, i) => c.keep[i] === true),
    runs: Math.min(RUNS_PER_SEARCH, runs - index * RUNS_PER_SEARCH),
  }));
}

export interface SwarmStats {
  /** Sequences run, over every search that ran (shrinking not counted). */
  readonly runs: number;
  /** The searches drawn, and how many ran (the swarm stops at the first that fails). */
  readonly searches: number;
  readonly ran: number;
  readonly millis: number;
  readonly counterexample: Counterexample | null;
  /** The search that found the counterexample. */
  readonly finder: SwarmSearch | null;
}

/** The swarm's searches one after another, up to the first that finds a violation. */
export function swarm(kernel: string, runs: number, depth: number, seed: number): SwarmStats {
  const t0 = performance.now();
  const searches = swarmSearches(runs, seed);
  let total = 0;
  let ran = 0;
  for (const s of searches) {
    const r = random(kernel, s.runs, s.seed, depth, { alphabet: s.alphabet });
    total += r.runs;
    ran++;
    if (r.counterexample !== null) {
      const millis = performance.now() - t0;
      return { runs: total, searches: searches.length, ran, millis, counterexample: r.counterexample, finder: s };
    }
  }
  const millis = performance.now() - t0;
  return { runs: total, searches: searches.length, ran, millis, counterexample: null, finder: null };
}

const finderJson = (s: SwarmSearch | null) =>
  s === null
    ? null
    : {
        search: s.index,
        seed: s.seed,
        runs: s.runs,
        alphabet: s.alphabet.map((op) => op.label),
      };

export const SWARM_MODE: CheckModeEntry<'swarm'> = {
  name: 'swarm',
  about: `--runs random sequences of up to --depth steps, in searches of ${RUNS_PER_SEARCH} each with its own seed and part of the alphabet, a counterexample shrunk`,
  depth: { means: 'steps per random sequence', default: SWARM_DEPTH, why: "the random mode's" },
  random: true,
  // The random column's budget: as many sequences, as long.
  column: {
    bounds: (b) => ({ ...b, depth: SWARM_DEPTH }),
    describe: (b) => `swarm ${b.runs} runs of up to ${b.depth} steps (seed ${b.seed})`,
  },
  search: (kernel, b) => {
    const r = swarm(kernel, b.runs, b.depth, b.seed);
    const found = sequenceFindings(kernel, r.counterexample);
    const head = `${kernel}, swarm: ${r.runs} runs in ${r.ran} of ${r.searches} searches of up to ${b.depth} steps, seed ${b.seed}, ${Math.round(r.millis)} ms: ${found.summary}`;
    const f = r.finder;
    const finder =
      f === null
        ? []
        : [
            `found by search ${f.index + 1}: seed ${f.seed}, ${f.alphabet.length} of ${RELINK_ALPHABET.length} operations (${f.alphabet.map((op) => op.label).join(', ')})`,
          ];
    return Promise.resolve({
      kernel,
      ...found,
      millis: r.millis,
      lines: (out) => [head, ...finder, ...(out === null ? [] : [writtenLine(out)])],
      json: (out) => ({
        kernel,
        mode: 'swarm',
        counterexample: r.counterexample,
        millis: r.millis,
        runs: r.runs,
        seed: b.seed,
        depth: b.depth,
        searches: r.searches,
        ran: r.ran,
        finder: finderJson(f),
        out,
      }),
    });
  },
};
