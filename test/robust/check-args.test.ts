// relinklab check refuses bad arguments before it searches: exit 2 and one line.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../helpers/io.js';

const dir = mkdtempSync(join(tmpdir(), 'relinklab-check-args-'));

async function badInput(...argv: string[]): Promise<string> {
  const io = capture();
  expect(await main(['check', ...argv], io)).toBe(2);
  expect(io.outs).toEqual([]);
  expect(io.errs).toHaveLength(1);
  return io.errs[0] ?? '';
}

describe('check arguments', () => {
  it('--seed that is not an integer is bad input, not a run with seed NaN', async () => {
    expect(await badInput('--mode', 'random', '--seed', 'abc')).toMatch(/--seed/);
    expect(await badInput('--mode', 'random', '--seed', '1.5')).toMatch(/--seed/);
  });

  it('--out naming a directory is refused before the search', async () => {
    expect(await badInput('--depth', '2', '--out', dir)).toMatch(/--out: .*is a directory/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--out-shard naming a directory is refused before the search', async () => {
    expect(await badInput('--depth', '2', '--shard', '1/2', '--out-shard', dir)).toMatch(
      /--out-shard: .*is a directory/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
