/**
 * `relinklab check --mode races`: every schedule of the race programs up to --depth steps (sleep-set
 * reduction), then, when that finds nothing, --runs random schedules of the longer programs sampled
 * by fast-check's scheduler. A race is printed as its schedule and written to --out as a scenario.
 */
import { writeFileSync } from 'node:fs';
import { raceCounterexampleYaml, scheduleText } from '../checker/races/race-counterexample.js';
import { LONG_PROGRAMS } from '../checker/races/race-programs.js';
import { sampleRaces } from '../checker/races/race-random.js';
import { RACES_FULL_DEPTH, systematicRaces, type RaceCounterexample } from '../checker/races/races.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';

export interface RaceCheckArgs {
  readonly kernel: string;
  readonly depth: number;
  readonly runs: number;
  readonly seed: number;
  readonly json: boolean;
  readonly out: string;
}

const summary = (cx: RaceCounterexample | null): string =>
  cx === null
    ? 'no violation'
    : `${cx.violations[0]?.invariant ?? '?'} in ${cx.program.name} after ${cx.node.trace.length} steps`;

const cxJson = (cx: RaceCounterexample | null) =>
  cx === null
    ? null
    : { program: cx.program.name, schedule: scheduleText(cx).map((l) => l.trim()), violations: cx.violations };

export async function runRaceCheck(a: RaceCheckArgs, io: Io): Promise<number> {
  const ex = systematicRaces(a.kernel, a.depth);
  const rnd = ex.counterexample === null ? await sampleRaces(a.kernel, LONG_PROGRAMS, a.runs, a.seed) : null;
  const cx = ex.counterexample ?? rnd?.counterexample ?? null;
  if (cx !== null) writeFileSync(a.out, raceCounterexampleYaml(cx));
  if (a.json) {
    io.out(
      JSON.stringify({
        kernel: a.kernel,
        mode: 'races',
        bound: a.depth,
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
        out: cx === null ? null : a.out,
      }),
    );
  } else {
    const n = ex.programs.filter((p) => p.applicable).length;
    io.out(
      `${a.kernel}, races: ${n} programs, every schedule up to ${a.depth} steps: ${ex.schedules} schedules, ${ex.states} states, ${ex.steps} steps, ${Math.round(ex.millis)} ms: ${summary(ex.counterexample)}`,
    );
    // A bounded "no violation" says nothing about the steps past the bound: say how many were cut.
    if (ex.cut > 0) {
      io.out(
        `${a.kernel}, races: ${ex.cut} of the schedules stopped at ${a.depth} steps with steps left, not explored past it (--depth ${RACES_FULL_DEPTH}, the default, runs every race program to its end)`,
      );
    }
    if (rnd !== null) {
      io.out(
        `${a.kernel}, races (random): ${rnd.runs} schedules of ${LONG_PROGRAMS.length} longer programs, ${rnd.steps} steps, seed ${a.seed}, ${Math.round(rnd.millis)} ms: ${summary(rnd.counterexample)}`,
      );
    }
    if (cx !== null) {
      io.out(`schedule (${cx.program.about}):`);
      for (const line of scheduleText(cx)) io.out(line);
      io.out(`counterexample written to ${a.out} (relinklab run ${a.out})`);
    }
  }
  return cx === null ? EXIT_OK : EXIT_FOUND;
}

/** The races column of `check --mutation`: a cell, whether it found something, and the laws broken. */
export function raceCell(
  kernel: string,
  bound: number,
): { text: string; ms: number; found: boolean; laws: readonly string[] } {
  const r = systematicRaces(kernel, bound);
  const laws = [...new Set(r.counterexample?.violations.map((v) => v.invariant) ?? [])];
  return { text: summary(r.counterexample), ms: Math.round(r.millis), found: r.counterexample !== null, laws };
}
