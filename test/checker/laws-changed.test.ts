// The transition laws told which records a step changed (checkTransition's `changed`, the undo
// frame the search in place passes) find exactly what the whole laws find, violation by violation
// and in the same order: on random calls from random worlds of every kernel variant, on those
// steps' worlds after corrupted where each law looks (so that every law has violations to agree
// on), and on every transition of every kernel variant, each seeded bug included, to depth 4 of
// the checker's alphabet and of the security alphabet from both its starts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawStateKey } from '../../src/checker/canonical.js';
import { RELINK_ALPHABET, startWorld, type Op } from '../../src/checker/relink-alphabet.js';
import { SECURITY_ALPHABET, SECURITY_STARTS, securityStartWorld } from '../../src/checker/security-alphabet.js';
import { UndoWorld } from '../../src/checker/search/undo-world.js';
import type { ChangedRecords } from '../../src/invariants/changed-records.js';
import { checkTransition, type Transition } from '../../src/invariants/transitions.js';
import { SEEDED_BUGS } from '../../src/model/kernel.js';
import type { World } from '../../src/model/world.js';
import { deepCopy } from '../../src/ops/vfs/plain-data.js';
import { O_NONBLOCK, O_RDWR } from '../../src/model/flags.js';
import {
  fsArb,
  kernelArb,
  MOUNTED_SETUP,
  busyCall,
  busyWorldOf,
  resolveAll,
  type Call,
} from '../helpers/footprint-pairs.js';
import { corrupt, corruptionArb } from '../helpers/law-corruptions.js';

/** The laws' answer, or the exception they threw (a restricted law must throw where the whole one does). */
function laws(t: Transition, changed?: ChangedRecords): unknown {
  try {
    return checkTransition(t, changed);
  } catch (e) {
    return `threw ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`;
  }
}

/** Violations seen, per law: that the comparisons were not all of empty lists. */
type Seen = Map<string, number>;
function tally(seen: Seen, answer: unknown): void {
  if (!Array.isArray(answer)) return;
  for (const v of answer as { invariant: string }[]) seen.set(v.invariant, (seen.get(v.invariant) ?? 0) + 1);
}

/**
 * Every transition from `start` to depth `depth` of `alphabet`, stepped in place as the search does
 * (each state once, at the least depth it was reached by; a violating step is expanded too), each
 * checked both ways. The transitions compared.
 */
function everyTransition(start: World, alphabet: readonly Op[], depth: number, seen: Seen): number {
  const u = new UndoWorld(start);
  const left = new Map<string, number>();
  let n = 0;
  const go = (more: number): void => {
    for (const op of alphabet) {
      const result = u.apply(op);
      if (result === null) continue;
      const t = { before: u.before(), pid: op.pid, sc: op.sc, result, after: u.world };
      const whole = laws(t);
      expect(laws(t, u.top), `${op.label} at depth ${u.height}`).toEqual(whole);
      tally(seen, whole);
      n++;
      if (more > 1 && !u.unchanged()) {
        const key = rawStateKey(deepCopy(u.world));
        if ((left.get(key) ?? 0) < more - 1) {
          left.set(key, more - 1);
          go(more - 1);
        }
      }
      u.undo();
    }
  };
  go(depth);
  return n;
}

/** MOUNTED_SETUP with the fifo p open (fd 5 of pid 1) and bytes in its buffer, for the pipe laws. */
const SETUP: readonly Call[] = [
  ...MOUNTED_SETUP,
  { pid: 1, sc: { call: 'open', path: '/p', flags: O_RDWR | O_NONBLOCK, mode: 0 } },
  { pid: 1, sc: { call: 'write', fd: 5, data: 'abc' } },
];

describe('the laws over the changed records find what the whole laws find', () => {
  it('on random calls from random worlds, as they are and corrupted where each law looks', () => {
    const corrupted: Seen = new Map();
    let steps = 0;
    fc.assert(
      fc.property(
        kernelArb,
        fsArb,
        fc.array(busyCall, { maxLength: 14 }),
        fc.array(busyCall, { minLength: 4, maxLength: 4 }),
        fc.array(fc.array(corruptionArb, { maxLength: 3 }), { minLength: 4, maxLength: 4 }),
        fc.nat(),
        (kernel, fs, prefix, calls, corruptions, pidPick) => {
          const p = busyWorldOf(kernel, fs, prefix, SETUP);
          const pids = Object.keys(p.tasks).map(Number);
          for (const [i, c] of resolveAll(p, calls).entries()) {
            const u = new UndoWorld(p);
            const result = u.apply({ label: c.sc.call, ...c });
            if (result === null) continue;
            steps++;
            const t = { before: u.before(), pid: c.pid, sc: c.sc, result, after: u.world };
            expect(laws(t, u.top)).toEqual(laws(t));
            // The same step judged as if another task had made it, its world after corrupted.
            const pid = pids[pidPick % pids.length] ?? c.pid;
            const bad = corrupt(u.world, u.top, pid, corruptions[i] ?? []);
            const tb = { ...t, pid, after: bad.after };
            const wholeBad = laws(tb);
            expect(laws(tb, bad.changed)).toEqual(wholeBad);
            tally(corrupted, wholeBad);
          }
        },
      ),
      { numRuns: 400, seed: 1616 },
    );
    // Not vacuous: many steps, and every law broken many times by the corruptions.
    expect(steps).toBeGreaterThan(800);
    // (The security laws need unprivileged tasks: the next test. readBackWhatWasWritten reads only
    // the call's own file, whole or not, and needs no cover.)
    for (const law of [
      'deletedStaysDeleted',
      'contentsChangeOnlyThroughData',
      'pipeBytesStayInOrder',
      'newNamesInsideSourceMount',
    ])
      expect(corrupted.get(law) ?? 0, law).toBeGreaterThan(10);
  });

  it('on random paths of the security alphabet (unprivileged tasks, relink_dir), corrupted where each law looks', () => {
    const corrupted: Seen = new Map();
    let steps = 0;
    const ops = fc.nat({ max: SECURITY_ALPHABET.length - 1 });
    fc.assert(
      fc.property(
        fc.constantFrom('relink', 'relink-without-capability', 'relink-dir-not-private', 'relink-falls-back-to-link'),
        fc.constantFrom(...SECURITY_STARTS),
        fc.array(ops, { maxLength: 8 }),
        fc.array(fc.tuple(ops, fc.nat(), fc.array(corruptionArb, { maxLength: 3 })), { minLength: 4, maxLength: 4 }),
        (kernel, start, path, tries) => {
          const u = new UndoWorld(securityStartWorld(kernel, start));
          for (const i of path) {
            const op = SECURITY_ALPHABET[i];
            if (op !== undefined) u.apply(op);
          }
          const pids = Object.keys(u.world.tasks).map(Number);
          for (const [i, pidPick, cs] of tries) {
            const op = SECURITY_ALPHABET[i];
            const result = op === undefined ? null : u.apply(op);
            if (op === undefined || result === null) continue;
            steps++;
            const t = { before: u.before(), pid: op.pid, sc: op.sc, result, after: u.world };
            expect(laws(t, u.top)).toEqual(laws(t));
            const pid = pids[pidPick % pids.length] ?? op.pid;
            const bad = corrupt(u.world, u.top, pid, cs);
            const tb = { ...t, pid, after: bad.after };
            const wholeBad = laws(tb);
            expect(laws(tb, bad.changed)).toEqual(wholeBad);
            tally(corrupted, wholeBad);
            u.undo();
          }
        },
      ),
      { numRuns: 400, seed: 1617 },
    );
    expect(steps).toBeGreaterThan(800);
    for (const law of ['revokedStaysRevoked', 'relinkDirKeptFromUnprivileged', 'deletedStaysDeleted'])
      expect(corrupted.get(law) ?? 0, law).toBeGreaterThan(10);
  });
});

describe('the laws over the changed records on every transition of every kernel variant, to depth 5 (4 for security)', () => {
  const lawFound: Seen = new Map();
  for (const kernel of ['relink', 'mainline', ...SEEDED_BUGS]) {
    it(`${kernel}: the checker's alphabet`, () => {
      const seen: Seen = new Map();
      expect(everyTransition(startWorld(kernel), RELINK_ALPHABET, 5, seen)).toBeGreaterThan(5000);
      for (const [law, count] of seen) lawFound.set(`${kernel} ${law}`, count);
    });
    for (const start of SECURITY_STARTS) {
      it(`${kernel}: the security alphabet from ${start.name}`, () => {
        const seen: Seen = new Map();
        expect(everyTransition(securityStartWorld(kernel, start), SECURITY_ALPHABET, 4, seen)).toBeGreaterThan(300);
        for (const [law, count] of seen) lawFound.set(`${kernel} ${law} (security)`, count);
      });
    }
  }
  // Not vacuous: the comparisons met each seeded bug that a law finds in these two modes
  // (mutation.test.ts), and no other violation of a law.
  it('compared the steps that break laws: the seeded bugs the exhaustive and security modes find by a law', () => {
    expect([...lawFound.keys()].sort()).toEqual([
      'fifo-relink-drops-buffer contentsChangeOnlyThroughData',
      'relink-cross-mount newNamesInsideSourceMount',
      'relink-dir-not-private deletedStaysDeleted (security)',
      'relink-dir-not-private revokedStaysRevoked (security)',
      'relink-falls-back-to-link deletedStaysDeleted',
      'relink-falls-back-to-link deletedStaysDeleted (security)',
      'relink-falls-back-to-link revokedStaysRevoked (security)',
      'relink-without-capability deletedStaysDeleted (security)',
    ]);
  });
});
