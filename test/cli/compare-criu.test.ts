// relinklab compare --criu's report, on the recorded run: a table per scenario and strategy, and
// each difference on its own line with the scenario line and criu's errors.
import { describe, expect, it } from 'vitest';
import { criuReport } from '../../src/cli/compare-criu.js';
import { recordedCriuRun } from '../helpers/criu-recorded.js';

describe('compare --criu', () => {
  const results = recordedCriuRun();
  const alias = results.filter((r) => r.scenario.file.endsWith('/scenarios/alias.yaml'));

  it("shows CRIU's dump and restore beside the model's, the ghost files and the calls compared", () => {
    const { lines } = criuReport(alias);
    expect(lines).toContain('| copy | fail (model ok) | not run (model ok) | 0 | 7/14 | 1 |');
    expect(lines).toContain('| link-remap | ok (model ok) | ok (model ok) | 0 | 14/14 | 0 |');
  });

  it("names the scenario line of a dump that differs, with criu's own error", () => {
    const { lines, agreed } = criuReport(alias);
    expect(agreed).toBe(false);
    const at = lines.findIndex((l) => /alias\.yaml:16: copy: criu dump fail; the model's ok$/.test(l));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/criu: Error \(criu\/files-reg\.c:1042\): Can't create link remap/);
  });

  it('agrees where every answer and outcome agreed', () => {
    const orphan = results.filter((r) => r.scenario.file.endsWith('/scenarios/orphan.yaml'));
    expect(criuReport(orphan).agreed).toBe(true);
  });
});
