/**
 * The checker's figures: exhaustive search per depth (distinct states per second, heap bytes per
 * state), random runs per second, and how long each mode takes to find each seeded bug.
 */
import { exhaustive, random } from '../src/checker/search/explore.js';
import { RELINK_ALPHABET } from '../src/checker/relink-alphabet.js';
import { SEEDED_BUGS } from '../src/model/kernel.js';
import type { CheckMode } from '../src/checker/modes.js';
import { systematicRaces } from '../src/checker/races/races.js';
import { collectGarbage, perSecond, timed } from './measure.js';

export interface DepthResult {
  readonly depth: number;
  readonly key: 'canonical' | 'raw';
  readonly states: number;
  readonly transitions: number;
  readonly cpuMs: number;
  readonly statesPerSec: number;
  /** Heap growth over the search (explored set, frontier, garbage not yet collected) per state. */
  readonly bytesPerState: number;
  readonly capped: boolean;
  readonly statesPerLevel: readonly number[];
}

/** How long one mode took to find a seeded bug (or to end its search without finding it). */
export interface BugCell {
  readonly found: boolean;
  readonly steps: number | null;
  readonly ms: number;
}

/** A seeded bug in each checker mode (races: every schedule of the race programs up to the same bound). */
export type BugResult = { readonly bug: string } & Readonly<Record<CheckMode, BugCell>>;

export interface RandomResult {
  readonly runs: number;
  readonly cpuMs: number;
  readonly runsPerSec: number;
}

export function benchDepth(depth: number, key: 'canonical' | 'raw', maxMillis?: number): DepthResult {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const t = timed(() =>
    exhaustive('relink', depth, RELINK_ALPHABET, { key, ...(maxMillis === undefined ? {} : { maxMillis }) }),
  );
  const r = t.value;
  return {
    depth,
    key,
    states: r.distinctStates,
    transitions: r.transitions,
    cpuMs: t.cpuMs,
    statesPerSec: perSecond(r.distinctStates, t.cpuMs),
    bytesPerState: (r.heapBytes - before) / r.distinctStates,
    capped: r.capped === true,
    statesPerLevel: r.statesPerLevel,
  };
}

export function benchRandom(runs: number, seed: number): RandomResult {
  const t = timed(() => random('relink', runs, seed));
  return { runs: t.value.runs, cpuMs: t.cpuMs, runsPerSec: perSecond(t.value.runs, t.cpuMs) };
}

/** Time to the first counterexample (or to the end of the search when there is none). */
export function benchBugs(depth: number, runs: number, seed: number): BugResult[] {
  return SEEDED_BUGS.map((bug) => {
    const ex = timed(() => exhaustive(bug, depth));
    const rnd = timed(() => random(bug, runs, seed));
    const rc = timed(() => systematicRaces(bug, depth));
    const cx = ex.value.counterexample;
    const rx = rnd.value.counterexample;
    const rcx = rc.value.counterexample;
    return {
      bug,
      exhaustive: { found: cx !== null, steps: cx?.ops.length ?? null, ms: ex.wallMs },
      random: { found: rx !== null, steps: rx?.ops.length ?? null, ms: rnd.wallMs },
      races: { found: rcx !== null, steps: rcx?.node.trace.length ?? null, ms: rc.wallMs },
    };
  });
}
