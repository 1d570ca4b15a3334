/**
 * Partial-order reduction by sleep sets (src/checker/search/sleep-sets.ts) against the plain
 * search, in the same process: the states each keeps (they must be equal, level by level), the
 * transitions taken to their end, the ones run asleep for their laws alone, and CPU time, with
 * canonical and raw keys. The reduction keeps every state by design, so it cannot move the
 * "states after reduction" target; it can only save checks of transitions (docs/checker.md).
 */
import { exhaustive } from '../src/checker/search/explore.js';
import { RELINK_ALPHABET } from '../src/checker/relink-alphabet.js';
import { collectGarbage, timed } from './measure.js';

export interface ReductionRow {
  readonly key: 'canonical' | 'raw';
  readonly states: number;
  readonly plainTransitions: number;
  readonly plainCpuMs: number;
  readonly reducedTransitions: number;
  readonly slept: number;
  readonly reducedCpuMs: number;
  /** Both searches kept the same number of states at every level. */
  readonly sameStates: boolean;
}

export interface ReductionBench {
  readonly depth: number;
  readonly rows: readonly ReductionRow[];
}

function once(key: 'canonical' | 'raw', depth: number, reduce: boolean) {
  collectGarbage();
  return timed(() =>
    exhaustive('relink', depth, RELINK_ALPHABET, { key, ...(reduce ? { reduction: 'sleep-sets' as const } : {}) }),
  );
}

/** Plain and reduced interleaved, the lesser CPU of two rounds each (neighbours inflate, never deflate, CPU time). */
export function benchSleepSets(depth: number): ReductionBench {
  const rows = (['canonical', 'raw'] as const).map((key): ReductionRow => {
    const [p1, r1, p2, r2] = [
      once(key, depth, false),
      once(key, depth, true),
      once(key, depth, false),
      once(key, depth, true),
    ];
    const plain = [p1, p2];
    const reduced = [r1, r2];
    const p = plain[0]?.value;
    const r = reduced[0]?.value;
    if (p === undefined || r === undefined) throw new Error('no search ran');
    return {
      key,
      states: p.distinctStates,
      plainTransitions: p.transitions,
      plainCpuMs: Math.min(...plain.map((t) => t.cpuMs)),
      reducedTransitions: r.transitions,
      slept: r.slept ?? 0,
      reducedCpuMs: Math.min(...reduced.map((t) => t.cpuMs)),
      sameStates:
        r.distinctStates === p.distinctStates && JSON.stringify(r.statesPerLevel) === JSON.stringify(p.statesPerLevel),
    };
  });
  return { depth, rows };
}
