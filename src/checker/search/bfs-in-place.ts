/**
 * The exhaustive search with `step: 'in-place'` (bfs.ts): the same breadth-first search, frontier
 * of paths (path-queue.ts) and order, on one mutable world with an undo log instead of a world per
 * state (in-place-expander.ts). A level's states are reached in path order, each from the last by
 * undoing back to their common prefix and applying the rest, so no world is copied per state; each
 * op is applied, checked, fingerprinted and undone. Its answer is the copy-on-write search's, field
 * by field (test/checker/inplace-search.test.ts).
 */
import type { World } from '../../model/world.js';
import { ModelBug } from '../../model/errors.js';
import type { Op } from '../relink-alphabet.js';
import type { Counterexample, ExhaustiveOptions, ExhaustiveStats } from './bfs.js';
import { FingerprintSet } from './fingerprint-set.js';
import { InPlaceExpander } from './in-place-expander.js';
import { PathQueue } from './path-queue.js';
import { UndoWorld } from './undo-world.js';
import { CpuDeadline, searchStats } from './search-stats.js';

/** The search in place from `start`; the options as exhaustive's (no reduction). */
export function exhaustiveInPlace(
  start: World,
  depth: number,
  alphabet: readonly Op[],
  o: ExhaustiveOptions,
): ExhaustiveStats {
  if (o.reduction === 'sleep-sets') throw new ModelBug('the search in place has no sleep sets');
  const x = new InPlaceExpander(new UndoWorld(start), alphabet, o.key === 'raw' ? 'raw' : 'canonical');
  return searchInPlace(x, depth, o);
}

/** The search on `x`'s world, which it leaves at its start (every call undone). */
export function searchInPlace(x: InPlaceExpander, depth: number, o: ExhaustiveOptions): ExhaustiveStats {
  const t0 = performance.now();
  const deadline = new CpuDeadline(o.maxMillis);
  const width = x.alphabet.length;
  const seen = new FingerprintSet();
  seen.add(x.fingerprint());
  let frontier = PathQueue.start();
  let transitions = 0;
  let stored = seen.bytes;
  let spilled = 0;
  const perLevel: number[] = [1];
  const stats = (
    d: number,
    next: PathQueue,
    queue: number,
    counterexample: Counterexample | null,
    capped: boolean,
  ): ExhaustiveStats => {
    spilled += next.spilledBytes + frontier.spilledBytes;
    frontier.dispose();
    next.dispose();
    x.goTo([]);
    return searchStats({
      depth: d,
      seen,
      transitions,
      perLevel,
      next,
      queue,
      t0,
      storedBytes: stored,
      spilledBytes: spilled,
      rederived: x.steps,
      counterexample,
      capped,
    });
  };
  for (let d = 1; d <= depth && frontier.size > 0; d++) {
    const next = new PathQueue(d, o.spillBytes ?? 256 * 2 ** 20);
    let n = 0;
    for (const path of frontier.paths()) {
      if (deadline.passed(n)) return stats(d, next, frontier.size - n + next.size, null, true);
      x.goTo(path);
      for (let i = 0; i < width; i++) {
        const r = x.tryOp(i);
        if (r === null) continue;
        transitions++;
        if (o.onProgress !== undefined && transitions % 256 === 0)
          o.onProgress({
            kind: 'exhaustive',
            level: d,
            distinct: seen.size,
            transitions,
            queue: frontier.size - n - 1 + next.size,
          });
        if (r.violations.length > 0) {
          const ops = [...path, i].map((j) => x.alphabet[j]).filter((op): op is Op => op !== undefined);
          return stats(d, next, frontier.size - n - 1 + next.size, { ops, violations: r.violations }, false);
        }
        if (r.fingerprint === null || !seen.add(r.fingerprint)) continue;
        next.push(path, i);
      }
      n++;
      stored = Math.max(stored, seen.bytes + frontier.memoryBytes + next.memoryBytes);
    }
    spilled += frontier.spilledBytes;
    frontier.dispose();
    perLevel.push(next.size);
    frontier = next;
  }
  return stats(depth, PathQueue.start(), frontier.size, null, false);
}
