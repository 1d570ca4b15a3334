// The bench's partial-order reduction figures come from searches that agree: the same states per
// level with and without sleep sets, every transition either taken or asleep.
import { describe, expect, it } from 'vitest';
import { benchSleepSets } from '../../bench/reduction-bench.js';

describe('the sleep-set bench', () => {
  it('measures both keys on searches that keep the same states', () => {
    const b = benchSleepSets(4);
    expect(b.rows.map((r) => r.key)).toEqual(['canonical', 'raw']);
    for (const r of b.rows) {
      expect(r.sameStates).toBe(true);
      expect(r.reducedTransitions + r.slept).toBe(r.plainTransitions);
    }
  });
});
