// The three representations of a session (immer, immer with patches, in place) give equal
// results, wake-ups and worlds on the same calls, and throw alike when a call cannot run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intentArb, resolveIntent, type Intent } from '../helpers/alphabet.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import type { MountableFsType } from '../../src/model/fstype.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { Session, type Representation } from '../../src/session/session.js';

const REPRESENTATIONS: readonly Representation[] = ['immer', 'patches', 'in-place'];

/** The call's result and wake-ups, or the class of what it threw. */
function outcome(s: Session, pid: number, sc: Syscall): unknown {
  try {
    const { result, wakeups } = s.run(pid, sc);
    return { result, wakeups };
  } catch (e) {
    return { threw: (e as Error).constructor.name };
  }
}

/** Runs the calls `next` picks on one session per representation, comparing after every call. */
function runAll(start: World, next: (w: World, i: number) => { pid: number; sc: Syscall } | null): void {
  const sessions = REPRESENTATIONS.map(
    (representation) => new Session(start, { representation, invariants: { when: 'off', set: 'state' } }),
  );
  const [first, ...others] = sessions;
  if (first === undefined) throw new Error('no session');
  for (let i = 0; ; i++) {
    const call = next(first.world, i);
    if (call === null) break;
    const expected = outcome(first, call.pid, call.sc);
    for (const [j, s] of others.entries()) {
      const what = `${REPRESENTATIONS[j + 1]}, call ${i}: ${JSON.stringify(call)}`;
      expect(outcome(s, call.pid, call.sc), what).toEqual(expected);
      expect(s.world, what).toEqual(first.world);
    }
  }
  for (const s of others) expect(s.snapshot()).toEqual(first.snapshot());
}

const byIntent = (intents: readonly Intent[]) => (w: World, i: number) => {
  const it = intents[i];
  return it === undefined ? null : resolveIntent(w, it);
};

describe('a session in each representation', () => {
  const filesystems: MountableFsType[] = ['ext4', 'btrfs', 'tmpfs'];
  for (const fs of filesystems) {
    it(`gives equal results and worlds on random syscall sequences (${fs})`, () => {
      fc.assert(
        fc.property(fc.array(intentArb, { maxLength: 30 }), (intents) => {
          runAll(bootWorld({ rootFs: fs }), byIntent(intents));
        }),
        { numRuns: 60 },
      );
    });
  }

  it('gives equal results and worlds on the relink alphabet under a seeded bug', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...RELINK_ALPHABET), { maxLength: 20 }), (ops) => {
        runAll(startWorld('relink-keeps-orphan'), (_w, i) => ops[i] ?? null);
      }),
      { numRuns: 60 },
    );
  });
});
