// A relink-series world: ext4 (or another file system) at "/", /ckpt as relink_dir, and helpers.
import { expect } from 'vitest';
import { AT_EMPTY_PATH, MS_REMOUNT, O_CREAT, O_RDWR } from '../../src/model/flags.js';
import type { MountableFsType } from '../../src/model/fstype.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall, SyscallOf } from '../../src/model/syscall/syscall.js';
import { assertStepLaws } from '../helpers/run.js';

export const OK0: SysResult = { ok: true, ret: 0 };
export const ERR = (errno: string): SysResult => ({ ok: false, errno }) as SysResult;

/** One call by `pid` (default 1), checked against the step laws; returns the new world and result. */
export function call(w: World, sc: Syscall, pid = 1): { world: World; result: SysResult } {
  const out = step(w, pid, sc);
  assertStepLaws(w, out.world, out.result, JSON.stringify(sc));
  return { world: out.world, result: out.result };
}

/** Run calls in order, each expected to succeed; returns the world. */
export function must(w: World, ...scs: Syscall[]): World {
  let cur = w;
  for (const sc of scs) {
    const out = call(cur, sc);
    expect(out.result.ok, JSON.stringify(sc)).toBe(true);
    cur = out.world;
  }
  return cur;
}

export const open = (path: string, flags = O_CREAT | O_RDWR): Syscall => ({
  call: 'open',
  path,
  flags,
  mode: 0o644,
});
export const write = (fd: number, data: string): Syscall => ({ call: 'write', fd, data });
export const relinkAt = (fd: number, newpath: string): SyscallOf<'linkat'> => ({
  call: 'linkat',
  olddirfd: fd,
  oldpath: '',
  newdirfd: -100,
  newpath,
  flags: AT_EMPTY_PATH,
});

/** The relink kernel with /ckpt as relink_dir on the root file system. */
export function relinkWorld(fs: MountableFsType = 'ext4', kernel = 'relink'): World {
  let w = bootWorld({ kernel, rootFs: fs, outsideFds: [0, 1, 2] });
  w = must(w, { call: 'mkdir', path: '/ckpt', mode: 0o700 });
  // tmpfs has no relink=, and mainline knows no relink= at all.
  if (fs === 'tmpfs' || kernel === 'mainline') return w;
  return must(w, { call: 'mount', source: '', target: '/', fstype: '', flags: MS_REMOUNT, data: 'relink=/ckpt' });
}

/** A file /f with data open as fd 3, then unlinked: the object of every relink test. */
export function unlinkedOpen(w: World, data = 'payload'): World {
  return must(w, open('/f'), write(3, data), { call: 'unlink', path: '/f' });
}
