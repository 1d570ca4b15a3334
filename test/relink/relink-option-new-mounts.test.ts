// relink= on mounts of the root file system's own device (sget reuses its superblock), and the
// option rules that such mounts exposed; checked on Debian's 6.1 and our patched 6.1 through
// scenarios/relink-option/ (crosscheck --kernel debian|patched).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MountableFsType } from '../../src/model/fstype.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { ROOT_DEVICE } from '../../src/ops/vfs/super.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { rMount, rSb } from '../../src/ops/vfs/world-draft.js';
import { readScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';
import { walk } from '../helpers/fixtures.js';
import { call, ERR, must, OK0 } from './setup.js';
import { remount } from '../../src/checker/relink-alphabet.js';

const again = (fstype: MountableFsType, data: string): Syscall => ({
  call: 'mount',
  source: ROOT_DEVICE,
  target: '/m',
  fstype,
  flags: 0,
  data,
});
const mkdir = (path: string): Syscall => ({ call: 'mkdir', path, mode: 0o755 });

function booted(kernel: string, fs: MountableFsType): World {
  return must(bootWorld({ kernel, rootFs: fs }), mkdir('/m'), mkdir('/ckpt'));
}
const rootSb = (w: World) => rSb(w, rMount(w, walk(w, '/').mnt).mnt_sb);

describe('relink= on a mount of the root device again', () => {
  it('a missing directory is ENOENT and changes nothing: no mount, s_active as it was', () => {
    const w = booted('relink', 'ext4');
    const out = call(w, again('ext4', 'relink=/missing'));
    expect(out.result).toEqual(ERR('ENOENT'));
    expect(out.world).toEqual(w);
  });

  it('a good value is set on the shared superblock once the mount is attached', () => {
    const out = call(booted('relink', 'ext4'), again('ext4', 'relink=/ckpt'));
    expect(out.result).toEqual(OK0);
    expect(rootSb(out.world).s_active).toBe(2);
    expect(rootSb(out.world).s_relink_dir).toBe(walk(out.world, '/ckpt').dentry);
  });

  it('an empty value clears what a remount set', () => {
    const w = must(booted('relink', 'btrfs'), remount('relink=/ckpt'));
    const out = call(w, again('btrfs', 'relink='));
    expect(out.result).toEqual(OK0);
    expect(rootSb(out.world).s_relink_dir).toBeNull();
  });
});

describe('relink= names that are also object properties', () => {
  it('"__proto__" and "constructor" are missing names (ENOENT), not a model bug', () => {
    for (const name of ['__proto__', 'constructor', 'toString'])
      expect(call(booted('relink', 'ext4'), remount(`relink=/${name}`)).result).toEqual(ERR('ENOENT'));
  });
});

describe('options a file system does not know, on a mount that reuses its superblock', () => {
  it('ext4 refuses them when it parses them, before the device is looked at (EINVAL)', () => {
    expect(call(booted('mainline', 'ext4'), again('ext4', 'relink=/ckpt')).result).toEqual(ERR('EINVAL'));
  });

  it('btrfs parses them only in fill_super, which a reused superblock skips: mainline mounts it', () => {
    const out = call(booted('mainline', 'btrfs'), again('btrfs', 'relink=/missing'));
    expect(out.result).toEqual(OK0);
    expect(rootSb(out.world).s_relink_dir).toBeNull();
  });

  it('btrfs refuses them at remount (btrfs_remount parses every option)', () => {
    expect(call(booted('mainline', 'btrfs'), remount('relink=/ckpt')).result).toEqual(ERR('EINVAL'));
  });

  it('btrfs with the series takes relink= out first and looks it up in the reused superblock', () => {
    expect(call(booted('relink', 'btrfs'), again('btrfs', 'relink=/missing')).result).toEqual(ERR('ENOENT'));
    expect(call(booted('relink', 'btrfs'), again('btrfs', 'relink')).result).toEqual(ERR('EINVAL'));
  });
});

const DIR = join(import.meta.dirname, '..', '..', 'scenarios', 'relink-option');

describe('scenarios/relink-option', () => {
  for (const f of readdirSync(DIR).filter((n) => n.endsWith('.yaml'))) {
    it(`${f} runs with every step as expected under the relink series`, () => {
      const r = runScenario(readScenario(join(DIR, f)));
      expect(r.steps.filter((s) => !s.ok).map((s) => `${s.line}: ${s.what} -> ${s.detail}`)).toEqual([]);
    });
  }
});
