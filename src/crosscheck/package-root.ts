/**
 * relinklab's own files that the kernel cross-checks run (kernel-patches/, scripts/install-deps.sh)
 * are found beside its code, not in the current directory: in the folder whose package.json names
 * relinklab, the nearest above this module. That is the checkout (from src/ or dist/src/) or the
 * installed package (node_modules/relinklab/), wherever the command is run from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GuestError } from '../model/errors.js';

/** The nearest folder at or above `from` whose package.json is relinklab's. */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'relinklab')
      return dir;
    if (dirname(dir) === dir)
      throw new GuestError(`no relinklab package.json above ${from}: the installation is broken`);
  }
}

let root: string | undefined;

/** relinklab's own folder: the checkout, or the installed package. */
export function packageRoot(): string {
  root ??= findPackageRoot(dirname(fileURLToPath(import.meta.url)));
  return root;
}

/** A file relinklab ships (`kernel-patches/build.sh`), by its path inside the package. */
export function packageFile(path: string): string {
  const file = join(packageRoot(), path);
  if (!existsSync(file)) throw new GuestError(`${path} is missing from ${packageRoot()}: the installation is broken`);
  return file;
}
