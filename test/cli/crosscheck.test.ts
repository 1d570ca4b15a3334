// relinklab crosscheck: bad options are one-line errors with exit status 2, before any kernel runs.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

function capture(): Io & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (s) => outs.push(s), err: (s) => errs.push(s), isTTY: false };
}

describe('relinklab crosscheck', () => {
  it('refuses an unknown kernel with exit 2 and one line naming the option', async () => {
    const io = capture();
    expect(await main(['crosscheck', '--kernel', 'freebsd'], io)).toBe(2);
    expect(io.errs).toHaveLength(1);
    expect(io.errs[0]).toMatch(/--kernel.*freebsd/);
  });

  it("refuses btrfs on the host target, which runs on this machine's ext4", async () => {
    const io = capture();
    expect(await main(['crosscheck', '--kernel', 'host', '--fs', 'btrfs'], io)).toBe(2);
    expect(io.errs[0]).toMatch(/--fs/);
  });

  it('runs random traces on the host kernel and reports no difference', async () => {
    const io = capture();
    expect(await main(['crosscheck', '--traces', '20', '--length', '20', '--json'], io)).toBe(0);
    const r = JSON.parse(io.outs[0] ?? '{}') as { differences: number; calls: number };
    expect(r).toMatchObject({ differences: 0, calls: 400 });
  });
});
