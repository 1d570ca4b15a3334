// contentsChangeOnlyThroughData compares a file's extents by their JSON texts; its quick way (the
// same fields in the same order with the same values) says "the same" exactly when the texts are
// the same: on copies, edits, reordered fields, -0, NaN and arrays of other lengths.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameExtents } from '../../src/invariants/contents-frame.js';
import type { Extent } from '../../src/model/inode.js';

const num = fc.oneof(fc.integer({ min: -2, max: 40 }), fc.constantFrom(-0, Number.NaN, 0.5));
const extent: fc.Arbitrary<Extent> = fc.oneof(
  fc.record({ off: num, bytes: fc.constantFrom('', 'x', 'xy', 'y') }),
  fc.record({ off: num, zeros: num }),
);

/** A copy of `xs` with an edit: none, a field changed, the fields reordered, one dropped or added. */
function edited(xs: readonly Extent[], how: number, at: number): Extent[] {
  const out = xs.map((e) => ({ ...e }));
  const i = out.length === 0 ? 0 : at % out.length;
  const e = out[i];
  if (how === 1 && e !== undefined) out[i] = { ...e, off: e.off + 1 };
  if (how === 2 && e !== undefined) out[i] = Object.fromEntries(Object.entries(e).reverse()) as unknown as Extent;
  if (how === 3) out.splice(i, 1);
  if (how === 4) out.push({ off: 0, bytes: 'x' });
  if (how === 5 && e !== undefined) out[i] = { ...e, off: e.off === 0 ? -0 : e.off };
  return out;
}

describe('sameExtents', () => {
  it('is the comparison of the JSON texts', () => {
    let same = 0;
    fc.assert(
      fc.property(fc.array(extent, { maxLength: 4 }), fc.nat({ max: 5 }), fc.nat(), (xs, how, at) => {
        const ys = edited(xs, how, at);
        const want = JSON.stringify(xs) === JSON.stringify(ys);
        if (want) same++;
        expect(sameExtents(xs, ys)).toBe(want);
        expect(sameExtents(ys, xs)).toBe(want);
      }),
      { numRuns: 3000, seed: 1618 },
    );
    // Both answers met often.
    expect(same).toBeGreaterThan(500);
    expect(same).toBeLessThan(2500);
  });
});
