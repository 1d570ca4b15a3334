// The exhaustive search in place (src/checker/search/bfs-in-place.ts: one mutable world, an undo
// log) against the copy-on-write search: the same answer field by field, on both keys, both
// alphabets and every seeded bug; the world back at its start after the search; a call that throws
// midway undone; and an undo that forgets the counters caught.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/checker/search/bfs.js';
import { searchInPlace } from '../../src/checker/search/bfs-in-place.js';
import { InPlaceExpander } from '../../src/checker/search/in-place-expander.js';
import { UndoWorld } from '../../src/checker/search/undo-world.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import { SECURITY_ALPHABET, SECURITY_STARTS, securityStartWorld } from '../../src/checker/security-alphabet.js';
import { rawStateKey } from '../../src/checker/canonical.js';
import { rawFingerprint } from '../../src/checker/raw-fingerprint.js';
import { rederiveOp } from '../../src/checker/search/apply-op.js';
import { SEEDED_BUGS } from '../../src/model/kernel.js';
import { Unmodelled } from '../../src/model/errors.js';
import { deepCopy } from '../../src/ops/vfs/plain-data.js';
import type { World } from '../../src/model/world.js';
import { answer } from './search-helpers.js';

/** rawStateKey of the live world now (a fresh object: rawStateKey remembers keys per world object). */
const keyNow = (u: UndoWorld): string => rawStateKey(deepCopy(u.world));

describe('the search in place gives the copy-on-write search answer', () => {
  for (const [kernel, key, depth] of [
    ['relink', 'raw', 6],
    ['relink', 'canonical', 6],
    ['mainline', 'canonical', 6],
  ] as const) {
    it(`${kernel}, ${key} keys, depth ${depth}`, () => {
      const cow = exhaustive(kernel, depth, RELINK_ALPHABET, { key, step: 'copy-on-write' });
      const inPlace = exhaustive(kernel, depth, RELINK_ALPHABET, { key, step: 'in-place' });
      expect(answer(inPlace)).toEqual(answer(cow));
    });
  }

  for (const kernel of ['relink', 'relink-without-capability']) {
    for (const start of SECURITY_STARTS) {
      it(`the security alphabet, whose looking op reads the world at each state (${kernel}, ${start.name})`, () => {
        const w = securityStartWorld(kernel, start);
        const cow = exhaustive(kernel, 5, SECURITY_ALPHABET, { start: w, step: 'copy-on-write' });
        const inPlace = exhaustive(kernel, 5, SECURITY_ALPHABET, { start: w, step: 'in-place' });
        expect(answer(inPlace)).toEqual(answer(cow));
      });
    }
  }

  for (const bug of SEEDED_BUGS) {
    it(`the seeded bug ${bug}: the same counterexample, message by message`, () => {
      const cow = exhaustive(bug, 5, RELINK_ALPHABET, { step: 'copy-on-write' });
      const inPlace = exhaustive(bug, 5, RELINK_ALPHABET, { step: 'in-place' });
      expect(answer(inPlace)).toEqual(answer(cow));
    });
  }
});

describe('the world in place', () => {
  it('is the start again after a whole search and after one stopped by a counterexample', () => {
    for (const kernel of ['relink', 'relink-option-leak']) {
      const start = startWorld(kernel);
      const x = new InPlaceExpander(new UndoWorld(start), RELINK_ALPHABET, 'raw');
      const s = searchInPlace(x, 5, {});
      expect(s.transitions).toBeGreaterThan(0);
      expect(keyNow(x.undo)).toBe(rawStateKey(start));
      expect(x.undo.height).toBe(0);
    }
  });

  it("has rawFingerprint's value and the copy-on-write world's key at every state to depth 3", () => {
    const x = new InPlaceExpander(new UndoWorld(startWorld('relink')), RELINK_ALPHABET, 'raw');
    let level: { path: number[]; world: World }[] = [{ path: [], world: startWorld('relink') }];
    let compared = 0;
    for (let d = 0; d < 3; d++) {
      const next: typeof level = [];
      for (const s of level)
        for (const [i, op] of RELINK_ALPHABET.entries()) {
          const w = rederiveOp(s.world, op);
          if (w === null || w === s.world) continue;
          const path = [...s.path, i];
          x.goTo(path);
          expect(keyNow(x.undo)).toBe(rawStateKey(w));
          expect(x.fingerprint()).toEqual(rawFingerprint(w));
          compared++;
          next.push({ path, world: w });
        }
      level = next;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('is as before after a call that throws midway, its writes undone', () => {
    const u = new UndoWorld(startWorld('relink'));
    const before = keyNow(u);
    const counters = JSON.stringify(u.world.next);
    let changedWhenThrown = false;
    // Hand-made: reading an fd table throws Unmodelled once the call has allocated an id (open
    // reads its task's fd table again to install the new file, after creating it).
    for (const t of Object.values(u.world.fdtables)) {
      const fds = t.fds;
      let thrown = false;
      Object.defineProperty(t, 'fds', {
        enumerable: true,
        configurable: true,
        get(): typeof fds {
          if (thrown || JSON.stringify(u.world.next) === counters) return fds;
          thrown = true;
          changedWhenThrown = keyNow(u) !== before;
          throw new Unmodelled('hand-made: a call that stops midway');
        },
      });
    }
    const open = RELINK_ALPHABET.find((op) => op.label === 'open /a');
    if (open === undefined) throw new Error('no open /a in the alphabet');
    expect(u.apply(open)).toBeNull();
    expect(changedWhenThrown).toBe(true);
    expect(u.height).toBe(0);
    expect(keyNow(u)).toBe(before);
  });

  it('an undo that forgets the counters leaves another world behind, which the start check sees', () => {
    class ForgetsCounters extends UndoWorld {
      override undo(): void {
        const next = this.world.next;
        super.undo();
        (this.world as { next: World['next'] }).next = next;
      }
    }
    const start = startWorld('relink');
    const x = new InPlaceExpander(new ForgetsCounters(start), RELINK_ALPHABET, 'raw');
    searchInPlace(x, 2, {});
    expect(keyNow(x.undo)).not.toBe(rawStateKey(start));
  });
});
