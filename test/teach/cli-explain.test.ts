// relinklab explain: every bundled scenario explains; --json gives the steps and changes as data.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture, SCENARIOS, scenarioPath } from './helpers.js';

describe('relinklab explain', () => {
  for (const f of SCENARIOS) {
    it(`explains every step of ${f} and exits 0`, async () => {
      const io = capture();
      expect(await main(['explain', scenarioPath(f)], io)).toBe(0);
      expect(io.errs).toEqual([]);
      const numbered = io.outs.filter((l) => /^\d+\. /.test(l));
      expect(numbered.length).toBeGreaterThan(0);
    });
  }

  it('prints the steps and their typed changes as JSON with --json', async () => {
    const io = capture();
    expect(await main(['explain', scenarioPath('orphan.yaml'), '--json'], io)).toBe(0);
    const r = JSON.parse(io.outs.join('')) as { steps: { title: string; changes: { kind: string }[] }[] };
    const unlink = r.steps.find((s) => s.title === 'pid 2: unlink("/log")');
    expect(unlink?.changes.map((c) => c.kind)).toEqual(expect.arrayContaining(['name', 'count', 'orphan']));
  });

  it('exits 2 with one line naming the file when the scenario is missing, and prints nothing else', async () => {
    const io = capture();
    expect(await main(['explain', 'no/such.yaml'], io)).toBe(2);
    expect(io.errs).toEqual(['no/such.yaml: cannot read: ENOENT']);
    expect(io.outs).toEqual([]);
  });
});
