// relinklab explain: every bundled scenario explains; --json gives the steps and changes as data.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('explains only step N with --step N', async () => {
    const io = capture();
    expect(await main(['explain', scenarioPath('orphan.yaml'), '--step', '6'], io)).toBe(0);
    expect(io.outs.filter((l) => /^\d+\. /.test(l))).toEqual([
      `6. ${scenarioPath('orphan.yaml')}:11: pid 2: unlink("/log") = 0`,
    ]);
  });

  it('names a call as strace prints it, then its result', async () => {
    const io = capture();
    expect(await main(['explain', scenarioPath('orphan.yaml'), '--step', '4'], io)).toBe(0);
    expect(io.outs.filter((l) => /^\d+\. /.test(l))).toEqual([
      `4. ${scenarioPath('orphan.yaml')}:9: pid 2: open("/log", O_RDWR|O_CREAT|O_APPEND, 0600) = 3`,
    ]);
  });

  it('exits 2 for --step 0, which is no step but the booted machine', async () => {
    const io = capture();
    expect(await main(['explain', scenarioPath('orphan.yaml'), '--step', '0'], io)).toBe(2);
    expect(io.errs).toEqual([
      `${scenarioPath('orphan.yaml')}:19: --step must be an integer from 1 to 14 (the last step), got "0"`,
    ]);
    expect(io.outs).toEqual([]);
  });

  it('exits 2 with one line naming the file when the scenario is missing, and prints nothing else', async () => {
    const io = capture();
    expect(await main(['explain', 'no/such.yaml'], io)).toBe(2);
    expect(io.errs).toEqual(['no/such.yaml: cannot read: ENOENT']);
    expect(io.outs).toEqual([]);
  });
});

describe('relinklab explain on a scenario whose expectation fails', () => {
  const failing = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'relinklab-explain-'));
    const file = join(dir, 'alias-wrong.yaml');
    const text = readFileSync(scenarioPath('alias.yaml'), 'utf8');
    writeFileSync(file, text.replace('data: "abXYef"', 'data: "zzzzzz"'));
    return file;
  };

  it('narrates every step, marks the failed one, and exits 1 with one line naming it', async () => {
    const file = failing();
    const io = capture();
    expect(await main(['explain', file], io)).toBe(1);
    expect(io.outs.filter((l) => /^\d+\. /.test(l))).toHaveLength(15);
    expect(io.outs.some((l) => l.startsWith('15. ') && l.includes('NOT as the scenario expected'))).toBe(true);
    expect(io.errs).toEqual([`${file}: 1 step(s) not as the scenario expected: 15`]);
  });

  it('exits 0 for --step N when step N went as expected', async () => {
    const io = capture();
    expect(await main(['explain', failing(), '--step', '3'], io)).toBe(0);
    expect(io.errs).toEqual([]);
  });
});
