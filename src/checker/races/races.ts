/**
 * The interleaving explorer: every schedule of a race program's steps up to a bound, depth first,
 * with every invariant and transition property checked after every step.
 *
 * Partial-order reduction (sleep sets, Godefroid 1996): after the subtree of task i's step has
 * been explored from a node, i is put to sleep in its siblings' subtrees for as long as the steps
 * taken there are independent of it, because any schedule that runs i there is a reordering of
 * one already explored. Two steps (of tasks i and j, from node s) are independent when
 *   - each can still run after the other (neither takes a lock the other holds or releases),
 *   - both orders end in the same state (canonical key) with the same results, and
 *   - none of the four steps involved breaks anything.
 * This is checked on the spot, not assumed; it always holds for steps on disjoint objects (other
 * dentries, inodes, mounts, fd tables and no shared lock). Sleep sets visit every reachable state,
 * so no violation is lost; `reduction: 'none'` enumerates every schedule, to show it.
 */
import { enabled, move, nodeKey, prepareRace, type Moved, type Race, type RaceNode } from './race-engine.js';
import { deadlockAt } from './race-deadlock.js';
import type { World } from '../../model/world.js';
import { RACE_PROGRAMS, type RaceProgram } from './race-programs.js';
import type { Violation } from '../../invariants/violation.js';

/**
 * The bound, in steps of split calls, that runs every race program to its end (a relink is four
 * steps, an unlink three, a cleanup one per section of each of its calls): `check --mode races`
 * uses it unless --depth says otherwise; a lower bound cuts schedules short and says so.
 */
export const RACES_FULL_DEPTH = 12;

export interface RaceOptions {
  /** At most this many steps per schedule (setup not counted). */
  readonly bound: number;
  readonly reduction: 'sleep-sets' | 'none';
  /** Stop at the first violation (the CLI) or collect every violating step (comparisons). */
  readonly firstOnly: boolean;
}

export interface RaceCounterexample {
  readonly kernel: string;
  readonly program: RaceProgram;
  readonly node: RaceNode;
  /** The world before the schedule's last step (the node's own world when it has none). */
  readonly before: World;
  readonly violations: readonly Violation[];
}

export interface ProgramStats {
  readonly program: string;
  /** False when the program's setup fails in this kernel (it is skipped). */
  readonly applicable: boolean;
  /** Schedules explored to their end (every task done, deadlocked, or the bound reached). */
  readonly schedules: number;
  /** Distinct states visited (world and each task's progress). */
  readonly states: number;
  /** Steps run, the independence checks' included. */
  readonly steps: number;
  /** Nodes where every runnable step was asleep: schedules left out as reorderings. */
  readonly pruned: number;
  /** Schedules stopped by the bound with steps left: what lies past it was not explored. */
  readonly cut: number;
  readonly counterexamples: readonly RaceCounterexample[];
}

export function exploreProgram(kernel: string, program: RaceProgram, opts: RaceOptions): ProgramStats {
  const race = prepareRace(kernel, program);
  if (race === null) {
    return {
      program: program.name,
      applicable: false,
      schedules: 0,
      states: 0,
      steps: 0,
      pruned: 0,
      cut: 0,
      counterexamples: [],
    };
  }
  return exploreRace(race, opts);
}

/** Every schedule of a prepared race (its start may be any world, e.g. one with a call in flight). */
export function exploreRace(race: Race, opts: RaceOptions): ProgramStats {
  const { kernel, program } = race;
  const seen = new Set<string>();
  const found: RaceCounterexample[] = [];
  let schedules = 0;
  let steps = 0;
  let pruned = 0;
  let cut = 0;
  const stop = (): boolean => opts.firstOnly && found.length > 0;
  const report = (node: RaceNode, violations: readonly Violation[], before: World = node.world): void => {
    found.push({ kernel, program, node, before, violations });
  };

  const visit = (node: RaceNode, sleep: ReadonlySet<number>, depth: number): void => {
    seen.add(nodeKey(node));
    const ready = enabled(race, node);
    if (ready.length === 0) {
      const stuck = deadlockAt(race, node);
      if (stuck.length > 0) report(node, stuck);
      schedules++;
      return;
    }
    if (depth >= opts.bound) {
      schedules++;
      cut++;
      return;
    }
    const children = new Map<number, Moved>();
    const child = (i: number): Moved => {
      let c = children.get(i);
      if (c === undefined) {
        c = move(race, node, i);
        steps++;
        children.set(i, c);
      }
      return c;
    };
    const independent = (i: number, j: number): boolean => {
      const a = child(i);
      const b = child(j);
      if (a.violations.length > 0 || b.violations.length > 0) return false;
      if (!enabled(race, a.node).includes(j) || !enabled(race, b.node).includes(i)) return false;
      const ab = move(race, a.node, j);
      const ba = move(race, b.node, i);
      steps += 2;
      if (ab.violations.length > 0 || ba.violations.length > 0) return false;
      const sameResults =
        JSON.stringify(ab.node.trace.at(-1)?.result) === JSON.stringify(b.node.trace.at(-1)?.result) &&
        JSON.stringify(ba.node.trace.at(-1)?.result) === JSON.stringify(a.node.trace.at(-1)?.result);
      return sameResults && nodeKey(ab.node) === nodeKey(ba.node);
    };
    const done: number[] = [];
    let explored = 0;
    for (const i of ready) {
      if (stop()) return;
      if (sleep.has(i)) continue;
      explored++;
      const c = child(i);
      if (c.violations.length > 0) {
        report(c.node, c.violations, node.world);
        seen.add(nodeKey(c.node));
        schedules++;
      } else {
        const asleep =
          opts.reduction === 'none' ? new Set<number>() : new Set([...sleep, ...done].filter((j) => independent(i, j)));
        visit(c.node, asleep, depth + 1);
      }
      done.push(i);
    }
    if (explored === 0) pruned++;
  };

  if (race.setupViolations.length > 0) report(race.start, race.setupViolations);
  else visit(race.start, new Set(), 0);
  return {
    program: program.name,
    applicable: true,
    schedules,
    states: seen.size,
    steps,
    pruned,
    cut,
    counterexamples: found,
  };
}

export interface RaceSuiteStats {
  readonly kernel: string;
  readonly bound: number;
  readonly reduction: RaceOptions['reduction'];
  readonly programs: readonly ProgramStats[];
  readonly schedules: number;
  readonly states: number;
  readonly steps: number;
  /** Schedules the bound stopped with steps left (0: every schedule ran to its end). */
  readonly cut: number;
  readonly millis: number;
  /** The shortest counterexample found, if any. */
  readonly counterexample: RaceCounterexample | null;
}

/** Every program of the suite in one kernel variant. */
export function exploreRaces(kernel: string, programs: readonly RaceProgram[], opts: RaceOptions): RaceSuiteStats {
  const t0 = performance.now();
  const stats: ProgramStats[] = [];
  for (const p of programs) {
    const s = exploreProgram(kernel, p, opts);
    stats.push(s);
    if (opts.firstOnly && s.counterexamples.length > 0) break;
  }
  const all = stats.flatMap((s) => s.counterexamples);
  const shortest = all.reduce<RaceCounterexample | null>(
    (best, c) => (best === null || c.node.trace.length < best.node.trace.length ? c : best),
    null,
  );
  const sum = (k: 'schedules' | 'states' | 'steps' | 'cut'): number => stats.reduce((n, s) => n + s[k], 0);
  return {
    kernel,
    bound: opts.bound,
    reduction: opts.reduction,
    programs: stats,
    schedules: sum('schedules'),
    states: sum('states'),
    steps: sum('steps'),
    cut: sum('cut'),
    millis: performance.now() - t0,
    counterexample: shortest,
  };
}

/**
 * The races mode's systematic search: every race program at the bound, sleep sets, the shortest
 * counterexample kept (what `check --mode races` and `--mutation` run, and the benchmark times).
 */
export function systematicRaces(kernel: string, bound: number): RaceSuiteStats {
  return exploreRaces(kernel, RACE_PROGRAMS, { bound, reduction: 'sleep-sets', firstOnly: false });
}
