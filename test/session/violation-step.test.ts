// A violation is reported with the very call that makes it: not before, and (for the transition
// laws) only when the policy's set has them.
import { describe, expect, it } from 'vitest';
import { remount, startWorld } from '../../src/checker/relink-alphabet.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { Session, type InvariantPolicy, type Representation } from '../../src/session/session.js';
import { open, relinkAt } from '../relink/setup.js';

/** The invariants and laws each call broke, by name. */
function brokenPerCall(
  kernel: string,
  calls: readonly [number, Syscall][],
  representation: Representation,
  set: InvariantPolicy['set'],
): string[][] {
  const s = new Session(startWorld(kernel), { representation, invariants: { when: 'every', set } });
  return calls.map(([pid, sc]) => s.run(pid, sc).violations.map((v) => v.invariant));
}

describe('a violation under the every-call policy', () => {
  // unlink-orphan-before-drop: the unlink of an open file leaves it off the orphan list.
  const orphan: [number, Syscall][] = [
    [2, open('/a')],
    [2, { call: 'write', fd: 3, data: 'x' }],
    [2, { call: 'unlink', path: '/a' }],
  ];
  for (const representation of ['immer', 'patches', 'in-place'] as const) {
    it(`is reported at the call that breaks the invariant (${representation})`, () => {
      const r = brokenPerCall('unlink-orphan-before-drop', orphan, representation, 'state');
      expect(r.slice(0, 2)).toEqual([[], []]);
      expect(r[2]).toContain('orphanListIsExact');
    });
  }

  // relink-falls-back-to-link: a deleted file relinked outside relink_dir (deletedStaysDeleted, a transition law).
  const resurrect: [number, Syscall][] = [
    [2, open('/a')],
    [2, { call: 'unlink', path: '/a' }],
    [1, remount('relink=/data')],
    [2, relinkAt(3, '/ckpt/r')],
  ];

  it('of a transition law is reported at its call when the set has the laws', () => {
    const r = brokenPerCall('relink-falls-back-to-link', resurrect, 'immer', 'state+transitions');
    expect(r.slice(0, 3)).toEqual([[], [], []]);
    expect(r[3]).toContain('deletedStaysDeleted');
  });

  it('of a transition law is not reported when the set is the state invariants alone', () => {
    const r = brokenPerCall('relink-falls-back-to-link', resurrect, 'immer', 'state');
    expect(r[3]).not.toContain('deletedStaysDeleted');
  });
});
