// The copy-on-write step gives what immer's step gives: the same result and wake-ups, an equal
// world, the very same world when the call wrote nothing, the world before untouched, and a
// throw with nothing changed. Over random syscall sequences and every transition the explorers'
// alphabets make in their first levels, under every kernel variant.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intentArb, resolveIntent } from '../helpers/alphabet.js';
import { RELINK_ALPHABET, startWorld, type Op } from '../../src/checker/relink-alphabet.js';
import { SECURITY_ALPHABET, SECURITY_STARTS, securityStartWorld } from '../../src/checker/security-alphabet.js';
import { KERNELS } from '../../src/model/kernel.js';
import type { MountableFsType } from '../../src/model/fstype.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { cowStep } from '../../src/ops/run/cow.js';
import { step, type StepOutcome } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

type Ran = { out: StepOutcome } | { threw: string };

function run(f: typeof step, w: World, pid: number, sc: Syscall): Ran {
  try {
    return { out: f(w, pid, sc) };
  } catch (e) {
    return { threw: (e as Error).constructor.name };
  }
}

/** One call both ways from `w`; returns the world to go on from (immer's), or null after a throw. */
function compareCall(w: World, pid: number, sc: Syscall, what: string): World | null {
  const before = JSON.stringify(w);
  const a = run(step, w, pid, sc);
  const b = run(cowStep, w, pid, sc);
  expect(JSON.stringify(w), `${what}: the world before is untouched`).toBe(before);
  if ('threw' in a) {
    expect(b, what).toEqual(a);
    return null;
  }
  if ('threw' in b) throw new Error(`${what}: copy-on-write threw ${b.threw}, immer did not`);
  expect(b.out.result, what).toEqual(a.out.result);
  expect(b.out.wakeups, what).toEqual(a.out.wakeups);
  expect(b.out.world, what).toEqual(a.out.world);
  // The very same world when immer's is (no write); also when a write left every value as it was
  // (a remount to the same relink_dir, chdir "."), where immer makes an equal copy.
  if (a.out.world === w) expect(b.out.world, `${what}: the same world when immer's is`).toBe(w);
  return a.out.world;
}

/** Every (world, op) of the alphabet's first `depth` levels, worlds as immer made them. */
function compareLevels(start: World, alphabet: readonly Op[], depth: number, label: string): number {
  let level = [start];
  let compared = 0;
  for (let d = 1; d <= depth; d++) {
    const next: World[] = [];
    for (const w of level)
      for (const op of alphabet) {
        if (op.when !== undefined && !op.when(w)) continue;
        const after = compareCall(w, op.pid, op.sc, `${label}: ${op.label} at level ${d}`);
        compared++;
        if (after !== null && after !== w) next.push(after);
      }
    level = next.slice(0, 60);
  }
  return compared;
}

describe('the copy-on-write step', () => {
  const filesystems: MountableFsType[] = ['ext4', 'btrfs', 'tmpfs'];
  for (const fs of filesystems) {
    it(`agrees with immer's step on random syscall sequences (${fs})`, () => {
      fc.assert(
        fc.property(fc.array(intentArb, { maxLength: 40 }), (intents) => {
          let w: World = bootWorld({ rootFs: fs });
          for (const [i, intent] of intents.entries()) {
            const call = resolveIntent(w, intent);
            if (call === null) break;
            w = compareCall(w, call.pid, call.sc, `call ${i}: ${JSON.stringify(call)}`) ?? w;
          }
        }),
        { numRuns: 120 },
      );
    });
  }

  for (const kernel of Object.keys(KERNELS)) {
    it(`agrees with immer's step on the relink alphabet's first levels (${kernel})`, () => {
      expect(compareLevels(startWorld(kernel), RELINK_ALPHABET, 3, kernel)).toBeGreaterThan(100);
    });
  }

  for (const start of SECURITY_STARTS)
    it(`agrees with immer's step on the security alphabet's first levels (${start.name})`, () => {
      for (const kernel of ['relink', 'relink-dir-not-private', 'relink-without-capability'])
        compareLevels(securityStartWorld(kernel, start), SECURITY_ALPHABET, 2, `${kernel}, ${start.name}`);
    });

  it('leaves a world read from JSON (a partitioned search ships them) as it was', () => {
    let w = startWorld('relink');
    for (const op of RELINK_ALPHABET.slice(0, 2)) w = step(w, op.pid, op.sc).world;
    const text = JSON.stringify(w);
    const parsed = JSON.parse(text) as World;
    const unlink = RELINK_ALPHABET.find((op) => op.label === 'unlink /a');
    if (unlink === undefined) throw new Error('no unlink /a in the alphabet');
    const after = cowStep(parsed, unlink.pid, unlink.sc).world;
    expect(JSON.stringify(parsed)).toBe(text);
    expect(after).toEqual(step(w, unlink.pid, unlink.sc).world);
  });

  it('freezes every record of the worlds it makes, so a stray write throws', () => {
    let w = startWorld('relink');
    for (const op of RELINK_ALPHABET.slice(0, 6)) w = cowStep(w, op.pid, op.sc).world;
    for (const table of [w.inodes, w.dentries, w.files, w.fdtables, w.tasks])
      for (const rec of Object.values(table)) expect(Object.isFrozen(rec)).toBe(true);
    const file = Object.values(w.files)[0];
    expect(() => {
      (file as { f_pos: number }).f_pos = 99;
    }).toThrow(TypeError);
  });
});
