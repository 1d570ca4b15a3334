/**
 * The checker's figures: exhaustive search per depth (distinct states per second, heap bytes per
 * state), random runs per second, and how long each mode takes to find each seeded bug.
 */
import { exhaustive, random } from '../src/checker/search/explore.js';
import { RELINK_ALPHABET } from '../src/checker/relink-alphabet.js';
import { SEEDED_BUGS } from '../src/model/kernel.js';
import type { ModeBounds } from '../src/checker/modes/mode.js';
import { CHECK_MODE_REGISTRY } from '../src/checker/modes/registry.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
  /** What the search stored per state: its visited set of fingerprints and frontier paths at their largest. */
  readonly storedBytesPerState: number;
  readonly capped: boolean;
  readonly statesPerLevel: readonly number[];
  /** The CPU time of each round when the figure is the fastest of several searches (fastestRound). */
  readonly roundsCpuMs?: readonly number[];
}

/** The fastest of the same search run in rounds, with every round's CPU time; all must agree. */
export function fastestRound(rounds: readonly DepthResult[]): DepthResult {
  const first = rounds[0];
  if (first === undefined) throw new Error('no round of the search was run');
  for (const r of rounds)
    if (r.states !== first.states || r.transitions !== first.transitions || r.capped !== first.capped)
      throw new Error(`rounds of the depth-${first.depth} search disagree: ${r.states} vs ${first.states} states`);
  const best = rounds.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
  return { ...best, roundsCpuMs: rounds.map((r) => r.cpuMs) };
}

/** How long one mode took to find a seeded bug (or to end its search without finding it). */
export interface BugCell {
  readonly found: boolean;
  readonly steps: number | null;
  readonly ms: number;
}

/** A seeded bug in each checker mode of the registry, each within its column's bounds (as check --mutation). */
export interface BugResult {
  readonly bug: string;
  /** Mode name → its cell, in the registry's order. */
  readonly modes: Readonly<Record<string, BugCell>>;
}

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
    storedBytesPerState: (r.compact?.storedBytes ?? NaN) / r.distinctStates,
    capped: r.capped === true,
    statesPerLevel: r.statesPerLevel,
  };
}

/**
 * benchDepth(depth, 'raw') in a process of its own (speed-case-main.ts), after an untimed warm-up
 * there: the round of the states/s comparison with SPIN, whose pan runs in a process of its own too.
 */
export function benchDepthInProcess(depth: number): DepthResult {
  // From the build, its neighbour; from the sources (the tests), the build's copy.
  const built = import.meta.url.endsWith('.ts') ? '../dist/bench/speed-case-main.js' : './speed-case-main.js';
  const main = fileURLToPath(new URL(built, import.meta.url));
  const r = spawnSync(process.execPath, ['--expose-gc', main, String(depth)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the depth-${depth} speed round failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as DepthResult;
}

export function benchRandom(runs: number, seed: number): RandomResult {
  const t = timed(() => random('relink', runs, seed));
  return { runs: t.value.runs, cpuMs: t.cpuMs, runsPerSec: perSecond(t.value.runs, t.cpuMs) };
}

/** Time to the first counterexample (or to the end of the search when there is none), as the search measures it. */
export async function benchBugs(bounds: ModeBounds): Promise<BugResult[]> {
  const results: BugResult[] = [];
  for (const bug of SEEDED_BUGS) {
    const modes: Record<string, BugCell> = {};
    for (const m of CHECK_MODE_REGISTRY) {
      const o = await m.search(bug, m.column.bounds(bounds));
      modes[m.name] = { found: o.violations.length > 0, steps: o.steps, ms: o.millis };
    }
    results.push({ bug, modes });
  }
  return results;
}

/** The header's words for each mode's column, as check --mutation says them. */
export const bugColumns = (bounds: ModeBounds): string[] =>
  CHECK_MODE_REGISTRY.map((m) => m.column.describe(m.column.bounds(bounds)));
