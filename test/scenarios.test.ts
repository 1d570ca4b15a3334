// The bundled scenarios (scenarios/*.yaml) are specifications: every step must go as written.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, readScenario } from '../src/scenario/parse.js';
import { runScenario } from '../src/scenario/run.js';
import { compareRows } from '../src/scenario/compare.js';
import { InputError } from '../src/model/errors.js';

const DIR = join(import.meta.dirname, '..', 'scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
/** VFS behaviour the relink scenarios do not reach, each checked on both kernels by crosscheck. */
const VFS_FILES = readdirSync(join(DIR, 'vfs')).filter((f) => f.endsWith('.yaml'));
/** Checkpoint/restart cases modelled on CRIU's zdtm tests of unlinked files (issue 13). */
const CR_FILES = readdirSync(join(DIR, 'cr')).filter((f) => f.endsWith('.yaml'));

describe('the bundled scenarios', () => {
  it('cover the twelve cases the relink issue names', () => {
    expect(FILES.length).toBe(12);
  });

  for (const f of FILES) {
    it(`${f} runs with every step as expected under the relink series`, () => {
      const r = runScenario(readScenario(join(DIR, f)));
      expect(r.steps.filter((s) => !s.ok).map((s) => `${s.line}: ${s.what} -> ${s.detail}`)).toEqual([]);
    });
  }

  for (const f of VFS_FILES) {
    it(`vfs/${f} runs with every step as the real 6.1 kernels answered`, () => {
      const r = runScenario(readScenario(join(DIR, 'vfs', f)));
      expect(r.steps.filter((s) => !s.ok).map((s) => `${s.line}: ${s.what} -> ${s.detail}`)).toEqual([]);
    });
  }

  for (const f of CR_FILES) {
    it(`cr/${f} restores every task as it was checkpointed`, () => {
      const r = runScenario(readScenario(join(DIR, 'cr', f)));
      expect(r.steps.filter((s) => !s.ok).map((s) => `${s.line}: ${s.what} -> ${s.detail}`)).toEqual([]);
    });
  }

  it('fail under the mainline kernel, which refuses relink= and cannot relink', () => {
    const sc = readScenario(join(DIR, 'alias.yaml'));
    const r = runScenario({ ...sc, kernel: 'mainline' });
    expect(r.failures).toBeGreaterThan(0);
  });
});

describe('relinklab compare: the seed argument with numbers', () => {
  it("relink's IO does not grow with the file; copy reads a dense one once and writes it twice", () => {
    const rows = compareRows(join(DIR, 'cr', 'dense-ghost.yaml'));
    const relink = rows.find((r) => r.strategy === 'relink');
    const copy = rows.find((r) => r.strategy === 'copy');
    expect(relink?.bytesRead).toBe(0);
    expect(relink?.bytesWritten).toBe(0);
    expect(copy?.bytesRead).toBe(8 * 2 ** 20);
    expect(copy?.bytesWritten).toBe(2 * 8 * 2 ** 20);
  });

  it("copy of a sparse 4 GiB file moves only its data block, as CRIU's SEEK_DATA chunks do", () => {
    const copy = compareRows(join(DIR, 'large-file.yaml')).find((r) => r.strategy === 'copy');
    expect(copy?.bytesRead).toBe(4096);
    expect(copy?.bytesWritten).toBe(2 * 4096);
  });

  it('copy is refused in the alias case, as criu dump without --link-remap; link-remap keeps the inode', () => {
    const rows = compareRows(join(DIR, 'alias.yaml'));
    expect(rows.find((r) => r.strategy === 'relink')?.expectationsMet).toBe('15/15');
    const copy = rows.find((r) => r.strategy === 'copy');
    expect(copy?.checkpoint).toMatch(/^EOPNOTSUPP \(its inode keeps another name.*Can't create link remap for \/a\./);
    expect(copy?.expectationsMet).toBe('11/15');
    expect(rows.find((r) => r.strategy === 'link-remap')?.expectationsMet).toBe('15/15');
  });
});

describe('bad scenario files', () => {
  const bad = (text: string): InputError => {
    try {
      parseScenario(text, 'bad.yaml');
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('parsed a bad scenario');
  };

  it('name the line of an unknown call', () => {
    expect(
      bad('name: x\nsteps:\n  - {call: open, args: {path: /a, flags: 0, mode: 0}}\n  - {call: frob}\n').message,
    ).toMatch(/^bad\.yaml:4: unknown call "frob"/);
  });

  it('name the line of a wrong argument and of an unknown strategy', () => {
    expect(bad('name: x\nsteps:\n  - {call: close, args: {fd: three}}\n').message).toMatch(/^bad\.yaml:3: /);
    expect(bad('name: x\nsteps:\n  - {checkpoint: {pids: [2], strategy: teleport}}\n').message).toMatch(
      /^bad\.yaml:3: unknown strategy/,
    );
  });

  it('refuse an unknown kernel and a missing name', () => {
    expect(bad('name: x\nkernel: linux-2.4\nsteps:\n  - {kill: [2]}\n').message).toMatch(/unknown kernel/);
    expect(bad('steps:\n  - {kill: [2]}\n').message).toMatch(/name: is required/);
  });
});
