// The footprints the partial-order reduction decides independence by (src/ops/run/footprint.ts):
// two calls whose footprints do not meet commute. Over every pair of ops from every state of the
// first levels, under the series and under seeded bugs: the two orders end in the same world, and
// each call gives the same answer after the other as before it.
import { describe, expect, it } from 'vitest';
import { rawStateKey } from '../../src/checker/canonical.js';
import { RELINK_ALPHABET, startWorld, type Op } from '../../src/checker/relink-alphabet.js';
import { SECURITY_ALPHABET, SECURITY_STARTS, securityStartWorld } from '../../src/checker/security-alphabet.js';
import { applyOpTraced } from '../../src/checker/search/apply-op.js';
import { cowStep } from '../../src/ops/run/cow.js';
import { dependent, EVERYTHING, type Footprint } from '../../src/ops/run/footprint.js';
import type { World } from '../../src/model/world.js';

type Answer = { world: World; result: string } | null;

function answer(w: World, op: Op): Answer {
  if (op.when !== undefined && !op.when(w)) return null;
  try {
    const out = cowStep(w, op.pid, op.sc);
    return { world: out.world, result: JSON.stringify(out.result) };
  } catch {
    return null;
  }
}

/** The distinct states (raw keys) of the first `depth` levels. */
function states(start: World, alphabet: readonly Op[], depth: number): World[] {
  const seen = new Map<string, World>([[rawStateKey(start), start]]);
  let level = [start];
  for (let d = 0; d < depth; d++) {
    const next: World[] = [];
    for (const w of level)
      for (const op of alphabet) {
        const a = answer(w, op);
        if (a === null) continue;
        const k = rawStateKey(a.world);
        if (seen.has(k)) continue;
        seen.set(k, a.world);
        next.push(a.world);
      }
    level = next;
  }
  return [...seen.values()];
}

interface Tally {
  pairs: number;
  independent: number;
  broken: string[];
}

/** Checks every independent pair at every state; `weaken` alters footprints first (to show the check can fail). */
function commuteCheck(worlds: World[], alphabet: readonly Op[], weaken = (f: Footprint): Footprint => f): Tally {
  const t: Tally = { pairs: 0, independent: 0, broken: [] };
  for (const p of worlds) {
    const fps = alphabet.map((op) => weaken(applyOpTraced(p, op, true).footprint));
    for (let i = 0; i < alphabet.length; i++)
      for (let j = i + 1; j < alphabet.length; j++) {
        t.pairs++;
        const [a, b, fa, fb] = [alphabet[i], alphabet[j], fps[i], fps[j]];
        if (a === undefined || b === undefined || fa === undefined || fb === undefined || dependent(fa, fb)) continue;
        t.independent++;
        const pa = answer(p, a);
        const pb = answer(p, b);
        const pab = pa === null ? null : answer(pa.world, b);
        const pba = pb === null ? null : answer(pb.world, a);
        const same =
          (pab === null) === (pb === null) &&
          (pba === null) === (pa === null) &&
          pab?.result === pb?.result &&
          pba?.result === pa?.result &&
          rawStateKey(pab?.world ?? pb?.world ?? p) === rawStateKey(pba?.world ?? pa?.world ?? p);
        if (!same) t.broken.push(`${a.label} / ${b.label} from ${rawStateKey(p).slice(0, 12)}`);
      }
  }
  return t;
}

describe('footprints decide independence soundly', () => {
  for (const kernel of ['relink', 'relink-keeps-orphan', 'fifo-relink-drops-buffer', 'mainline']) {
    it(`calls whose footprints do not meet commute, three levels deep (${kernel})`, () => {
      const t = commuteCheck(states(startWorld(kernel), RELINK_ALPHABET, 3), RELINK_ALPHABET);
      expect(t.broken).toEqual([]);
      // Not vacuous: many pairs are independent.
      expect(t.independent).toBeGreaterThan(t.pairs / 10);
    });
  }

  it('the security alphabet: independent calls commute, and an op that looks before its call is dependent', () => {
    const start = SECURITY_STARTS[1];
    if (start === undefined) throw new Error('no careless start');
    const worlds = states(securityStartWorld('relink', start), SECURITY_ALPHABET, 2);
    const t = commuteCheck(worlds, SECURITY_ALPHABET);
    expect(t.broken).toEqual([]);
    expect(t.independent).toBeGreaterThan(0);
    const looking = SECURITY_ALPHABET.find((op) => op.when !== undefined);
    expect(looking).toBeDefined();
    if (looking !== undefined) expect(applyOpTraced(worlds[0] as World, looking, true).footprint).toBe(EVERYTHING);
  });

  it('footprints without their reads would call dependent calls independent (the check can fail)', () => {
    const t = commuteCheck(states(startWorld('relink'), RELINK_ALPHABET, 2), RELINK_ALPHABET, (f) =>
      f === EVERYTHING ? f : { reads: new Set(), writes: f.writes },
    );
    expect(t.broken.length).toBeGreaterThan(0);
  });

  it('a task whose pid lies past 2^32 - 1 is still seen: its fork and its calls are dependent', () => {
    const pid = 2 ** 32;
    const fork: Op = { label: `fork ${pid}`, pid: 1, sc: { call: 'fork', child: pid } };
    const close: Op = { label: `close 0 by ${pid}`, pid, sc: { call: 'close', fd: 0 } };
    const w = startWorld('relink');
    const a = applyOpTraced(w, fork, true).footprint;
    const b = applyOpTraced(w, close, true).footprint;
    expect(dependent(a, b)).toBe(true);
  });
});
