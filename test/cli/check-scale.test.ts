import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

function capture(): Io & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (s) => outs.push(s), err: (s) => errs.push(s), isTTY: false };
}

const dir = (): string => mkdtempSync(join(tmpdir(), 'relinklab-scale-'));

/** Run the command; its exit status, what it printed, and the files it left in `d`. */
async function run(argv: string[], d: string) {
  const io = capture();
  const status = await main(argv, io);
  return { status, outs: io.outs, errs: io.errs, files: readdirSync(d).sort() };
}

async function shards(d: string, kernel: string, depth: number, count: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const f = join(d, `s${i}.json`);
    const r = await run(
      ['check', '--kernel', kernel, '--depth', String(depth), '--shard', `${i}/${count}`, '--out-shard', f],
      d,
    );
    expect(r.status).toBe(0);
    names.push(f);
  }
  return names;
}

describe('relinklab check --shard', () => {
  it('exits 2 with one line and writes nothing for 3/2', async () => {
    const d = dir();
    const r = await run(['check', '--shard', '3/2', '--out-shard', join(d, 's.json')], d);
    expect([r.status, r.errs.length, r.files]).toEqual([2, 1, []]);
    expect(r.errs[0]).toMatch(/^--shard: "3\/2" is not I\/N/);
  });

  it('exits 2 without --out-shard', async () => {
    const d = dir();
    const r = await run(['check', '--shard', '0/2'], d);
    expect([r.status, r.errs]).toEqual([2, ['--shard: needs --out-shard FILE for the result']]);
  });

  it('exits 0 with its file written even when its part holds a violation', async () => {
    const d = dir();
    const out = join(d, 'cx.yaml');
    const r = await run(
      ['check', '--kernel', 'relink-double-count', '--shard', '0/1', '--out-shard', join(d, 's.json'), '--out', out],
      d,
    );
    expect([r.status, r.files]).toEqual([0, ['s.json']]);
  });
});

describe('relinklab merge', () => {
  it('prints the summary the single run prints, as JSON', async () => {
    const d = dir();
    const files = await shards(d, 'relink', 4, 3);
    const merged = await run(['merge', '--json', ...files], d);
    const single = await run(['check', '--json', '--depth', '4'], d);
    const pick = (s: string) => {
      const { kernel, mode, states, transitions, depth, statesPerLevel, queue, counterexample } = JSON.parse(
        s,
      ) as Record<string, unknown>;
      return { kernel, mode, states, transitions, depth, statesPerLevel, queue, counterexample };
    };
    expect(pick(merged.outs[0] ?? '')).toEqual(pick(single.outs[0] ?? ''));
  });

  it('exits 1 and writes the shortest counterexample of a seeded bug', async () => {
    const d = dir();
    const files = await shards(d, 'relink-keeps-orphan', 4, 2);
    const out = join(d, 'cx.yaml');
    const r = await run(['merge', '--out', out, ...files], d);
    expect(r.status).toBe(1);
    expect(readFileSync(out, 'utf8')).toContain('orphanListIsExact');
  });

  it('exits 2 with one line for an unreadable file, writing nothing', async () => {
    const d = dir();
    const r = await run(['merge', '--out', join(d, 'cx.yaml'), join(d, 'absent.json')], d);
    expect([r.status, r.errs.length, r.files]).toEqual([2, 1, []]);
    expect(r.errs[0]).toContain('absent.json: cannot read (ENOENT)');
  });

  it('exits 2 with one line for shard files of different depths, writing no counterexample', async () => {
    const d = dir();
    const [a] = await shards(d, 'relink-keeps-orphan', 3, 2);
    const deeper = join(d, 'deeper.json');
    await run(['check', '--kernel', 'relink-keeps-orphan', '--depth', '4', '--shard', '1/2', '--out-shard', deeper], d);
    const out = join(d, 'cx.yaml');
    const r = await run(['merge', '--out', out, a ?? '', deeper], d);
    expect([r.status, r.errs.length, existsSync(out)]).toEqual([2, 1, false]);
  });

  it('exits 2 with one line for a file that is not a shard file', async () => {
    const d = dir();
    const f = join(d, 'other.json');
    writeFileSync(f, '{"hello": 1}\n');
    const r = await run(['merge', f], d);
    expect([r.status, r.errs]).toEqual([
      2,
      [`${f}: format: expected "relinklab-shard/1" (not a relinklab shard file?)`],
    ]);
  });
});

describe('relinklab check --mode random', () => {
  it('replays a counterexample from --seed and --path into the same scenario file', async () => {
    const d = dir();
    const [a, b] = [join(d, 'a.yaml'), join(d, 'b.yaml')];
    const args = ['check', '--mode', 'random', '--kernel', 'relink-keeps-orphan', '--seed', '7', '--json'];
    const first = await run([...args, '--runs', '2000', '--out', a], d);
    const { path } = JSON.parse(first.outs[0] ?? '{}') as { path: string };
    const again = await run([...args, '--path', path, '--out', b], d);
    expect([first.status, again.status]).toEqual([1, 1]);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });

  it('exits 2 for --path outside random mode', async () => {
    const d = dir();
    const r = await run(['check', '--path', '1:2'], d);
    expect([r.status, r.errs]).toEqual([2, ['--path: replays a --mode random counterexample']]);
  });
});

describe('relinklab check --workers', () => {
  it('prints the single run’s summary with 2 workers', async () => {
    const d = dir();
    const threads = await run(['check', '--depth', '4', '--workers', '2'], d);
    const single = await run(['check', '--depth', '4'], d);
    // Time, rate, heap and how it ran differ; so does storage: only the single search stores
    // fingerprints and paths, and says what that cost.
    const table = (outs: string[]) =>
      outs
        .slice(1)
        .filter((l) => !l.startsWith('stored: '))
        .map((l) => l.replace(/\|[^|]*s \|[^|]*\|[^|]*MB \|[^|]*\|$/, ''));
    expect(threads.status).toBe(0);
    expect(single.outs.some((l) => l.startsWith('stored: '))).toBe(true);
    expect(table(threads.outs)).toEqual(table(single.outs));
  });

  it('exits 2 for --workers 0', async () => {
    const d = dir();
    const r = await run(['check', '--workers', '0'], d);
    expect([r.status, r.errs]).toEqual([2, ['--workers: must be an integer from 1 to 64']]);
  });
});
