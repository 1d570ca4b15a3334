// The narration reads each step's immer patches; they must name exactly what comparing the worlds finds.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScenario } from '../../src/scenario/parse.js';
import { diffFromPatches, diffWorlds } from '../../src/teach/diff.js';
import { buildTimeline } from '../../src/teach/timeline.js';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));

describe('a step diff from immer patches', () => {
  for (const file of files) {
    it(`equals the world comparison at every step of ${file}`, () => {
      const t = buildTimeline(readScenario(`scenarios/${file}`));
      for (const f of t.frames) {
        if (f.patches === null) continue;
        expect(diffFromPatches(f.before.world, f.after.world, f.patches)).toEqual(
          diffWorlds(f.before.world, f.after.world),
        );
      }
    });
  }

  it('has patches for every step but a backup', () => {
    const t = buildTimeline(readScenario('scenarios/alias.yaml'));
    expect(t.frames.filter((f) => f.patches === null).map((f) => f.step.kind)).toEqual(['backup']);
  });
});
