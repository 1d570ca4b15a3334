// The credential scenarios (scenarios/creds/*.yaml) are specifications: every step must go as
// written, on the kernel and with the sysctls each names.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';

const DIR = join(import.meta.dirname, '..', '..', 'scenarios', 'creds');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

describe('scenarios/creds', () => {
  it.each(FILES)('%s runs with every step as the kernel answered', (f) => {
    const r = runScenario(readScenario(join(DIR, f)));
    expect(r.steps.filter((s) => !s.ok).map((s) => `${s.line}: ${s.what} -> ${s.detail}`)).toEqual([]);
  });

  it('flink-6.10.yaml fails on 6.1, whose AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH', () => {
    const sc = readScenario(join(DIR, 'flink-6.10.yaml'));
    expect(runScenario({ ...sc, kernel: 'mainline' }).failures).toBeGreaterThan(0);
  });
});
