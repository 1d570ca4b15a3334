// Helpers for the syscall specifications: a booted world with fds 0-2 taken, and calls checked
// against the step laws (invariants hold, a failure changes nothing).
import { expect } from 'vitest';
import type { MountableFsType } from '../../src/model/fstype.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { assertStepLaws } from './run.js';

export const ERR = (errno: string): SysResult => ({ ok: false, errno }) as SysResult;

export function boot(fs: MountableFsType = 'ext4', kernel = 'mainline'): World {
  return bootWorld({ rootFs: fs, kernel, outsideFds: [0, 1, 2] });
}

/** One call, checked against the step laws. */
export function call(w: World, sc: Syscall, pid = 1): { world: World; result: SysResult } {
  const out = step(w, pid, sc);
  assertStepLaws(w, out.world, out.result, JSON.stringify(sc));
  return { world: out.world, result: out.result };
}

/** The result of one call (the world is dropped). */
export const res = (w: World, sc: Syscall, pid = 1): SysResult => call(w, sc, pid).result;

/** Calls that must all succeed. */
export function must(w: World, ...scs: Syscall[]): World {
  let cur = w;
  for (const sc of scs) {
    const out = call(cur, sc);
    expect(out.result.ok, `${JSON.stringify(sc)} -> ${JSON.stringify(out.result)}`).toBe(true);
    cur = out.world;
  }
  return cur;
}

export const openSc = (path: string, flags: number, mode = 0o644): Syscall => ({ call: 'open', path, flags, mode });
