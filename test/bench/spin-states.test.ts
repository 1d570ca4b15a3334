// SPIN's state space is relinklab's: both write every transition in one text form
// (bench/spin-form.ts, bench/spin/dump.pml), and the states each level reaches and the transitions
// are the same sets. Depth 4 here; `npm run bench` compares depth 6 (bench/spin-states.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithSpin, type SpinStateComparison } from '../../bench/spin-states.js';
import { runSpin, spinAvailable, SPIN_MODEL } from '../../bench/spin.js';
import { exhaustive } from '../../src/checker/search/explore.js';
import { RELINK_ALPHABET } from '../../src/checker/relink-alphabet.js';

const DEPTH = 4;

describe(`SPIN and relinklab to depth ${DEPTH}, through the mapping`, () => {
  let c: SpinStateComparison;
  beforeAll(() => {
    expect(spinAvailable(), 'spin and gcc are missing: run scripts/install-deps.sh bench').toBe(true);
    c = compareWithSpin(DEPTH);
  }, 60_000);

  it('reach the same states at every level', () => {
    expect(c.levels.map((l) => l.level)).toEqual([0, 1, 2, 3, 4]);
    expect(c.levels.map((l) => l.relinklab)).toEqual([1, 5, 24, 139, 775]);
    for (const l of c.levels) expect(l, `level ${l.level}`).toMatchObject({ spin: l.relinklab, equal: true });
  });

  it('take the same transitions: every operation from every state of the levels before the last', () => {
    const expanded = c.levels.slice(0, -1).reduce((n, l) => n + l.relinklab, 0);
    expect(c.relinklabTransitions).toBe(RELINK_ALPHABET.length * expanded);
    expect(c.spinTransitions).toBe(c.relinklabTransitions);
    expect(c.transitionsEqual).toBe(true);
  });

  it("write SPIN's states as pan stored them, and relinklab's without merging two raw states", () => {
    expect(c.spinReached).toBe(c.spinStored);
    expect(c.formStates).toBe(c.rawStates);
  });
});

describe("pan's transitions line", () => {
  it('is the executed steps plus the start state plus one cut per state of the last level', () => {
    const spin = runSpin(SPIN_MODEL, DEPTH, false);
    const ours = exhaustive('relink', DEPTH, RELINK_ALPHABET, { key: 'raw' });
    expect(spin.transitions).toBe(ours.transitions);
    expect(spin.lastLevel).toBe(ours.statesPerLevel[DEPTH]);
    expect(spin.panTransitions).toBe(spin.transitions + 1 + spin.lastLevel);
  }, 60_000);
});
