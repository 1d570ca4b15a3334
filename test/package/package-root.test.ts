// relinklab finds the files it ships (kernel-patches/, scripts/install-deps.sh) beside its own
// code, whatever the current directory: in a checkout, in its build, in an installed package.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GuestError } from '../../src/model/errors.js';
import { findPackageRoot, packageFile, packageRoot } from '../../src/crosscheck/package-root.js';

const REPO = resolve(import.meta.dirname, '..', '..');

describe("relinklab's own folder", () => {
  it('is the checkout when the code runs from its sources', () => {
    expect(packageRoot()).toBe(REPO);
  });

  it('is the nearest folder above the code whose package.json is relinklab, skipping any other', () => {
    const app = mkdtempSync(join(tmpdir(), 'relinklab-root-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'someone-elses-app' }));
    const pkg = join(app, 'node_modules', 'relinklab');
    const code = join(pkg, 'dist', 'src', 'crosscheck');
    mkdirSync(code, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'relinklab' }));
    writeFileSync(join(pkg, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
    expect(findPackageRoot(code)).toBe(pkg);
  });

  it('is an error of the installation when no relinklab package.json is above the code', () => {
    const lone = mkdtempSync(join(tmpdir(), 'relinklab-lone-'));
    expect(() => findPackageRoot(lone)).toThrow(GuestError);
  });
});

describe('the files it ships', () => {
  it('are found by their path inside the package', () => {
    expect(packageFile('kernel-patches/executor/relink-exec.c')).toBe(
      join(REPO, 'kernel-patches', 'executor', 'relink-exec.c'),
    );
  });

  it('are an error of the installation, naming the file, when missing', () => {
    expect(() => packageFile('kernel-patches/no-such-file')).toThrow(/kernel-patches\/no-such-file is missing from/);
  });
});
