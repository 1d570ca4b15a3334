// Worlds a few ops from a start, and how a key groups them: what the fingerprint tests compare
// (a fingerprint must group worlds exactly as the text key it stands for).
import { applyOp } from '../../src/checker/search/explore.js';
import type { Op } from '../../src/checker/relink-alphabet.js';
import type { World } from '../../src/model/world.js';

/** Every world of every op sequence up to `depth` long, as the explorers' step makes them (no state merged). */
export function allWorlds(start: World, alphabet: readonly Op[], depth: number): World[] {
  let level: World[] = [start];
  const out: World[] = [...level];
  for (let d = 1; d <= depth; d++) {
    const next: World[] = [];
    for (const w of level)
      for (const op of alphabet) {
        const r = applyOp(w, op);
        if (r !== null && r.world !== w) next.push(r.world);
      }
    out.push(...next);
    level = next;
  }
  return out;
}

/** Each world's group under `key`, named by the index of its group's first world. */
export const partitionBy = (worlds: World[], key: (w: World) => string): string[] => {
  const firstOf = new Map<string, number>();
  return worlds.map((w, i) => {
    const k = key(w);
    if (!firstOf.has(k)) firstOf.set(k, i);
    return String(firstOf.get(k));
  });
};
