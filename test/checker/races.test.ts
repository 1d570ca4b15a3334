// The interleaving explorer (src/checker/races/races/races.ts) over the race programs.
import { describe, expect, it } from 'vitest';
import { raceCounterexampleYaml } from '../../src/checker/races/race-counterexample.js';
import { RACE_PROGRAMS } from '../../src/checker/races/race-programs.js';
import { exploreProgram, exploreRaces, type RaceOptions } from '../../src/checker/races/races.js';
import { SEEDED_BUGS } from '../../src/model/kernel.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';

const FIRST: RaceOptions = { bound: 8, reduction: 'sleep-sets', firstOnly: false };
const ALL: RaceOptions = { bound: 12, reduction: 'sleep-sets', firstOnly: false };

describe('the race explorer', () => {
  it('races finds relink-missing-lock with a schedule of at most 8 steps', () => {
    const cx = exploreRaces('relink-missing-lock', RACE_PROGRAMS, FIRST).counterexample;
    expect(cx?.violations.map((v) => v.invariant)).toContain('deadDirsAreEmpty');
    expect(cx?.node.trace.length).toBeLessThanOrEqual(8);
  });

  it('races finds relink-no-recheck with a schedule of at most 8 steps', () => {
    const cx = exploreRaces('relink-no-recheck', RACE_PROGRAMS, FIRST).counterexample;
    expect(cx?.violations.map((v) => v.invariant)).toContain('deletedStaysDeleted');
    expect(cx?.node.trace.length).toBeLessThanOrEqual(8);
  });

  it('races finds cleanup-wrong-name through the checkpoint and cleanup flow', () => {
    const cx = exploreRaces('cleanup-wrong-name', RACE_PROGRAMS, FIRST).counterexample;
    expect(cx?.program.name).toBe('cleanup-vs-reuse');
    expect(cx?.violations.map((v) => v.invariant)).toEqual(['flowChangesOnlyItsFiles']);
  });

  it('the correct relink variant has no race at bound 12, every schedule run to its end', () => {
    const r = exploreRaces('relink', RACE_PROGRAMS, ALL);
    expect(r.counterexample).toBeNull();
    expect(r.programs.every((p) => p.applicable)).toBe(true);
    // Bound 12 cuts nothing: the same programs at bound 30 have exactly as many schedules.
    expect(exploreRaces('relink', RACE_PROGRAMS, { ...ALL, bound: 30 }).schedules).toBe(r.schedules);
  });

  it('mainline has no race at bound 12 in the programs it can run', () => {
    expect(exploreRaces('mainline', RACE_PROGRAMS, ALL).counterexample).toBeNull();
  });

  it('without its re-check, a link of a file whose last other name goes meanwhile resurrects it', () => {
    const flink = RACE_PROGRAMS.find((p) => p.name === 'flink-vs-unlink');
    if (flink === undefined) throw new Error('no flink-vs-unlink program');
    const buggy = exploreProgram('relink-no-recheck', flink, ALL).counterexamples;
    expect(buggy.map((c) => c.violations[0]?.invariant)).toContain('deletedStaysDeleted');
    expect(exploreProgram('relink', flink, ALL).counterexamples).toEqual([]);
  });

  // One test per kernel variant, so each has its own time budget: the whole loop took close to a
  // minute under load. The last test adds up the schedules the others counted.
  const KERNELS = ['relink', 'mainline', ...SEEDED_BUGS] as const;
  const schedules = new Map<string, { reduced: number; full: number }>();
  const compareReduction = (kernel: string): { reduced: number; full: number } => {
    let reduced = 0;
    let full = 0;
    for (const p of RACE_PROGRAMS) {
      const a = exploreProgram(kernel, p, { ...ALL, reduction: 'sleep-sets' });
      const b = exploreProgram(kernel, p, { ...ALL, reduction: 'none' });
      const found = (s: typeof a) =>
        [...new Set(s.counterexamples.flatMap((c) => c.violations.map((v) => v.invariant)))].sort();
      expect(found(a), `${kernel} ${p.name}`).toEqual(found(b));
      expect(a.states, `${kernel} ${p.name}`).toBe(b.states);
      reduced += a.schedules;
      full += b.schedules;
    }
    return { reduced, full };
  };
  for (const kernel of KERNELS)
    it(`partial-order reduction finds the same violations and states as the full enumeration (${kernel})`, () => {
      schedules.set(kernel, compareReduction(kernel));
    });

  it('partial-order reduction visits fewer than a quarter of the schedules over all kernels', () => {
    let reduced = 0;
    let full = 0;
    for (const kernel of KERNELS) {
      const n = schedules.get(kernel) ?? compareReduction(kernel);
      reduced += n.reduced;
      full += n.full;
    }
    expect(reduced).toBeLessThan(full / 4);
  });
});

describe('a race counterexample', () => {
  for (const [kernel, shown] of [
    ['relink-missing-lock', 'deadDirsAreEmpty'],
    ['relink-no-recheck', 'deletedStaysDeleted'],
  ] as const) {
    it(`replays with relinklab run to the same violation (${kernel})`, () => {
      const cx = exploreRaces(kernel, RACE_PROGRAMS, FIRST).counterexample;
      if (cx === null) throw new Error('not found');
      const report = runScenario(parseScenario(raceCounterexampleYaml(cx), 'cx.yaml'));
      expect(report.failures).toBe(1);
      expect(report.steps.at(-1)?.ok).toBe(false);
      expect(report.steps.at(-1)?.detail).toContain(shown);
    });
  }

  it('of a cleanup replays with relinklab run to an assert that finds the other task file gone (cleanup-wrong-name)', () => {
    const cx = exploreRaces('cleanup-wrong-name', RACE_PROGRAMS, FIRST).counterexample;
    if (cx === null) throw new Error('not found');
    const yaml = raceCounterexampleYaml(cx);
    const name = /unlink-at-restart-[0-9]+-0/.exec(yaml)?.[0] ?? '?';
    const report = runScenario(parseScenario(yaml, 'cx.yaml'));
    expect(report.failures).toBe(1);
    expect(report.steps.at(-1)?.what).toBe('assert /ckpt');
    expect(report.steps.at(-1)?.ok).toBe(false);
    // The assert's detail says what it expected (the name) and what it found (not the name).
    const [expected, found] = (report.steps.at(-1)?.detail ?? '').split(', found ');
    expect(expected).toBe(`expected names [${name}]`);
    expect(found).not.toContain(name);
    expect(yaml).toContain(`names: ["${name}"]`);
  });

  it('fails to replay in the correct variant, whose locks and checks forbid it', () => {
    const cx = exploreRaces('relink-missing-lock', RACE_PROGRAMS, FIRST).counterexample;
    if (cx === null) throw new Error('not found');
    const yaml = raceCounterexampleYaml(cx).replace('kernel: relink-missing-lock', 'kernel: relink');
    const report = runScenario(parseScenario(yaml, 'cx.yaml'));
    expect(report.steps.at(-2)?.detail).toContain('waits for a lock held by task 2');
  });
});
