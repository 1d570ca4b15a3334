// The search in place saves a record by a copy that shares its nested objects (fds, children,
// lists, pipe) with the live record, and handlers copy a nested object before writing into it
// (src/ops/vfs/own-field.ts). These run random calls of every syscall the model knows, on every
// kernel variant and file system, and of the checker's alphabets, through an UndoWorld: each call must leave the world the in-place
// replay (which shares nothing) leaves, and each undo the world exactly as it was. They run both
// with the shared objects frozen (as every test runs: a write that skips ownField throws) and not
// frozen (as the search runs: such a write would change a saved record, and an undo would show it).
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSharing, TABLE_NAMES, UndoWorld } from '../../src/checker/search/undo-world.js';
import { MOUNTABLE_FS_TYPES } from '../../src/model/fstype.js';
import { KERNELS } from '../../src/model/kernel.js';
import { NotRunnable, Unmodelled } from '../../src/model/errors.js';
import type { World } from '../../src/model/world.js';
import { InPlaceRunner } from '../../src/ops/run/inplace.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { deepCopy } from '../../src/ops/vfs/plain-data.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { RELINK_ALPHABET, startWorld, type Op } from '../../src/checker/relink-alphabet.js';
import { SECURITY_ALPHABET, SECURITY_STARTS, securityStartWorld } from '../../src/checker/security-alphabet.js';
import { fuzzCall, resolveFuzzCall, type FuzzCall } from '../fuzz/model-calls.js';

interface Action<C> {
  readonly call: C;
  /** Calls to take back after this one (0: keep going deeper). */
  readonly back: number;
}

const actionArb = <C>(call: fc.Arbitrary<C>): fc.Arbitrary<Action<C>> =>
  fc.record({ call, back: fc.nat(9).map((n) => (n < 6 ? 0 : n - 5)) });

type Resolve<C> = (w: World, c: C) => { pid: number; sc: Syscall } | null;

/** Runs `actions` on an UndoWorld and on an in-place replay beside it; returns the calls that ran. */
function run<C>(start: World, resolve: Resolve<C>, actions: readonly Action<C>[]): number {
  const u = new UndoWorld(start, 1); // every call audited: the audit raises no false alarm

  /** The world before each call still applied, as a deep copy taken then. */
  const befores: World[] = [];
  let ran = 0;
  for (const a of actions) {
    const call = resolve(u.world, a.call);
    if (call === null) break;
    const before = deepCopy(u.world);
    const label = JSON.stringify(call);
    const result = u.apply({ label, pid: call.pid, sc: call.sc });
    const replay = new InPlaceRunner(before);
    let expected: unknown = null;
    try {
      expected = replay.step(call.pid, call.sc).result;
    } catch (e) {
      if (!(e instanceof NotRunnable || e instanceof Unmodelled)) throw e;
    }
    expect(result, label).toEqual(expected);
    if (result === null) {
      expect(u.world, `${label}: a call that did not run left the world as it was`).toEqual(before);
      continue;
    }
    ran++;
    expect(u.world, `${label}: the world after, as the in-place replay's`).toEqual(replay.world);
    befores.push(before);
    for (let n = 0; n < a.back && befores.length > 0; n++) {
      u.undo();
      expect(u.world, `undo after ${label}`).toEqual(befores.pop());
    }
  }
  while (befores.length > 0) {
    u.undo();
    expect(u.world).toEqual(befores.pop());
  }
  expect(u.world).toEqual(start);
  return ran;
}

const KERNEL_NAMES = Object.keys(KERNELS);
const kernelArb = fc.nat(KERNEL_NAMES.length - 1).map((k) => KERNEL_NAMES[k] ?? 'relink');
const fromAlphabet =
  (alphabet: readonly Op[]): Resolve<number> =>
  (_w, i) =>
    alphabet[i % alphabet.length] ?? null;

for (const frozen of [true, false]) {
  describe(`an UndoWorld on random calls, shared nested objects ${frozen ? 'frozen' : 'not frozen'}`, () => {
    afterAll(() => checkSharing(true)); // as test/setup.ts leaves it
    const runs = frozen ? 200 : 60;
    for (const fs of MOUNTABLE_FS_TYPES)
      it(`of every syscall on ${fs}, every kernel variant: each call as the in-place replay's, each undo back`, () => {
        checkSharing(frozen);
        let total = 0;
        fc.assert(
          fc.property(kernelArb, fc.array(actionArb(fuzzCall), { minLength: 40, maxLength: 40 }), (kernel, actions) => {
            const start = bootWorld({ kernel, rootFs: fs, outsideFds: [0, 1, 2] });
            total += run<FuzzCall>(start, resolveFuzzCall, actions);
          }),
          { numRuns: runs },
        );
        expect(total).toBeGreaterThan(runs * 10);
      });
    it('of the relink and security alphabets from their start worlds, every kernel variant: the same', () => {
      checkSharing(frozen);
      let total = 0;
      const relinkStarts = new Map(KERNEL_NAMES.map((k) => [k, startWorld(k)]));
      fc.assert(
        fc.property(
          kernelArb,
          fc.boolean(),
          fc.nat(SECURITY_STARTS.length - 1),
          fc.array(actionArb(fc.nat()), { minLength: 30, maxLength: 30 }),
          (kernel, security, s, actions) => {
            const st = SECURITY_STARTS[s];
            if (security && st !== undefined)
              total += run(securityStartWorld(kernel, st), fromAlphabet(SECURITY_ALPHABET), actions);
            else total += run(relinkStarts.get(kernel) ?? startWorld(kernel), fromAlphabet(RELINK_ALPHABET), actions);
          },
        ),
        { numRuns: runs },
      );
      expect(total).toBeGreaterThan(runs * 10);
    });
  });
}

describe('the audit of an UndoWorld that does not freeze', () => {
  afterAll(() => checkSharing(true));
  it('is a ModelBug at the undo of a call whose saved record changed through a nested object it shares', () => {
    checkSharing(false);
    const u = new UndoWorld(startWorld('relink'), 1);
    const op = RELINK_ALPHABET.find((o) => u.apply(o) !== null && u.top.count > 0);
    expect(op).toBeDefined();
    // A write past ownField, as a handler that forgot it would make: into a nested object the live
    // record shares with its saved version.
    const f = u.top;
    let wrote = false;
    for (let n = 0; n < f.count && !wrote; n++) {
      const live = (u.world[TABLE_NAMES[f.kinds[n] ?? 0] ?? 'inodes'] as unknown as Record<number, object>)[
        f.ids[n] ?? -1
      ];
      const old = f.olds[n] as Record<string, unknown> | undefined;
      if (live === undefined || old === undefined) continue;
      for (const [key, v] of Object.entries(live)) {
        if (typeof v !== 'object' || v === null || old[key] !== v) continue;
        if (Array.isArray(v)) (v as unknown[]).push(-1);
        else (v as Record<string, unknown>)['stray'] = -1;
        wrote = true;
        break;
      }
    }
    expect(wrote).toBe(true);
    expect(() => u.undo()).toThrow(/saved version changed during the call/);
  });
});
