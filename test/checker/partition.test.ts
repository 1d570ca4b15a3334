import { describe, expect, it } from 'vitest';
import { levelSearch } from '../../src/checker/search/bfs-levels.js';
import { exhaustive } from '../../src/checker/search/explore.js';
import { inProcessOwners } from '../../src/checker/search/owner-rpc.js';
import { countsToStats } from '../../src/checker/search/parallel.js';
import { RELINK_ALPHABET } from '../../src/checker/relink-alphabet.js';
import { KERNELS } from '../../src/model/kernel.js';
import { answer } from './search-helpers.js';

/** A search over `owners` in-process owners: the worker protocol without threads. */
async function partitioned(kernel: string, depth: number, owners: number) {
  const r = await levelSearch(inProcessOwners({ kernel, alphabet: RELINK_ALPHABET }, owners), depth, null);
  if (r.kind !== 'complete') throw new Error('an unsharded search ends complete');
  return countsToStats(r.counts, RELINK_ALPHABET, 0, 0);
}

describe('a search partitioned over three owners', () => {
  for (const kernel of Object.keys(KERNELS)) {
    it(`gives the single run’s answer for ${kernel} at depth 4`, async () => {
      expect(answer(await partitioned(kernel, 4, 3))).toEqual(answer(exhaustive(kernel, 4)));
    });
  }
});
