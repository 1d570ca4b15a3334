// The cross-check's tools are installed on first use; one still missing is named in one line,
// with the command that installs it.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GuestError } from '../../src/model/errors.js';
import { packageFile } from '../../src/crosscheck/package-root.js';
import { onPath, requireTools, type DepsGroup, type InstallOutcome } from '../../src/crosscheck/tools.js';

/** A folder to serve as PATH, and a way to put an executable tool in it. */
function pathDir(): { path: string; add: (tool: string, mode?: number) => void } {
  const path = mkdtempSync(join(tmpdir(), 'relinklab-path-'));
  return {
    path,
    add: (tool, mode = 0o755) => {
      writeFileSync(join(path, tool), '#!/bin/sh\n');
      chmodSync(join(path, tool), mode);
    },
  };
}

/** An installer that records the groups it was asked for and answers `outcome`, doing `effect` first. */
function installer(outcome: InstallOutcome, effect = (): void => {}) {
  const calls: DepsGroup[] = [];
  const install = (group: DepsGroup): InstallOutcome => {
    calls.push(group);
    effect();
    return outcome;
  };
  return { calls, install };
}

const thrown = (f: () => void): GuestError => {
  try {
    f();
  } catch (e) {
    if (e instanceof GuestError) return e;
    throw e;
  }
  throw new Error('no GuestError thrown');
};

describe('tools on PATH', () => {
  it('finds an executable file in one of the folders', () => {
    const d = pathDir();
    d.add('rl-tool');
    expect(onPath('rl-tool', `/nonexistent:${d.path}`)).toBe(true);
    expect(onPath('rl-other', d.path)).toBe(false);
  });

  it('does not take a file that cannot be executed for a tool', () => {
    const d = pathDir();
    d.add('rl-tool', 0o644);
    expect(onPath('rl-tool', d.path)).toBe(false);
  });
});

describe('installing on first use', () => {
  it('runs no installer when every tool is there', () => {
    const d = pathDir();
    d.add('rl-a');
    const { calls, install } = installer({ status: 0 });
    requireTools(['rl-a'], 'corpus', install, d.path);
    expect(calls).toEqual([]);
  });

  it("installs the tool's group once, then goes on", () => {
    const d = pathDir();
    const { calls, install } = installer({ status: 0 }, () => d.add('rl-a'));
    requireTools(['rl-a'], 'kernel', install, d.path);
    expect(calls).toEqual(['kernel']);
  });

  it('names what is still missing and the install command that failed, in one line', () => {
    const d = pathDir();
    d.add('rl-a');
    const { install } = installer({ status: 100 });
    const e = thrown(() => requireTools(['rl-a', 'rl-b', 'rl-c'], 'kernel', install, d.path));
    expect(e.message).toBe(
      `rl-b, rl-c not found on PATH, and \`${packageFile('scripts/install-deps.sh')} kernel\` failed (exit 100); ` +
        'it installs the Debian packages with apt-get, as root or through sudo',
    );
    expect(e.message).not.toContain('\n');
  });

  it('says when the installer succeeded but the tool is still not on PATH', () => {
    const d = pathDir();
    const { install } = installer({ status: 0 });
    expect(thrown(() => requireTools(['rl-a'], 'corpus', install, d.path)).message).toContain(
      'install-deps.sh corpus` ran, but did not put it on PATH',
    );
  });

  it('says why an installer could not run', () => {
    const d = pathDir();
    const { install } = installer({ error: 'spawnSync /x/install-deps.sh EACCES' });
    expect(thrown(() => requireTools(['rl-a'], 'corpus', install, d.path)).message).toContain(
      'install-deps.sh corpus` could not run (spawnSync /x/install-deps.sh EACCES)',
    );
  });
});
