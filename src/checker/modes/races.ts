/**
 * The races mode: every schedule of the race programs up to --depth steps (sleep-set reduction),
 * then, when that finds nothing, --runs random schedules of the longer programs sampled by
 * fast-check's scheduler. A race is printed as its schedule and written as a scenario.
 */
import { raceCounterexampleYaml, scheduleText } from '../races/race-counterexample.js';
import { LONG_PROGRAMS } from '../races/race-programs.js';
import { sampleRaces } from '../races/race-random.js';
import { RACES_FULL_DEPTH, systematicRaces, type RaceCounterexample } from '../races/races.js';
import { writtenLine, type CheckModeEntry } from './mode.js';

const summary = (cx: RaceCounterexample | null): string =>
  cx === null
    ? 'no violation'
    : `${cx.violations[0]?.invariant ?? '?'} in ${cx.program.name} after ${cx.node.trace.length} steps`;

const cxJson = (cx: RaceCounterexample | null) =>
  cx === null
    ? null
    : { program: cx.program.name, schedule: scheduleText(cx).map((l) => l.trim()), violations: cx.violations };

export const RACES_MODE: CheckModeEntry<'races'> = {
  name: 'races',
  about: 'every schedule of the race programs up to --depth steps, then --runs random schedules',
  depth: { means: 'steps per schedule', default: RACES_FULL_DEPTH, why: 'every program to its end' },
  random: true,
  // Every race program to its end, and no sampled schedules: the systematic search alone
  // (--depth counts whole operations of the alphabet in the other columns, a much shorter unit).
  column: { bounds: (b) => ({ ...b, depth: RACES_FULL_DEPTH, runs: 0 }), describe: (b) => `races bound ${b.depth}` },
  search: async (kernel, b) => {
    const ex = systematicRaces(kernel, b.depth);
    const rnd =
      ex.counterexample === null && b.runs > 0 ? await sampleRaces(kernel, LONG_PROGRAMS, b.runs, b.seed) : null;
    const cx = ex.counterexample ?? rnd?.counterexample ?? null;
    const lines = (out: string | null): string[] => {
      const n = ex.programs.filter((p) => p.applicable).length;
      const text = [
        `${kernel}, races: ${n} programs, every schedule up to ${b.depth} steps: ${ex.schedules} schedules, ${ex.states} states, ${ex.steps} steps, ${Math.round(ex.millis)} ms: ${summary(ex.counterexample)}`,
      ];
      // A bounded "no violation" says nothing about the steps past the bound: say how many were cut.
      if (ex.cut > 0) {
        text.push(
          `${kernel}, races: ${ex.cut} of the schedules stopped at ${b.depth} steps with steps left, not explored past it (--depth ${RACES_FULL_DEPTH}, the default, runs every race program to its end)`,
        );
      }
      if (rnd !== null) {
        text.push(
          `${kernel}, races (random): ${rnd.runs} schedules of ${LONG_PROGRAMS.length} longer programs, ${rnd.steps} steps, seed ${b.seed}, ${Math.round(rnd.millis)} ms: ${summary(rnd.counterexample)}`,
        );
      }
      if (cx !== null) {
        text.push(`schedule (${cx.program.about}):`, ...scheduleText(cx));
        if (out !== null) text.push(writtenLine(out));
      }
      return text;
    };
    return {
      kernel,
      violations: cx?.violations ?? [],
      summary: summary(cx),
      steps: cx?.node.trace.length ?? null,
      millis: ex.millis + (rnd?.millis ?? 0),
      scenario: cx === null ? null : raceCounterexampleYaml(cx),
      lines,
      json: (out) => ({
        kernel,
        mode: 'races',
        bound: b.depth,
        schedules: ex.schedules,
        states: ex.states,
        steps: ex.steps,
        cut: ex.cut,
        millis: Math.round(ex.millis),
        programs: ex.programs.map(({ counterexamples, ...p }) => ({ ...p, violations: counterexamples.length })),
        counterexample: cxJson(ex.counterexample),
        random:
          rnd === null
            ? null
            : {
                runs: rnd.runs,
                seed: rnd.seed,
                steps: rnd.steps,
                millis: Math.round(rnd.millis),
                counterexample: cxJson(rnd.counterexample),
              },
        out,
      }),
    };
  },
};
