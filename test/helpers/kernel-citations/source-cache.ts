/**
 * The kernel files the citations name, from Debian's linux-source-6.1 tarball with the relink
 * series (kernel-patches/series) applied, so that functions the series adds may be cited.
 *
 * Only the cited files and the files the series touches are extracted, in one `tar` pass (xz
 * still decompresses the whole 138 MB stream: about 6-10 s on this machine's kind), into
 *   ${RELINKLAB_CACHE:-/var/cache/relinklab}/linux-source-files/<version>/<key>/
 * where <key> hashes the file list and the series: citing a new file, or a changed patch, extracts
 * again. The tree is built in a temporary folder beside it and renamed into place once complete,
 * so a run that dies half-way, or two runs at once, never leave a partial tree behind.
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { KernelSource } from './check.js';

export const TARBALL = '/usr/src/linux-source-6.1.tar.xz';
const TOP = 'linux-source-6.1';

/** The patch files of the series, in order. */
export function seriesPatches(repo: string): string[] {
  const dir = join(repo, 'kernel-patches');
  return readFileSync(join(dir, 'series'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => join(dir, l));
}

/** The files a patch reads or writes (its `--- a/` and `+++ b/` lines). */
export function patchedFiles(patchText: string): string[] {
  return [...patchText.matchAll(/^(?:---|\+\+\+) [ab]\/(\S+)/gm)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
}

/** Debian's version of the installed linux-source-6.1 (e.g. 6.1.192-3). */
function sourceVersion(): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'linux-source-6.1'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('linux-source-6.1 is not installed (dpkg-query knows no version): run scripts/setup.sh');
  }
}

function extract(tarball: string, tmp: string, files: readonly string[], patches: readonly string[]): void {
  const list = join(tmp, '.members');
  writeFileSync(list, files.map((f) => `${TOP}/${f}\n`).join(''));
  const tar = spawnSync('tar', ['-xJf', tarball, '-C', tmp, '--strip-components=1', '-T', list], { encoding: 'utf8' });
  // A cited file the tree lacks is the checker's finding, not an extraction failure; any other
  // complaint is.
  const other = tar.stderr
    .split('\n')
    .filter((l) => l !== '' && !/Not found in archive$/.test(l) && !/due to previous errors$/.test(l));
  if ((tar.status !== 0 && tar.status !== 2) || other.length > 0) {
    throw new Error(`extracting from ${tarball} failed (status ${tar.status}): ${other.join('; ')}`);
  }
  for (const p of patches) {
    const r = spawnSync('patch', ['-p1', '--batch', '--forward', '--quiet', '-d', tmp, '-i', p], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${p} does not apply to ${tarball}: ${r.stdout}${r.stderr}`);
  }
}

/**
 * A reader of the patched 6.1 files `wanted` names (plus those the series touches), extracting
 * them first if the cache lacks them. Fails, saying how to install it, when the tarball is missing.
 */
export function kernelSource(repo: string, wanted: readonly string[], tarball = TARBALL): KernelSource {
  if (!existsSync(tarball))
    throw new Error(`${tarball} is missing: run scripts/setup.sh (it installs linux-source-6.1)`);
  const version = sourceVersion();
  const patches = seriesPatches(repo);
  const patchTexts = patches.map((p) => readFileSync(p, 'utf8'));
  const files = [...new Set([...wanted, ...patchTexts.flatMap(patchedFiles)])].sort();
  const key = createHash('sha256')
    .update(JSON.stringify({ tarball, version, files, patchTexts }))
    .digest('hex')
    .slice(0, 16);
  const base = join(process.env['RELINKLAB_CACHE'] ?? '/var/cache/relinklab', 'linux-source-files', version);
  const dir = join(base, key);
  if (!existsSync(join(dir, '.complete'))) {
    mkdirSync(base, { recursive: true });
    const tmp = mkdtempSync(join(base, '.extracting-'));
    try {
      extract(tarball, tmp, files, patches);
      chmodSync(tmp, 0o755); // mkdtemp's 0700 would hide the tree from other users of the cache
      writeFileSync(join(tmp, '.complete'), `${tarball} ${version}, ${patches.length} patches\n`);
      renameSync(tmp, dir);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      // Another run finished the same tree first: theirs is as good as ours.
      if (!existsSync(join(dir, '.complete'))) throw e;
    }
  }
  const extracted = new Set(files);
  return (path) => {
    // A file never asked for was never extracted: reading it as missing would be a false finding.
    if (!extracted.has(path)) throw new Error(`${path} was not among the files asked of kernelSource`);
    if (path.split('/').includes('..')) return undefined;
    const file = join(dir, path);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
}
