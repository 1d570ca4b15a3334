// The distributed search gives the single run's answer: distinct states, transitions, states per
// level, queue, depth and the shortest counterexample, on the correct series and every seeded bug.
import { describe, expect, it } from 'vitest';
import { SEEDED_BUGS } from '../../src/model/kernel.js';
import { distributed, sameAnswer } from './dist-helpers.js';
import { single } from './search-helpers.js';

const PARTITIONS = [1, 2, 4];

describe('a distributed search on the correct series', () => {
  it.each(PARTITIONS)('gives the single run’s answer at depth 5 with %i partitions', (n) => {
    expect(sameAnswer(distributed('relink', 5, n))).toEqual(sameAnswer(single('relink', 5)));
  });

  it('gives the single run’s answer with more partitions than states at the first levels (8, depth 3)', () => {
    expect(sameAnswer(distributed('relink', 3, 8))).toEqual(sameAnswer(single('relink', 3)));
  });

  it('gives the single run’s answer at depth 1, where the start’s job is the only one to expand', () => {
    expect(sameAnswer(distributed('relink', 1, 2))).toEqual(sameAnswer(single('relink', 1)));
  });
});

describe.each(SEEDED_BUGS)('a distributed search on the seeded bug %s (depth 4)', (bug) => {
  it.each(PARTITIONS)('gives the single run’s answer and counterexample with %i partitions', (n) => {
    expect(sameAnswer(distributed(bug, 4, n))).toEqual(sameAnswer(single(bug, 4)));
  });
});

describe('a distributed search that meets a violation', () => {
  it('finds the single run’s shortest counterexample at the last level (fifo-relink-drops-buffer, depth 5)', () => {
    const one = single('fifo-relink-drops-buffer', 5);
    expect(one.counterexample?.ops.length).toBe(5);
    expect(sameAnswer(distributed('fifo-relink-drops-buffer', 5, 4))).toEqual(sameAnswer(one));
  });

  it('finds it before the last level and counts up to it (relink-keeps-orphan, depth 5)', () => {
    const one = single('relink-keeps-orphan', 5);
    expect(one.counterexample?.ops.length).toBeLessThan(5);
    expect(sameAnswer(distributed('relink-keeps-orphan', 5, 4))).toEqual(sameAnswer(one));
  });
});
