// What the browser imports is checked before the playground is written: a module that reaches
// Node (node:fs, the process global) or a package without a browser build is refused in one line
// naming the chain of imports, and nothing is written.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { browserClosure, NodeOnlyReached } from '../../src/teach/playground/closure.js';
import { ENTRY_MODULES, writePlayground } from '../../src/teach/playground/site.js';

const ROOT = join(import.meta.dirname, '..', '..');
const made: string[] = [];

afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A dist/ of the given modules (path -> source); every entry module exists, importing nothing else. */
function fakeDist(modules: Readonly<Record<string, string>>): string {
  const dist = mkdtempSync(join(tmpdir(), 'relinklab-dist-'));
  made.push(dist);
  const files = { ...Object.fromEntries(ENTRY_MODULES.map((e) => [e, 'export {};\n'])), ...modules };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dist, f)), { recursive: true });
    writeFileSync(join(dist, f), text);
  }
  return dist;
}

function refusal(dist: string): string {
  const out = join(dist, 'site');
  try {
    writePlayground(out, { dist, root: ROOT });
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect(existsSync(out)).toBe(false);
    return (e as Error).message;
  }
  throw new Error('the playground was written');
}

describe('the modules the playground imports', () => {
  it('follow import and export statements, multi-line ones too, and name the packages', () => {
    const dist = fakeDist({
      'src/a.js': "import {\n  b,\n} from './b.js';\nexport { c } from './c.js';\nimport { produce } from 'immer';\n",
      'src/b.js': 'export const b = 1;\n',
      'src/c.js': 'export const c = 2;\n',
    });
    const c = browserClosure(dist, ['src/a.js']);
    expect(c.files).toEqual(['src/a.js', 'src/b.js', 'src/c.js']);
    expect([...c.packages]).toEqual([['immer', 'src/a.js']]);
  });

  it('are refused when one imports node:fs, naming the chain that reaches it', () => {
    const dist = fakeDist({
      'src/teach/playground/engine.js': "import { x } from '../x.js';\n",
      'src/teach/x.js': "import { readFileSync } from 'node:fs';\nexport const x = 1;\n",
    });
    expect(() => browserClosure(dist, ENTRY_MODULES)).toThrow(NodeOnlyReached);
    const msg = refusal(dist);
    expect(msg).toBe(
      'relinklab playground:0: src/teach/playground/engine.js -> src/teach/x.js imports node:fs: the browser cannot run it',
    );
  });

  it('are refused when one imports path without the node: prefix', () => {
    expect(refusal(fakeDist({ 'src/teach/playground/doc.js': "import { join } from 'path';\n" }))).toMatch(
      /doc\.js imports path: the browser cannot run it$/,
    );
  });

  it('are refused when one uses the process global', () => {
    expect(refusal(fakeDist({ 'src/teach/playground/menu.js': 'export const v = process.env.X;\n' }))).toMatch(
      /menu\.js uses process\.env: the browser cannot run it$/,
    );
  });

  it('are refused when one imports a package the playground has no browser build of', () => {
    expect(refusal(fakeDist({ 'src/teach/playground/engine.js': "import yargs from 'yargs';\n" }))).toMatch(
      /engine\.js imports yargs, which the playground has no browser build of$/,
    );
  });

  it('are refused, saying to build, when dist/ lacks them', () => {
    const dist = mkdtempSync(join(tmpdir(), 'relinklab-dist-'));
    made.push(dist);
    expect(refusal(dist)).toMatch(/engine\.js is missing: build first \(npm run build\)$/);
  });

  it("of the built model reach nothing of Node's: the site has them, the packages and the scenarios", () => {
    const out = mkdtempSync(join(tmpdir(), 'relinklab-site-'));
    made.push(out);
    const w = writePlayground(out, { dist: join(ROOT, 'dist'), root: ROOT });
    expect([...w.packages].sort()).toEqual(['@viz-js/viz', 'immer']);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('"immer":"./vendor/immer/dist/immer.production.mjs"');
    expect(existsSync(join(out, 'vendor/@viz-js/viz/dist/viz.js'))).toBe(true);
    expect(existsSync(join(out, 'src/scenario/parse-text.js'))).toBe(true);
    expect(existsSync(join(out, 'src/scenario/parse.js'))).toBe(false);
    const scenarios = JSON.parse(readFileSync(join(out, 'scenarios.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(scenarios)).toContain('scenarios/orphan.yaml');
  });
});
