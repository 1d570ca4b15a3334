/**
 * Random schedules of longer race programs, sampled by fast-check's scheduler (fc.scheduler): each
 * task is an async loop that asks the scheduler for its turn before every step, so fast-check
 * picks the interleaving, and on a violation shrinks it to a smaller one. A task whose next step
 * waits for a lock gives its turn back; when no task can step, the tasks are deadlocked.
 */
import fc from 'fast-check';
import { canMove, enabled, move, prepareRace, unfinished, type Race, type RaceNode } from './race-engine.js';
import { deadlockAt } from './race-deadlock.js';
import type { World } from '../../model/world.js';
import type { RaceProgram } from './race-programs.js';
import type { RaceCounterexample } from './races.js';
import type { Violation } from '../../invariants/violation.js';

export interface RandomRaceStats {
  readonly kernel: string;
  readonly runs: number;
  readonly seed: number;
  /** Steps run in all sampled schedules. */
  readonly steps: number;
  readonly millis: number;
  readonly counterexample: RaceCounterexample | null;
}

interface Broken {
  readonly node: RaceNode;
  readonly before: World;
  readonly violations: readonly Violation[];
}

/** One schedule chosen by `s`: the violation it ends in, or null. */
async function runSchedule(race: Race, s: fc.Scheduler, count: () => void): Promise<Broken | null> {
  let node = race.start;
  let broken: Broken | null = null;
  const task = async (i: number): Promise<void> => {
    const pid = race.tasks[i]?.pid ?? -1;
    while (broken === null && unfinished(race, node).includes(i)) {
      await s.schedule(Promise.resolve(), `task ${pid}`);
      if (broken !== null) return;
      if (!canMove(race, node, i)) {
        if (enabled(race, node).length === 0) broken = { node, before: node.world, violations: deadlockAt(race, node) };
        continue;
      }
      const m = move(race, node, i);
      count();
      if (m.violations.length > 0) broken = { node: m.node, before: node.world, violations: m.violations };
      node = m.node;
    }
  };
  const all = Promise.all(race.tasks.map((_, i) => task(i)));
  await s.waitAll();
  await all;
  return broken;
}

/** `runs` random schedules, spread over the programs; the first program that breaks is reported. */
export async function sampleRaces(
  kernel: string,
  programs: readonly RaceProgram[],
  runs: number,
  seed: number,
): Promise<RandomRaceStats> {
  const t0 = performance.now();
  let steps = 0;
  let total = 0;
  const per = Math.max(1, Math.ceil(runs / Math.max(1, programs.length)));
  for (const program of programs) {
    const race = prepareRace(kernel, program);
    if (race === null) continue;
    if (race.setupViolations.length > 0) {
      const counterexample = {
        kernel,
        program,
        node: race.start,
        before: race.start.world,
        violations: race.setupViolations,
      };
      return { kernel, runs: total, seed, steps, millis: performance.now() - t0, counterexample };
    }
    // fast-check runs the property again while shrinking; the last failure seen is the smallest.
    let last: Broken | null = null;
    const details = await fc.check(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const b = await runSchedule(race, s, () => steps++);
        if (b !== null) last = b;
        return b === null;
      }),
      { numRuns: per, seed },
    );
    total += details.numRuns;
    const found = last as Broken | null;
    if (details.failed && found !== null) {
      const counterexample = { kernel, program, node: found.node, before: found.before, violations: found.violations };
      return { kernel, runs: total, seed, steps, millis: performance.now() - t0, counterexample };
    }
  }
  return { kernel, runs: total, seed, steps, millis: performance.now() - t0, counterexample: null };
}
