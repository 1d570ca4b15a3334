// Helpers the specification tests share: run calls in order, and check the laws every step obeys.
import { expect } from 'vitest';
import type { World } from '../../src/model/world.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { step } from '../../src/ops/run/step.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

export interface Ran {
  world: World;
  results: SysResult[];
}

/** Run `calls` (as pid 1 unless a [pid, call] pair is given), returning the world and every result. */
export function run(world: World, calls: readonly (Syscall | readonly [number, Syscall])[]): Ran {
  let w = world;
  const results: SysResult[] = [];
  for (const c of calls) {
    const [pid, sc] = Array.isArray(c) ? (c as readonly [number, Syscall]) : [1, c as Syscall];
    const out = step(w, pid, sc);
    w = out.world;
    results.push(out.result);
  }
  return { world: w, results };
}

/** The laws of one step: invariants hold after it, and a failed call leaves the world untouched. */
export function assertStepLaws(before: World, after: World, result: SysResult, label: string): void {
  const violations = checkInvariants(after);
  expect(violations, `after ${label}`).toEqual([]);
  if (result.ok === false) expect(after, `errno path of ${label} changed the world`).toBe(before);
}
