// The model-only kernel variant (mainline-6.10) on the command line: chosen like any variant where
// the model's kernels are, marked as model-only in --help, and no QEMU kernel to cross-check it on.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../helpers/io.js';

afterEach(() => {
  vi.restoreAllMocks();
});

async function help(argv: string[]): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  expect(await main(argv, capture())).toBe(0);
  return log.mock.calls
    .map((c) => String(c[0]))
    .join('\n')
    .replace(/\s+/g, ' ');
}

describe('mainline-6.10 on the command line', () => {
  it('is listed by check --help as model-only, beside mainline and relink', async () => {
    expect(await help(['check', '--help'])).toContain(
      'kernel variant: mainline, mainline-6.10 (model only: no QEMU kernel has it), relink, or a seeded bug',
    );
  });

  it('is a kernel check searches', async () => {
    const io = capture();
    expect(await main(['check', '--kernel', 'mainline-6.10', '--depth', '1', '--json'], io)).toBe(0);
    expect(JSON.parse(io.outs.join('\n'))).toMatchObject({ kernel: 'mainline-6.10' });
  });

  it('is no kernel crosscheck boots: refused in one line, exit 2', async () => {
    const io = capture();
    expect(await main(['crosscheck', '--kernel', 'mainline-6.10'], io)).toBe(2);
    expect(io.errs).toHaveLength(1);
    expect(io.errs[0]).toMatch(
      /^--kernel: unknown kernel "mainline-6\.10" \(host, debian, minimal, patched, broken, criu\)$/,
    );
  });
});
