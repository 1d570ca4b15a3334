// `relinklab check --mode races`: the schedule on stdout, the counterexample as a scenario file.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

function capture(): Io & { outs: string[] } {
  const outs: string[] = [];
  return { outs, out: (s) => outs.push(s), err: (s) => outs.push(s), isTTY: false };
}

const tmp = mkdtempSync(join(tmpdir(), 'relinklab-races-'));

describe('relinklab check --mode races', () => {
  it('exits 1, prints the schedule and writes a scenario that run replays', async () => {
    const out = join(tmp, 'cx.yaml');
    const io = capture();
    expect(await main(['check', '--mode', 'races', '--kernel', 'relink-missing-lock', '--out', out], io)).toBe(1);
    expect(io.outs.join('\n')).toContain('task 1: rmdir("/ckpt") · lock_parent');
    const replay = capture();
    expect(await main(['run', out], replay)).toBe(1);
    expect(readFileSync(out, 'utf8')).toContain('resume: link');
  });

  it('says how many schedules the bound cut, so that a bounded "no violation" is not read as a clean bill', async () => {
    const out = join(tmp, 'cut.yaml');
    const io = capture();
    const argv = ['check', '--mode', 'races', '--kernel', 'relink-mount-holds-s-umount', '--depth', '5', '--runs', '1'];
    expect(await main([...argv, '--out', out], io)).toBe(0);
    expect(io.outs.join('\n')).toMatch(/races: [1-9][0-9]* of the schedules stopped at 5 steps with steps left/);
  });

  it('runs every race program to its end when no --depth is given', async () => {
    const io = capture();
    const argv = ['check', '--mode', 'races', '--runs', '1', '--json', '--out', join(tmp, 'default.yaml')];
    expect(await main(argv, io)).toBe(0);
    const r = JSON.parse(io.outs.join('')) as { bound: number; cut: number };
    expect(r).toMatchObject({ bound: 12, cut: 0 });
  });

  it('exits 0 for the correct variant and reports schedules, states and the random runs in JSON', async () => {
    const out = join(tmp, 'none.yaml');
    const io = capture();
    const argv = ['check', '--mode', 'races', '--depth', '12', '--runs', '20', '--json', '--out', out];
    expect(await main(argv, io)).toBe(0);
    const r = JSON.parse(io.outs.join('')) as {
      schedules: number;
      states: number;
      cut: number;
      random: { runs: number };
    };
    expect(r.schedules).toBeGreaterThan(0);
    expect(r.cut).toBe(0);
    expect(r.states).toBeGreaterThan(r.schedules);
    expect(r.random.runs).toBe(20);
    expect(existsSync(out)).toBe(false);
  });
});
