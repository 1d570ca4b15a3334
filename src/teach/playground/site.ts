/**
 * `relinklab playground -o DIR`: the site written. The model's compiled modules (dist/, what
 * `npm run build` makes) reachable from the page's entry modules are copied as they are, with the
 * packages they import (immer, @viz-js/viz: their browser builds) and an import map naming them;
 * the bundled scenarios go in scenarios.json. Nothing of Node's may be reachable (closure.ts).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { InputError } from '../../model/errors.js';
import { APP_JS } from './app-script.js';
import { browserClosure, NodeOnlyReached } from './closure.js';
import { playgroundHtml } from './page.js';

/** The modules app.js imports, as dist/ holds them. */
export const ENTRY_MODULES = [
  'src/teach/playground/engine.js',
  'src/teach/playground/doc.js',
  'src/teach/playground/menu.js',
] as const;

/** Each package the model imports, and its build for browsers, inside the package's folder. */
const BROWSER_BUILDS: Readonly<Record<string, string>> = {
  immer: 'dist/immer.production.mjs',
  '@viz-js/viz': 'dist/viz.js',
};

export interface SiteInputs {
  /** The folder holding the compiled modules: the package's dist/. */
  readonly dist: string;
  /** The folder whose scenarios/ is bundled: the package's own. */
  readonly root: string;
}

export interface SiteWritten {
  readonly modules: number;
  readonly packages: readonly string[];
  readonly scenarios: number;
}

const refuse = (message: string): InputError => new InputError('relinklab playground', 0, message);

/** The folder of an installed package, found the way Node finds it from this module. */
function packageDir(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  while (!existsSync(join(dir, 'package.json')) || readPackageName(dir) !== name) {
    if (dirname(dir) === dir) throw refuse(`cannot find the folder of the package ${name}`);
    dir = dirname(dir);
  }
  return dir;
}

const readPackageName = (dir: string): unknown =>
  (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name;

/** Every scenario under root/scenarios, by its path there, in path order. */
function scenarioTexts(root: string): Record<string, string> {
  const base = join(root, 'scenarios');
  const files = readdirSync(base, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  return Object.fromEntries(files.map((f) => [`scenarios/${f}`, readFileSync(join(base, f), 'utf8')]));
}

function copyInto(out: string, from: string, to: string): void {
  mkdirSync(dirname(join(out, to)), { recursive: true });
  copyFileSync(from, join(out, to));
}

export function writePlayground(out: string, inputs: SiteInputs): SiteWritten {
  for (const e of ENTRY_MODULES)
    if (!existsSync(join(inputs.dist, e)))
      throw refuse(`${relative(process.cwd(), join(inputs.dist, e))} is missing: build first (npm run build)`);
  let closure;
  try {
    closure = browserClosure(inputs.dist, ENTRY_MODULES);
  } catch (e) {
    if (e instanceof NodeOnlyReached) throw refuse(e.message);
    throw e;
  }
  const imports: Record<string, string> = {};
  for (const [name, by] of closure.packages) {
    const build = BROWSER_BUILDS[name];
    if (build === undefined) throw refuse(`${by} imports ${name}, which the playground has no browser build of`);
    imports[name] = `./vendor/${name}/${build}`;
  }
  mkdirSync(out, { recursive: true });
  for (const f of closure.files) copyInto(out, join(inputs.dist, f), f);
  for (const name of closure.packages.keys()) {
    const build = BROWSER_BUILDS[name] ?? '';
    copyInto(out, join(packageDir(name), build), `vendor/${name}/${build}`);
  }
  const scenarios = scenarioTexts(inputs.root);
  writeFileSync(join(out, 'scenarios.json'), JSON.stringify(scenarios));
  writeFileSync(join(out, 'app.js'), APP_JS);
  writeFileSync(join(out, 'index.html'), playgroundHtml(imports));
  return {
    modules: closure.files.length,
    packages: [...closure.packages.keys()],
    scenarios: Object.keys(scenarios).length,
  };
}
