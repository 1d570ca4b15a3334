/**
 * The random mode: --runs sequences of up to 12 operations drawn by fast-check from --seed, a
 * failing one shrunk to a minimal one; fast-check's replay path (--path) reruns it directly.
 */
import { random } from '../search/explore.js';
import { sequenceFindings, writtenLine, type CheckModeEntry } from './mode.js';

export const RANDOM_MODE: CheckModeEntry<'random'> = {
  name: 'random',
  about: '--runs random sequences (fast-check), a counterexample shrunk',
  random: true,
  column: { bounds: (b) => b, describe: (b) => `${b.runs} random runs (seed ${b.seed})` },
  search: (kernel, b, o = {}) => {
    const r = random(kernel, b.runs, b.seed, undefined, { path: o.path, onProgress: o.onProgress });
    const found = sequenceFindings(kernel, r.counterexample);
    const head = `${kernel}, random: ${r.runs} runs, seed ${b.seed}, ${Math.round(r.millis)} ms: ${found.summary}`;
    const replay = `replay: relinklab check --mode random --kernel ${kernel} --seed ${b.seed} --path ${r.path}`;
    return Promise.resolve({
      kernel,
      ...found,
      millis: r.millis,
      lines: (out) => [head, ...(out === null ? [] : [writtenLine(out)]), ...(r.path === null ? [] : [replay])],
      json: (out) => ({
        kernel,
        mode: 'random',
        counterexample: r.counterexample,
        millis: r.millis,
        runs: r.runs,
        seed: b.seed,
        path: r.path,
        out,
      }),
    });
  },
};
