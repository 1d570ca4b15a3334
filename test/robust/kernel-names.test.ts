// Kernel variant names are looked up in a table: names every object inherits must not be found.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { KERNELS } from '../../src/model/kernel.js';
import { capture } from '../helpers/io.js';

const INHERITED = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];
const tmp = mkdtempSync(join(tmpdir(), 'relinklab-kernels-'));

describe('kernel variant names', () => {
  it.each(INHERITED)('%s is not a kernel variant', (name) => {
    expect(KERNELS[name]).toBeUndefined();
  });

  it.each(INHERITED)('check --kernel %s is bad input (exit 2, one line)', async (name) => {
    const io = capture();
    expect(await main(['check', '--kernel', name, '--depth', '1'], io)).toBe(2);
    expect(io.errs.join('\n').split('\n')).toHaveLength(1);
  });

  it.each(INHERITED)('a trace header naming kernel %s is bad input naming line 1', async (name) => {
    const t = join(tmp, `${name}.jsonl`);
    writeFileSync(t, `${JSON.stringify({ relinklab: 1, kernel: name, fs: 'ext4' })}\n`);
    const io = capture();
    expect(await main(['replay', t], io)).toBe(2);
    expect(io.errs.join('\n')).toMatch(new RegExp(`${name}\\.jsonl:1: `));
  });

  it.each(INHERITED)('a scenario naming kernel %s is bad input', async (name) => {
    const s = join(tmp, `${name}.yaml`);
    writeFileSync(s, `name: t\nkernel: ${name}\nfs: ext4\nsteps:\n  - {call: mkdir, args: {path: /d, mode: 0755}}\n`);
    const io = capture();
    expect(await main(['run', s], io)).toBe(2);
    expect(io.errs.join('\n')).toMatch(new RegExp(`${name}\\.yaml:\\d+: .*kernel`));
  });
});
