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
    expect(lines).toContain('| copy | fail (model EOPNOTSUPP) | not run (model not reached) | 0 | 7/7 | 0 |');
    expect(lines).toContain('| link-remap | ok (model ok) | ok (model ok) | 0 | 14/14 | 0 |');
  });

  it("names the scenario line of a restore that differs, with criu's own error", () => {
    const removed = results.filter((r) => r.scenario.file.endsWith('/scenarios/cr/removed-same-name.yaml'));
    const { lines, agreed } = criuReport(removed);
    expect(agreed).toBe(false);
    const at = lines.findIndex((l) => /removed-same-name\.yaml:17: copy: criu restore fail; the model's ok$/.test(l));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/criu: \d+: Error \(criu\/files-reg\.c:2203\): File mnt\/15\/d has bad mode/);
  });

  it('agrees where every answer and outcome agreed, a dump both refuse among them', () => {
    const orphan = results.filter((r) => r.scenario.file.endsWith('/scenarios/orphan.yaml'));
    expect(criuReport(orphan).agreed).toBe(true);
    expect(criuReport(alias).agreed).toBe(true);
  });
});
