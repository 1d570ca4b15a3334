// `relinklab dist ...` runs the command line with the dist command alone (bin.ts, dist-main.ts), so
// that a job's process loads less: it must read, check and answer every dist line as main does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { distMain } from '../../src/cli/dist-main.js';
import { main } from '../../src/cli/main.js';
import { capture } from '../helpers/io.js';

type Entry = (argv: readonly string[], io: ReturnType<typeof capture>) => Promise<number>;

/** The status and everything printed: to the Io, and yargs' help and messages to the console. */
async function run(
  entry: Entry,
  argv: readonly string[],
): Promise<{ status: number; outs: string[]; errs: string[]; console: unknown[][] }> {
  const io = capture();
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const status = await entry(argv, io);
    return { status, outs: io.outs, errs: io.errs, console: [...log.mock.calls, ...error.mock.calls] };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const dir = (): string => mkdtempSync(join(tmpdir(), 'relinklab-dist-main-'));

describe('relinklab dist through its own entry', () => {
  const empty = dir();
  it.each([
    [['dist']],
    [['dist', '--help']],
    [['dist', 'init', '--help']],
    [['dist', 'level', '--help']],
    [['dist', 'collect', '--help']],
    [['dist', 'bogus']],
    [['dist', 'level', empty]],
    [['dist', 'level', empty, '--level', '0', '--partition', '0']],
    [['dist', 'level', empty, '--level', '0', '--partition', '0', '--json=maybe']],
    [['dist', 'init', empty, '--depth', 'x', '--partitions', '2']],
    [['dist', 'init', empty, '--depth', '2', '--partitions', '0']],
    [['dist', 'collect', empty]],
  ])('prints and exits as main for %j', async (argv) => {
    const [x, y] = [await run(distMain, argv), await run(main, argv)];
    expect(x).toEqual(y);
    expect([...x.outs, ...x.errs, ...x.console.flat()].join('')).not.toBe('');
  });

  it('runs a whole search whose collect main reads alike, and main’s jobs alike', async () => {
    const [a, b] = [dir(), dir()];
    const search = (d: string) => ['dist', 'init', d, '--depth', '3', '--partitions', '2'];
    expect((await run(distMain, search(a))).status).toBe(0);
    expect((await run(main, search(b))).status).toBe(0);
    for (let level = 0; level <= 3; level++)
      for (const partition of ['0', '1']) {
        const job = (d: string) => ['dist', 'level', d, '--level', String(level), '--partition', partition];
        const [x, y] = [await run(distMain, job(a)), await run(main, job(b))];
        expect(x).toEqual(y);
        expect(x.status).toBe(0);
      }
    const collect = (d: string) => ['dist', 'collect', d, '--json', '--out', join(d, 'cx.yaml')];
    const answer = (r: { outs: string[] }) => {
      const { stats } = JSON.parse(r.outs.join('')) as { stats: Record<string, unknown> };
      return { ...stats, millis: 0, heapBytes: 0 };
    };
    const [x, y] = [await run(distMain, collect(a)), await run(main, collect(b))];
    expect([x.status, answer(x)]).toEqual([y.status, answer(y)]);
    expect(await run(distMain, collect(a))).toEqual(await run(main, collect(a)));
  });
});
