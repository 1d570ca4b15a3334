// Packing relinklab as npm would publish it, and installing the tarball into an empty project,
// away from the checkout: what a user gets from `npm pack` and `npm install <tarball>`.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..', '..');

/** The checkout's generated and version-control folders: a packed build must not need them. */
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', 'out', 'test-output', 'tmp']);

/**
 * The environment of a user's shell: npm's lifecycle variables (set when the tests run under
 * `npm test`, among them the checkout as the local prefix) and the checkout's folders on PATH
 * removed, so that nothing can reach the checkout's node_modules.
 */
export function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE_PATH' && k !== 'INIT_CWD'),
  );
  env['PATH'] = (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((dir) => relative(REPO, dir).startsWith('..'))
    .join(delimiter);
  return env;
}

export function sh(cmd: string, args: readonly string[], cwd: string, env = userEnv()): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/**
 * `npm pack` of a copy of the working tree without dist/ (so the tarball's build is the one its
 * prepack script made), the copy's node_modules a link to the checkout's (the build's tools).
 * Packing in a copy leaves the checkout's dist/, which other tests run, alone. The tarball's path.
 */
export function packCopy(work: string): string {
  const copy = join(work, 'checkout');
  cpSync(REPO, copy, {
    recursive: true,
    filter: (src) => !NOT_COPIED.has(relative(REPO, src).split('/')[0] ?? ''),
  });
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
  const out = join(work, 'tarball');
  mkdirSync(out);
  ok(sh('npm', ['pack', '--silent', '--pack-destination', out], copy), 'npm pack');
  const [tgz] = readdirSync(out).filter((f) => f.endsWith('.tgz'));
  if (tgz === undefined) throw new Error(`npm pack left no tarball in ${out}`);
  return join(out, tgz);
}

/**
 * A new project with the tarball installed, from npm's cache (`npm config get cache`). A cache that
 * holds the tarballs but not the registry's full documents (npm ci leaves it so) cannot answer
 * --offline; then --prefer-offline fetches only those documents, and says so.
 */
export function installTarball(work: string, tgz: string): string {
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'relinklab-install-check', private: true }));
  const flags = ['--no-audit', '--no-fund', '--loglevel=error'];
  const offline = sh('npm', ['install', '--offline', ...flags, tgz], app);
  if (offline.status === 0) return app;
  if (!offline.stderr.includes('ENOTCACHED')) ok(offline, 'npm install --offline');
  console.warn('npm install --offline: the cache lacks registry documents; installing with --prefer-offline');
  ok(sh('npm', ['install', '--prefer-offline', ...flags, tgz], app), 'npm install --prefer-offline');
  return app;
}

export const newWorkDir = (): string => mkdtempSync(join(tmpdir(), 'relinklab-package-'));
