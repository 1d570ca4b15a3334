// The Promela model has relinklab's seeded bugs and laws: each bug this alphabet reaches is found
// by SPIN at the same first depth, by the same law, with the same steps as relinklab's exhaustive
// search; the others leave the alphabet's transitions exactly as the correct series has them.
import { afterAll, describe, expect, it } from 'vitest';
import { relinklabTransitions } from '../../bench/spin-states.js';
import { bugMacro, SPIN_BUGS, spinAvailable, spinFinds, SPIN_MODEL } from '../../bench/spin.js';
import { exhaustive } from '../../src/checker/search/explore.js';
import { RELINK_ALPHABET } from '../../src/checker/relink-alphabet.js';
import { SEEDED_BUGS, type SeededBug } from '../../src/model/kernel.js';

const DEPTH = 5;

interface Finding {
  readonly law: string;
  readonly steps: number;
  readonly ops: readonly string[];
}

const label = (i: number): string => RELINK_ALPHABET[i]?.label ?? `op ${i}?`;
const cell = (f: Finding | null): string => (f === null ? 'none' : `${f.steps} steps, ${f.law}`);

function relinklabFinds(kernel: string): Finding | null {
  const cx = exhaustive(kernel, DEPTH).counterexample;
  const law = cx?.violations[0]?.invariant;
  return cx === null || law === undefined ? null : { law, steps: cx.ops.length, ops: cx.ops.map((o) => o.label) };
}

function spinFinding(bug: SeededBug): Finding | null {
  const f = spinFinds(bug, DEPTH);
  return f === null ? null : { law: f.law, steps: f.ops.length, ops: f.ops.map(label) };
}

describe(`the seeded bugs, exhaustive to depth ${DEPTH}`, () => {
  const rows: { bug: SeededBug; relinklab: Finding | null; spin: Finding | null }[] = [];
  afterAll(() => {
    console.log(
      [
        `| seeded bug (${SPIN_MODEL} switch) | relinklab | SPIN |`,
        '| --- | --- | --- |',
        ...rows.map((r) => `| ${r.bug} (${bugMacro(r.bug)}) | ${cell(r.relinklab)} | ${cell(r.spin)} |`),
      ].join('\n'),
    );
  });

  it.each(SPIN_BUGS)('%s is found by SPIN as by relinklab: same depth, same law, same steps', (bug) => {
    expect(spinAvailable(), 'spin and gcc are missing: run scripts/install-deps.sh bench').toBe(true);
    const row = { bug, relinklab: relinklabFinds(bug), spin: spinFinding(bug) };
    rows.push(row);
    expect(row.relinklab).not.toBeNull();
    expect(row.spin).toEqual(row.relinklab);
  });

  it('are none in the correct series, on either side', () => {
    expect(spinFinds(null, DEPTH)).toBeNull();
    expect(relinklabFinds('relink')).toBeNull();
  });

  it('that have no switch in the model change no transition of the alphabet', () => {
    const others = SEEDED_BUGS.filter((b) => !SPIN_BUGS.includes(b));
    expect(others).toHaveLength(SEEDED_BUGS.length - SPIN_BUGS.length);
    const correct = relinklabTransitions('relink', 3).lines;
    for (const bug of others) expect(relinklabTransitions(bug, 3).lines, bug).toEqual(correct);
  });
});
