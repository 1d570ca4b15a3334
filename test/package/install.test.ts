// relinklab installs like any npm command-line tool: `npm pack` builds it into the tarball, and
// `npm install <tarball>` in an empty project gives a working `npx relinklab`, with Node alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTarball, newWorkDir, packCopy, REPO, sh, userEnv } from './packed.js';

let work = '';
let tgz = '';
let app = '';
let installed = '';

beforeAll(() => {
  work = newWorkDir();
  tgz = packCopy(work);
  app = installTarball(work, tgz);
  installed = join(app, 'node_modules', 'relinklab');
}, 300_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

const npx = (...args: string[]) => sh('npx', ['--no', 'relinklab', ...args], app);

/** The files of the tarball, as `package/...` paths. */
const tarballFiles = (): string[] =>
  spawnSync('tar', ['-tzf', tgz], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((f) => f !== '')
    .map((f) => f.replace(/^package\//, ''));

/** A module's static imports and re-exports, its bare imports, and its dynamic imports of a literal. */
const IMPORTS = [
  /^\s*(?:import|export)\b[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('the packed tarball', () => {
  it('carries the build its prepack script made, the bundled inputs and the cross-check files', () => {
    const files = tarballFiles();
    for (const f of [
      'bin/relinklab',
      'dist/src/cli/bin.js',
      'scenarios/alias.yaml',
      'traces/examples/unlinked-open.jsonl',
      'kernel-patches/build.sh',
      'kernel-patches/series',
      'kernel-patches/executor/relink-exec.c',
      'kernel-patches/harness/init',
      // compare --criu's guest: its init and the fetch of Debian's criu
      'kernel-patches/criu/scenarios-init',
      'kernel-patches/criu/fetch-criu.sh',
      'scripts/install-deps.sh',
      'README.md',
    ])
      expect(files).toContain(f);
  });

  it('carries nothing for development: no tests, sources, source maps, bench, docs but the README', () => {
    const dev = tarballFiles().filter(
      (f) =>
        /^(test|src|bench|docs|\.ci)\//.test(f) ||
        /^dist\/(?!src\/)/.test(f) ||
        f.endsWith('.map') ||
        f.endsWith('.ts') ||
        (f.endsWith('.md') && f !== 'README.md') ||
        f.startsWith('kernel-patches/bench/') ||
        (f.startsWith('scripts/') && f !== 'scripts/install-deps.sh'),
    );
    expect(dev).toEqual([]);
  });
});

describe('the installed package', () => {
  it('is the copy in the new project that npx runs, away from the checkout', () => {
    expect(relative(REPO, app).startsWith('..')).toBe(true);
    const bin = sh('npx', ['--no', '-c', 'command -v relinklab'], app);
    expect(bin.stdout.trim()).toBe(join(app, 'node_modules', '.bin', 'relinklab'));
    expect(realpathSync(bin.stdout.trim())).toBe(realpathSync(join(installed, 'bin', 'relinklab')));
    // Its code resolves its dependencies in the new project's node_modules.
    const req = createRequire(join(installed, 'dist', 'src', 'cli', 'bin.js'));
    for (const dep of ['yargs', 'immer', 'fast-check', '@viz-js/viz'])
      expect(relative(join(app, 'node_modules'), req.resolve(dep)).startsWith('..'), dep).toBe(false);
  });

  it('keeps the scripts the cross-check runs executable', () => {
    for (const script of ['scripts/install-deps.sh', 'kernel-patches/build.sh', 'kernel-patches/debian-kernel.sh'])
      expect(statSync(join(installed, script)).mode & 0o111, script).toBe(0o111);
  });

  it('has only its dependencies installed, no development dependency', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const present = Object.keys(manifest.devDependencies).filter((dev) => existsSync(join(app, 'node_modules', dev)));
    expect(present).toEqual([]);
  });

  it('imports nothing at run time but Node built-ins and its dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const allowed = new Set(Object.keys(manifest.dependencies));
    const bad: string[] = [];
    for (const file of filesUnder(join(installed, 'dist')).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of IMPORTS.flatMap((re) => [...text.matchAll(re)])) {
        const spec = m[1] ?? '';
        if (spec.startsWith('.') || isBuiltin(spec)) continue;
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec);
        if (!allowed.has(pkg)) bad.push(`${relative(installed, file)}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('runs a bundled scenario: npx relinklab run, every step as expected', () => {
    const r = npx('run', 'node_modules/relinklab/scenarios/alias.yaml');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^\s*(\d+)\/\1 steps as expected$/);
  });

  it('replays the bundled native trace: every expectation matched', () => {
    const r = npx('replay', 'node_modules/relinklab/traces/examples/unlinked-open.jsonl');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /unlinked-open\.jsonl: (\d+) calls, \1 matched their expectations, 0 mismatched, 0 skipped/,
    );
  });

  it("replays the README's strace log clean", () => {
    const log = join(REPO, 'test', 'corpus', 'strace', 'links.log');
    const r = npx('replay', '--strace', log, '--root', '/tmp/rlroot/links');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('clean: every modelled call inside the root was compared and matched');
  });
});

describe('the kernel cross-check on a machine with Node alone', () => {
  /** A PATH with only what bin/relinklab itself runs: no gcc, QEMU, apt-get or dpkg. */
  function nodeOnlyEnv(): NodeJS.ProcessEnv {
    const bin = join(work, 'node-only-bin');
    mkdirSync(bin, { recursive: true });
    for (const tool of ['node', 'bash', 'dirname', 'readlink']) {
      const found = sh('bash', ['-c', `command -v ${tool}`], app).stdout.trim();
      if (found === '') throw new Error(`${tool} is not on this machine's PATH`);
      rmSync(join(bin, tool), { force: true });
      symlinkSync(found, join(bin, tool));
    }
    // A fresh TMPDIR: no executor built by an earlier run.
    const tmp = join(work, 'tmp');
    mkdirSync(tmp, { recursive: true });
    return { ...userEnv(), PATH: bin, TMPDIR: tmp };
  }

  const relinklab = (...args: string[]) => sh(join(app, 'node_modules', '.bin', 'relinklab'), args, app, nodeOnlyEnv());

  it.each([
    ['host', 'gcc', 'corpus'],
    ['patched', 'qemu-system-x86_64', 'kernel'],
  ])('--kernel %s names %s as missing and the install command, in one line, exit 3', (kernel, tool, group) => {
    const r = relinklab('crosscheck', '--kernel', kernel, '--traces', '1');
    expect(r.status).toBe(3);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const last = r.stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(new RegExp(`^relinklab: (\\S+, )*${tool}(, \\S+)* not found on PATH, and `));
    expect(last).toContain(`\`${join(installed, 'scripts', 'install-deps.sh')} ${group}\` failed`);
    expect(r.stdout).toBe('');
  });
});
