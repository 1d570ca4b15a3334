// relinklab compare --criu's relink row: relink + CRIU on the patched 6.1 beside the model's relink
// strategy, on the recorded run (test/criu/consoles/scenarios-criu-*.log), and the row that says
// why a scenario without relink= at its checkpoint is not run that way.
import { describe, expect, it } from 'vitest';
import { criuReport } from '../../src/cli/compare-criu.js';
import { criuRefusal } from '../../src/crosscheck/criu-expressible.js';
import { recordedCriuRun } from '../helpers/criu-recorded.js';

describe('compare --criu, relink', () => {
  const results = recordedCriuRun('criu');
  const pick = (name: string): typeof results => results.filter((r) => r.scenario.file.endsWith(name));

  it("shows relink + CRIU's dump and restore beside the model's relink strategy", () => {
    const { lines, agreed } = criuReport(pick('/scenarios/orphan.yaml'));
    expect(lines).toContain('| relink | ok (model ok) | ok (model ok) | 0 | 11/11 | 0 |');
    expect(agreed).toBe(true);
  });

  it('agrees on relink_dir listed between dump and restore: criu-relink names the file as the model does', () => {
    const { lines, agreed } = criuReport(pick('/scenarios/hardlinks.yaml'));
    expect(lines).toContain('| relink | ok (model ok) | ok (model ok) | 0 | 16/16 | 0 |');
    expect(agreed).toBe(true);
  });

  it("names the scenario line of a restore that differs, with criu's own error", () => {
    const { lines, agreed } = criuReport(pick('/scenarios/cr/removed-same-name.yaml'));
    expect(agreed).toBe(false);
    const at = lines.findIndex((l) => /removed-same-name\.yaml:17: relink: criu restore fail; the model's ok$/.test(l));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toMatch(/criu: \d+: Error \(criu\/files-reg\.c:2203\): File mnt\/5\/d has bad mode/);
  });

  it('says why relink + CRIU does not run a scenario whose checkpoint has no relink=', () => {
    const [ghost] = recordedCriuRun('debian').filter((r) => r.scenario.file.endsWith('/two-opens-one-ghost.yaml'));
    if (ghost === undefined) throw new Error('no two-opens-one-ghost.yaml in the recorded run');
    const relinkRefused = criuRefusal(ghost.scenario, 'criu');
    expect(relinkRefused?.why).toBe('the model refuses the relink checkpoint (EOPNOTSUPP)');
    const { lines } = criuReport([{ ...ghost, relinkRefused }]);
    expect(lines).toContain(
      '| relink | not run: line 16: the model refuses the relink checkpoint (EOPNOTSUPP) | | | | |',
    );
  });
});
