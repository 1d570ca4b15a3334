// The swarm mode: many short random searches, each with its own seed and part of the relink
// alphabet, within --runs sequences of up to --depth steps, reproducible from --seed.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNS_PER_SEARCH, swarm, swarmSearches } from '../../src/checker/modes/swarm.js';
import { RELINK_ALPHABET } from '../../src/checker/relink-alphabet.js';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

function capture(): Io & { outs: string[] } {
  const outs: string[] = [];
  return { outs, out: (s) => outs.push(s), err: (s) => outs.push(s), isTTY: false };
}

const tmp = mkdtempSync(join(tmpdir(), 'relinklab-swarm-'));

describe('swarm', () => {
  it('finds relink-keeps-orphan through orphanListIsExact, shrunk to open, unlink, relink', () => {
    const r = swarm('relink-keeps-orphan', 2000, 12, 1);
    expect(r.counterexample?.violations.map((v) => v.invariant)).toContain('orphanListIsExact');
    expect(r.counterexample?.ops.map((op) => op.label)).toEqual(['open /a', 'unlink /a', 'relink fd 3 as /ckpt/r']);
  });

  it('finds it with operations of the search that failed only', () => {
    const r = swarm('relink-keeps-orphan', 2000, 12, 7);
    const labels = r.finder?.alphabet.map((op) => op.label) ?? [];
    expect(r.counterexample).not.toBeNull();
    for (const op of r.counterexample?.ops ?? []) expect(labels).toContain(op.label);
  });

  it('gives the same searches, counterexample and search that found it for the same seed', () => {
    const a = swarm('relink-keeps-orphan', 2000, 12, 7);
    const b = swarm('relink-keeps-orphan', 2000, 12, 7);
    expect(b.counterexample).toEqual(a.counterexample);
    expect(b.finder).toEqual(a.finder);
    expect(b.runs).toBe(a.runs);
  });

  it('draws other searches from another seed', () => {
    const parts = (seed: number) => swarmSearches(2000, seed).map((s) => s.alphabet.map((op) => op.label));
    expect(parts(2)).not.toEqual(parts(1));
  });

  it('gives each search its own seed and a part of the alphabet that is never empty and rarely whole', () => {
    const searches = swarmSearches(2000, 424242);
    expect(new Set(searches.map((s) => s.seed)).size).toBe(searches.length);
    for (const s of searches) expect(s.alphabet.length).toBeGreaterThan(0);
    const whole = searches.filter((s) => s.alphabet.length === RELINK_ALPHABET.length);
    expect(whole.length).toBeLessThan(searches.length / 10);
  });

  it('shares --runs between its searches, the last one taking what is left', () => {
    expect(swarmSearches(120, 1).map((s) => s.runs)).toEqual([RUNS_PER_SEARCH, RUNS_PER_SEARCH, 20]);
  });

  it('runs exactly --runs sequences when it finds nothing', () => {
    const r = swarm('relink', 500, 12, 424242);
    expect(r.counterexample).toBeNull();
    expect(r.runs).toBe(500);
    expect(r.ran).toBe(r.searches);
  });

  it('runs sequences of at most --depth steps: a 3-step bug it finds at 12 is out of reach at 2', () => {
    expect(swarm('relink-keeps-orphan', 2000, 12, 1).counterexample).not.toBeNull();
    const short = swarm('relink-keeps-orphan', 2000, 2, 1);
    expect(short.counterexample).toBeNull();
    expect(short.runs).toBe(2000);
  });

  it('finds nothing in the correct relink series', () => {
    expect(swarm('relink', 2000, 12, 1).counterexample).toBeNull();
  });

  it('is check --mode swarm: exit 1, the search that found it, and a scenario that run replays to the violation', async () => {
    const out = join(tmp, 'cx.yaml');
    const io = capture();
    const argv = ['check', '--mode', 'swarm', '--kernel', 'relink-keeps-orphan', '--seed', '1', '--runs', '2000'];
    expect(await main([...argv, '--out', out], io)).toBe(1);
    expect(io.outs[0]).toMatch(/^relink-keeps-orphan, swarm: \d+ runs in 16 of 40 searches of up to 12 steps, seed 1/);
    expect(io.outs[1]).toMatch(
      new RegExp(`^found by search 16: seed -?\\d+, \\d+ of ${RELINK_ALPHABET.length} operations \\(`),
    );
    expect(readFileSync(out, 'utf8')).toContain('violates an invariant');
    expect(await main(['run', out], capture())).toBe(1);
  });
});
