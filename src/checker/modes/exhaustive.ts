/**
 * The exhaustive mode: every sequence of the relink alphabet up to --depth steps, breadth first,
 * on this thread or on --workers threads (the same answer); its counterexample is a shortest one.
 */
import { exhaustive } from '../search/explore.js';
import { exhaustiveParallel } from '../search/parallel.js';
import { RELINK_ALPHABET } from '../relink-alphabet.js';
import { exhaustiveOutcome } from './exhaustive-report.js';
import type { CheckModeEntry } from './mode.js';

export const EXHAUSTIVE_MODE: CheckModeEntry<'exhaustive'> = {
  name: 'exhaustive',
  about: 'every sequence of the relink alphabet up to --depth steps, breadth first',
  depth: { means: 'steps per sequence', default: 5 },
  random: false,
  column: { bounds: (b) => b, describe: (b) => `exhaustive depth ${b.depth}` },
  search: async (kernel, b, o = {}) => {
    const workers = o.workers ?? 1;
    const stats =
      workers > 1
        ? await exhaustiveParallel(kernel, b.depth, { workers, onProgress: o.onProgress })
        : exhaustive(kernel, b.depth, RELINK_ALPHABET, { onProgress: o.onProgress });
    return exhaustiveOutcome({ kernel, stats, workers });
  },
};
