// Each invariant policy checks when it says: 'every' after each call, 'end' only in end(), 'off'
// never; an explicit check() answers whatever the policy.
import { describe, expect, it } from 'vitest';
import { remount, startWorld } from '../../src/checker/relink-alphabet.js';
import { ModelBug } from '../../src/model/errors.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { Session, type InvariantPolicy, type Representation } from '../../src/session/session.js';
import { open, relinkAt } from '../relink/setup.js';

/** Under this seeded bug the unlink of an open file leaves it off the orphan list (orphanListIsExact). */
const KERNEL = 'unlink-orphan-before-drop';
const CALLS: [number, Syscall][] = [
  [2, open('/a')],
  [2, { call: 'unlink', path: '/a' }],
];

/** The invariants each call reported, then those end() reported. */
function broken(representation: Representation, when: InvariantPolicy['when']) {
  const s = new Session(startWorld(KERNEL), { representation, invariants: { when, set: 'state' } });
  const perCall = CALLS.map(([pid, sc]) => s.run(pid, sc).violations.map((v) => v.invariant));
  return { perCall, end: s.end().map((v) => v.invariant), now: s.check().map((v) => v.invariant) };
}

describe('the invariant policy of a session', () => {
  for (const representation of ['immer', 'patches', 'in-place'] as const) {
    it(`'every' checks after each call, and end() has nothing left to say (${representation})`, () => {
      const r = broken(representation, 'every');
      expect(r.perCall[1]).toContain('orphanListIsExact');
      expect(r.end).toEqual([]);
    });

    it(`'end' checks only at the end (${representation})`, () => {
      const r = broken(representation, 'end');
      expect(r.perCall).toEqual([[], []]);
      expect(r.end).toContain('orphanListIsExact');
    });

    it(`'off' never checks, though check() still answers (${representation})`, () => {
      const r = broken(representation, 'off');
      expect(r.perCall).toEqual([[], []]);
      expect(r.end).toEqual([]);
      expect(r.now).toContain('orphanListIsExact');
    });
  }

  it('refuses the transition laws in place, where the world before a call is gone', () => {
    expect(
      () =>
        new Session(startWorld('relink'), {
          representation: 'in-place',
          invariants: { when: 'every', set: 'state+transitions' },
        }),
    ).toThrow(ModelBug);
  });

  it("'transitions' judges the laws alone: a broken state invariant goes unreported, a broken law not", () => {
    const run = (kernel: string, calls: [number, Syscall][]) => {
      const s = new Session(startWorld(kernel), {
        representation: 'cow',
        invariants: { when: 'every', set: 'transitions' },
      });
      return calls.flatMap(([pid, sc]) => s.run(pid, sc).violations.map((v) => v.invariant));
    };
    // orphanListIsExact is a state invariant.
    expect(run(KERNEL, CALLS)).toEqual([]);
    // deletedStaysDeleted is a law over the call (the relink outside relink_dir).
    expect(
      run('relink-falls-back-to-link', [...CALLS, [1, remount('relink=/data')], [2, relinkAt(3, '/ckpt/r')]]),
    ).toEqual(['deletedStaysDeleted']);
  });

  it("refuses 'transitions' in place too", () => {
    expect(
      () =>
        new Session(startWorld('relink'), {
          representation: 'in-place',
          invariants: { when: 'every', set: 'transitions' },
        }),
    ).toThrow(ModelBug);
  });
});
