// The in-place runner gives what `step` gives: the same result, the same wake-ups, the same world
// after every call, and the same world after a call that throws (Unmodelled, NotRunnable).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intentArb, resolveIntent } from '../helpers/alphabet.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import type { MountableFsType } from '../../src/model/fstype.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { InPlaceRunner } from '../../src/ops/run/inplace.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { O_RDWR } from '../../src/model/flags.js';

type Outcome = { ok: ReturnType<typeof step> extends infer O ? Omit<O & object, 'world'> : never } | { threw: string };

function viaStep(w: World, pid: number, sc: Syscall): { world: World; out: Outcome } {
  try {
    const { world, ...rest } = step(w, pid, sc);
    return { world, out: { ok: rest } };
  } catch (e) {
    return { world: w, out: { threw: (e as Error).constructor.name } };
  }
}

function viaRunner(r: InPlaceRunner, pid: number, sc: Syscall): Outcome {
  try {
    return { ok: r.step(pid, sc) };
  } catch (e) {
    return { threw: (e as Error).constructor.name };
  }
}

/** Run the calls both ways, comparing after each; `next` picks a call from the current world. */
function compareRuns(
  start: World,
  next: (w: World, i: number) => { pid: number; sc: Syscall } | null,
  n: number,
  r = new InPlaceRunner(start),
): Outcome[] {
  let w = start;
  const outcomes: Outcome[] = [];
  for (let i = 0; i < n; i++) {
    const call = next(w, i);
    if (call === null) break;
    const a = viaStep(w, call.pid, call.sc);
    const b = viaRunner(r, call.pid, call.sc);
    expect(b, `call ${i}: ${JSON.stringify(call)}`).toEqual(a.out);
    expect(r.world, `world after call ${i}: ${JSON.stringify(call)}`).toEqual(a.world);
    outcomes.push(b);
    w = a.world;
  }
  expect(r.snapshot()).toEqual(w);
  expect(Object.isFrozen(r.snapshot().inodes)).toBe(true);
  return outcomes;
}

describe('the in-place runner', () => {
  const filesystems: MountableFsType[] = ['ext4', 'btrfs', 'tmpfs'];
  for (const fs of filesystems) {
    it(`agrees with step on random syscall sequences (${fs})`, () => {
      fc.assert(
        fc.property(fc.array(intentArb, { maxLength: 40 }), (intents) => {
          compareRuns(
            bootWorld({ rootFs: fs }),
            (w, i) => (intents[i] === undefined ? null : resolveIntent(w, intents[i])),
            intents.length,
          );
        }),
        { numRuns: 150 },
      );
    });
  }

  it('agrees with step on the relink alphabet, under the series and a seeded bug', () => {
    for (const kernel of ['relink', 'relink-keeps-orphan']) {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...RELINK_ALPHABET), { maxLength: 20 }), (ops) => {
          compareRuns(startWorld(kernel), (_w, i) => ops[i] ?? null, ops.length);
        }),
        { numRuns: 100 },
      );
    }
  });

  it('rolls back across a checkpoint when a call throws', () => {
    const intents = fc.sample(intentArb, { seed: 7, numRuns: 3000 });
    compareRuns(
      bootWorld(),
      (w, i) => (intents[i] === undefined ? null : resolveIntent(w, intents[i])),
      intents.length,
    );
  });

  it('rolls back to checkpoints grown apart, and to close ones again after a call threw', () => {
    const intents = fc.sample(intentArb, { seed: 7, numRuns: 3000 });
    const start = bootWorld();
    const intervals = { first: 4, most: 64 };
    const outcomes = compareRuns(
      start,
      (w, i) => (intents[i] === undefined ? null : resolveIntent(w, intents[i])),
      intents.length,
      new InPlaceRunner(start, intervals),
    );
    // Some call threw after the checkpoints had grown to the longest interval (4 + 8 + ... + 64
    // calls without a throw), and some before they had again.
    const threw = outcomes.flatMap((o, i) => ('threw' in o ? [i] : []));
    const gaps = threw.slice(1).map((at, k) => at - (threw[k] as number));
    expect(gaps.some((g) => g > 124)).toBe(true);
    expect(gaps.some((g) => g < 124)).toBe(true);
  });

  it('wakes a task that went to sleep after calls with no sleeper, and again after it woke', () => {
    // bootWorld's task holds no fd, so the fifo opened for both ends is fd 0.
    const fifoRw: Syscall = { call: 'open', path: '/p', flags: O_RDWR, mode: 0 };
    const calls: { pid: number; sc: Syscall }[] = [
      { pid: 1, sc: { call: 'mknod', path: '/p', mode: 0o10600, dev: 0 } },
      { pid: 1, sc: fifoRw },
      { pid: 1, sc: { call: 'fork', child: 2 } },
      { pid: 1, sc: { call: 'mkdir', path: '/d', mode: 0o755 } },
      { pid: 2, sc: { call: 'read', fd: 0, count: 5 } },
      { pid: 1, sc: { call: 'write', fd: 0, data: 'hi' } },
      { pid: 1, sc: { call: 'mkdir', path: '/e', mode: 0o755 } },
      { pid: 2, sc: { call: 'read', fd: 0, count: 5 } },
      { pid: 1, sc: { call: 'mkdir', path: '/f', mode: 0o755 } },
      { pid: 1, sc: { call: 'write', fd: 0, data: 'again' } },
    ];
    const r = new InPlaceRunner(bootWorld());
    const wakeups = calls.map((c) => r.step(c.pid, c.sc).wakeups.map((x) => x.result));
    expect(wakeups[5]).toEqual([{ ok: true, ret: 2, data: 'hi' }]);
    expect(wakeups[9]).toEqual([{ ok: true, ret: 5, data: 'again' }]);
    compareRuns(bootWorld(), (_w, i) => calls[i] ?? null, calls.length);
  });
});
