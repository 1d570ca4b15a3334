// The random sampler of longer race programs (src/checker/races/races/race-random.ts), on fast-check's scheduler.
import { describe, expect, it } from 'vitest';
import { LONG_PROGRAMS } from '../../src/checker/races/race-programs.js';
import { sampleRaces } from '../../src/checker/races/race-random.js';

describe('the random race sampler', () => {
  it('finds relink-missing-lock in schedules of the longer programs', async () => {
    const r = await sampleRaces('relink-missing-lock', LONG_PROGRAMS, 200, 7);
    expect(r.counterexample?.violations.map((v) => v.invariant)).toContain('deadDirsAreEmpty');
  });

  it('finds relink-no-recheck in schedules of the longer programs', async () => {
    const r = await sampleRaces('relink-no-recheck', LONG_PROGRAMS, 200, 7);
    expect(r.counterexample?.violations.map((v) => v.invariant)).toContain('deletedStaysDeleted');
  });

  it('finds cleanup-wrong-name in schedules of the checkpoint program', async () => {
    const r = await sampleRaces('cleanup-wrong-name', LONG_PROGRAMS, 200, 7);
    expect(r.counterexample?.program.name).toBe('checkpoint-churn');
  });

  it('finds no race in the correct variant over 150 schedules', async () => {
    const r = await sampleRaces('relink', LONG_PROGRAMS, 150, 11);
    expect(r.counterexample).toBeNull();
    expect(r.runs).toBe(150);
    // Longer than the systematic explorer's programs: three tasks, tens of steps per schedule.
    expect(r.steps / r.runs).toBeGreaterThan(20);
  });
});
