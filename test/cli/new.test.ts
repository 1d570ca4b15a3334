// relinklab new: a commented scenario skeleton that parses and runs as written, never over a file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { capture } from '../teach/helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'relinklab-new-'));

describe('relinklab new', () => {
  it('writes a skeleton that relinklab run passes, every step as expected', async () => {
    const file = join(tmp, 'lab1.yaml');
    expect(await main(['new', file], capture())).toBe(0);
    const io = capture();
    expect(await main(['run', file], io)).toBe(0);
    expect(io.outs.at(-1)).toMatch(/^ {2}(\d+)\/\1 steps as expected$/);
  });

  it('names the scenario after the file and comments what each part is', async () => {
    const file = join(tmp, 'orphan-lab.yaml');
    await main(['new', file], capture());
    const text = readFileSync(file, 'utf8');
    expect(parseScenario(text, file).name).toBe('orphan-lab');
    expect(text.split('\n').filter((l) => l.trimStart().startsWith('#')).length).toBeGreaterThan(10);
  });

  it('uses every step kind but the split ones and every top-level key, in use or in a comment', async () => {
    const io = capture();
    await main(['new'], io);
    const text = io.outs.join('\n');
    const kinds = new Set(parseScenario(text, 'skeleton.yaml').steps.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(['assert', 'backup', 'call', 'checkpoint', 'kill', 'restart']);
    for (const key of ['name:', 'description:', 'kernel:', 'fs:', 'blocksize:', 'sysctl:', 'steps:', 'note:'])
      expect(text).toContain(key);
  });

  it('prints the skeleton when no file is given', async () => {
    const io = capture();
    expect(await main(['new'], io)).toBe(0);
    expect(io.outs.join('\n')).toMatch(/^# A relinklab scenario/);
  });

  it('refuses to overwrite an existing file, which is left as it was (exit 2)', async () => {
    const file = join(tmp, 'mine.yaml');
    writeFileSync(file, 'my work\n');
    const io = capture();
    expect(await main(['new', file], io)).toBe(2);
    expect(io.errs.join('\n')).toContain(`${file}: exists already; relinklab new does not overwrite a file`);
    expect(readFileSync(file, 'utf8')).toBe('my work\n');
  });
});
