// Patches 07 ("Add relink_dir superblock field") and 08 ("Parse the relink=%s mount option"): the
// option, the references relink_dir holds, and when they are dropped.
import { describe, expect, it } from 'vitest';
import { MS_REMOUNT } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { rDentry, rMount, rSb, rTask } from '../../src/ops/vfs/world-draft.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { showRelinkOpt } from '../../src/ops/relink/relink-dir.js';
import { assertStepLaws } from '../helpers/run.js';
import { withTree } from '../helpers/tree.js';
import { walk } from '../helpers/fixtures.js';

const mount = (target: string, fstype: string, data: string, flags = 0): Syscall => ({
  call: 'mount',
  source: `/dev/${fstype}0`,
  target,
  fstype,
  flags,
  data,
});
const remount = (target: string, data: string): Syscall => ({
  call: 'mount',
  source: '',
  target,
  fstype: '',
  flags: MS_REMOUNT,
  data,
});

function call(w: World, sc: Syscall): { world: World; result: SysResult } {
  const out = step(w, 1, sc);
  assertStepLaws(w, out.world, out.result, JSON.stringify(sc));
  return out;
}

/** A relink-series world with an ext4 file system mounted on /mnt holding /mnt/ckpt and /mnt/f. */
function mountedExt4(kernel = 'relink'): World {
  let w = withTree(bootWorld({ kernel }), { mnt: {} });
  w = call(w, mount('/mnt', 'ext4', '')).world;
  const sbId = rMount(w, walk(w, '/mnt').mnt).mnt_sb;
  // Populate the new file system through its root dentry.
  w = withTreeAt(w, '/mnt', { ckpt: { inner: {} }, f: 'data' });
  expect(rSb(w, sbId).s_relink_dir).toBeNull();
  return w;
}

function withTreeAt(w: World, at: string, spec: Parameters<typeof withTree>[1]): World {
  // withTree builds under pid 1's root; chroot-free trick: temporarily walk from the mount root.
  const p = walk(w, at);
  const task = rTask(w, 1);
  const moved: World = { ...w, tasks: { ...w.tasks, 1: { ...task, root: p } } };
  const built = withTree(moved, spec);
  return { ...built, tasks: { ...built.tasks, 1: { ...rTask(built, 1), root: task.root } } };
}

const sbOfPath = (w: World, path: string) => rSb(w, rMount(w, walk(w, path).mnt).mnt_sb);

describe('patch 08: the relink= mount option', () => {
  it('mainline kernels do not know relink= and refuse it with EINVAL', () => {
    const w = withTree(bootWorld({ kernel: 'mainline' }), { mnt: {} });
    expect(call(w, mount('/mnt', 'ext4', 'relink=/')).result).toEqual({ ok: false, errno: 'EINVAL' });
  });

  it('tmpfs has no .relink operation, so relink= is an unknown parameter there (EINVAL)', () => {
    const w = withTree(bootWorld({ kernel: 'relink' }), { mnt: {} });
    expect(call(w, mount('/mnt', 'tmpfs', 'relink=/')).result).toEqual({ ok: false, errno: 'EINVAL' });
  });

  it('relink without a value is EINVAL', () => {
    const w = withTree(bootWorld({ kernel: 'relink' }), { mnt: {} });
    expect(call(w, mount('/mnt', 'ext4', 'relink')).result).toEqual({ ok: false, errno: 'EINVAL' });
  });

  for (const fs of ['ext4', 'ext3', 'btrfs']) {
    it(`a fresh ${fs} mount accepts relink=/ and points relink_dir at its root`, () => {
      const w = call(withTree(bootWorld({ kernel: 'relink' }), { mnt: {} }), mount('/mnt', fs, 'relink=/')).world;
      const sb = sbOfPath(w, '/mnt');
      expect(sb.s_relink_dir).toBe(sb.s_root);
    });
  }

  it('a fresh mount refuses a relink= directory its empty file system cannot have (ENOENT)', () => {
    const w = withTree(bootWorld({ kernel: 'relink' }), { mnt: {} });
    expect(call(w, mount('/mnt', 'ext4', 'relink=/ckpt')).result).toEqual({ ok: false, errno: 'ENOENT' });
  });

  it('remount sets relink_dir to a directory inside the file system and takes a dentry reference', () => {
    const w0 = mountedExt4();
    const ckpt = walk(w0, '/mnt/ckpt').dentry;
    const before = rDentry(w0, ckpt).d_count;
    const w = call(w0, remount('/mnt', 'relink=/ckpt')).world;
    expect(sbOfPath(w, '/mnt').s_relink_dir).toBe(ckpt);
    expect(rDentry(w, ckpt).d_count).toBe(before + 1);
    expect(sbOfPath(w, '/mnt').s_options).toContain('relink=/ckpt');
  });

  it('the path is relative to the file system root, whatever the mountpoint', () => {
    const w = call(mountedExt4(), remount('/mnt', 'relink=ckpt/inner')).world;
    expect(sbOfPath(w, '/mnt').s_relink_dir).toBe(walk(w, '/mnt/ckpt/inner').dentry);
  });

  it('mounting the same device again applies relink= to the superblock already in use', () => {
    const w0 = withTree(mountedExt4(), { again: {} });
    const w = call(w0, mount('/again', 'ext4', 'relink=/ckpt')).world;
    expect(sbOfPath(w, '/again').s_relink_dir).toBe(walk(w, '/mnt/ckpt').dentry);
    expect(call(w0, mount('/again', 'ext4', 'relink=/nope')).result).toEqual({ ok: false, errno: 'ENOENT' });
  });

  it('remount refuses a missing directory (ENOENT), a regular file (ENOTDIR) and ".." (EINVAL)', () => {
    const w = mountedExt4();
    expect(call(w, remount('/mnt', 'relink=/nope')).result).toEqual({ ok: false, errno: 'ENOENT' });
    expect(call(w, remount('/mnt', 'relink=/f')).result).toEqual({ ok: false, errno: 'ENOTDIR' });
    expect(call(w, remount('/mnt', 'relink=/ckpt/..')).result).toEqual({ ok: false, errno: 'EINVAL' });
  });

  it('a refused remount leaves relink_dir and its references as they were', () => {
    const w0 = call(mountedExt4(), remount('/mnt', 'relink=/ckpt')).world;
    const out = call(w0, remount('/mnt', 'relink=/nope'));
    expect(out.world).toBe(w0);
  });

  it('remount with another relink= moves the reference from the old directory to the new one', () => {
    const w0 = call(mountedExt4(), remount('/mnt', 'relink=/ckpt')).world;
    const ckpt = walk(w0, '/mnt/ckpt').dentry;
    const inner = walk(w0, '/mnt/ckpt/inner').dentry;
    const w = call(w0, remount('/mnt', 'relink=/ckpt/inner')).world;
    expect(rDentry(w, ckpt).d_count).toBe(rDentry(w0, ckpt).d_count - 1);
    expect(rDentry(w, inner).d_count).toBe(rDentry(w0, inner).d_count + 1);
    expect(checkInvariants(w)).toEqual([]);
  });

  it('an empty relink= clears relink_dir, drops its reference and disappears from the options', () => {
    const w0 = call(mountedExt4(), remount('/mnt', 'relink=/ckpt')).world;
    const w = call(w0, remount('/mnt', 'relink=')).world;
    expect(sbOfPath(w, '/mnt').s_relink_dir).toBeNull();
    expect(sbOfPath(w, '/mnt').s_options).not.toContain('relink');
    expect(checkInvariants(w)).toEqual([]);
  });

  it('a remount that does not name relink= keeps relink_dir', () => {
    const w0 = call(mountedExt4(), remount('/mnt', 'relink=/ckpt')).world;
    const w = call(w0, remount('/mnt', 'nodelalloc')).world;
    expect(sbOfPath(w, '/mnt').s_relink_dir).toBe(walk(w, '/mnt/ckpt').dentry);
  });

  it('relink_dir holds no mount reference, so umount is not EBUSY and frees the superblock', () => {
    const w0 = call(mountedExt4(), remount('/mnt', 'relink=/ckpt')).world;
    const sbId = sbOfPath(w0, '/mnt').id;
    const w = call(w0, { call: 'umount2', target: '/mnt', flags: 0 }).world;
    expect(w.superblocks[sbId]).toBeUndefined();
    expect(checkInvariants(w)).toEqual([]);
  });

  it('seeded bug relink-option-leak: the old directory keeps a reference no holder accounts for', () => {
    const w0 = call(mountedExt4('relink-option-leak'), remount('/mnt', 'relink=/ckpt')).world;
    const w = step(w0, 1, remount('/mnt', 'relink=/ckpt/inner')).world;
    const violations = checkInvariants(w).map((v) => v.invariant);
    expect(violations).toContain('refcountLedger');
  });
});

describe('patch 08: relink= in /proc/mounts (show_relink_opt)', () => {
  it('shows nothing while relink_dir is unset', () => {
    const w = mountedExt4();
    expect(showRelinkOpt(w, sbOfPath(w, '/mnt').id)).toBeNull();
  });

  it('shows the path from the file system root, whatever the mount point', () => {
    const w = call(mountedExt4(), remount('/mnt', 'relink=/ckpt/inner')).world;
    expect(showRelinkOpt(w, sbOfPath(w, '/mnt').id)).toBe('/ckpt/inner');
  });

  it('shows a removed relink_dir as dentry_path does, with //deleted', () => {
    let w = call(mountedExt4(), remount('/mnt', 'relink=/ckpt/inner')).world;
    w = call(w, { call: 'rmdir', path: '/mnt/ckpt/inner' }).world;
    expect(showRelinkOpt(w, sbOfPath(w, '/mnt').id)).toBe('/ckpt/inner//deleted');
  });

  it('shows nothing again once a remount clears it', () => {
    let w = call(mountedExt4(), remount('/mnt', 'relink=/ckpt')).world;
    w = call(w, remount('/mnt', 'relink=')).world;
    expect(showRelinkOpt(w, sbOfPath(w, '/mnt').id)).toBeNull();
  });
});
