// Worker threads run the compiled owner from dist/ (npm test builds it before vitest runs).
import { describe, expect, it } from 'vitest';
import { exhaustiveParallel } from '../../src/checker/search/parallel.js';
import { answer, single } from './search-helpers.js';

describe('an exhaustive search on worker threads', () => {
  it('gives the single run’s answer with 2 workers at depth 5', async () => {
    expect(answer(await exhaustiveParallel('relink', 5, { workers: 2 }))).toEqual(answer(single('relink', 5)));
  });

  it('finds the single run’s shortest counterexample for a seeded bug with 2 workers', async () => {
    const one = single('relink-cross-mount', 5);
    const threads = await exhaustiveParallel('relink-cross-mount', 5, { workers: 2 });
    expect(threads.counterexample?.ops).toEqual(one.counterexample?.ops);
    expect(answer(threads)).toEqual(answer(one));
  });

  it('gives the single run’s answer with 3 workers, more than the cores of a small machine', async () => {
    expect(answer(await exhaustiveParallel('relink', 4, { workers: 3 }))).toEqual(answer(single('relink', 4)));
  });
});
