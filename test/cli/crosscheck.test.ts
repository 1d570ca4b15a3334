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

  it('refuses a block size the file system cannot have, naming --blocksize', async () => {
    const io = capture();
    expect(await main(['crosscheck', '--kernel', 'debian', '--fs', 'btrfs', '--blocksize', '1024'], io)).toBe(2);
    expect(io.errs[0]).toMatch(/--blocksize.*btrfs has 4096-byte blocks, not 1024/);
  });

  it("refuses 1 KiB blocks on the host target, whose ext4 is this machine's", async () => {
    const io = capture();
    expect(await main(['crosscheck', '--kernel', 'host', '--blocksize', '1024'], io)).toBe(2);
    expect(io.errs[0]).toMatch(/--blocksize/);
  });

  it('refuses --blocksize with scenarios, which state their own', async () => {
    const io = capture();
    const args = ['crosscheck', '--kernel', 'debian', '--blocksize', '1024', 'scenarios/vfs/seek-holes-ext4.yaml'];
    expect(await main(args, io)).toBe(2);
    expect(io.errs[0]).toMatch(/--blocksize.*scenario states its own/);
  });

  it('runs random traces on the host kernel and reports no difference', async () => {
    const io = capture();
    expect(await main(['crosscheck', '--traces', '20', '--length', '20', '--json'], io)).toBe(0);
    const r = JSON.parse(io.outs[0] ?? '{}') as { differences: number; calls: number };
    expect(r).toMatchObject({ differences: 0, calls: 400 });
  });
});
