// `relinklab playground -o DIR`: the site written and said in one line (or JSON); a folder that
// cannot be written, or no -o, is bad input in one line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'relinklab-cli-playground-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('relinklab playground', () => {
  it('writes the site and says what it holds as JSON', async () => {
    const io = capture();
    expect(await main(['playground', '-o', join(dir, 'site'), '--json'], io)).toBe(0);
    const said = JSON.parse(io.outs.join('')) as { out: string; packages: string[]; scenarios: number };
    expect(said.out).toBe(join(dir, 'site'));
    expect(said.packages.sort()).toEqual(['@viz-js/viz', 'immer']);
    expect(said.scenarios).toBeGreaterThan(10);
    expect(readFileSync(join(dir, 'site', 'index.html'), 'utf8')).toContain('<script type="module" src="app.js">');
  });

  it('exits 2 with one line when the folder cannot be made', async () => {
    const io = capture();
    expect(await main(['playground', '-o', '/dev/null/site'], io)).toBe(2);
    expect(io.errs.join('\n')).toBe('/dev/null/site: cannot write: ENOTDIR');
  });

  it('exits 2 without -o', async () => {
    const io = capture();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await main(['playground'], io)).toBe(2);
    vi.restoreAllMocks();
  });

  it('has --help with --json and an example', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await main(['playground', '--help'], capture())).toBe(0);
    const text = log.mock.calls.map((c) => String(c[0])).join('\n');
    vi.restoreAllMocks();
    expect(text).toContain('--json');
    expect(text).toMatch(/Examples:\n\s+relinklab playground -o lab/);
  });
});
