// The footprints the partial-order reduction decides independence by (src/ops/run/footprint.ts),
// tried beyond the alphabets' first levels: random worlds (random calls on every kernel variant and
// file system: mounts, binds, umounts, CLONE_NEWNS, fifos, renames, symlinks, /proc paths,
// credentials, calls in flight) and random calls from them, and the alphabets' ops from random
// states deeper than footprint.test.ts goes. Two calls whose footprints do not meet must commute:
// each gives the same answer (result and wake-ups, or the same exception) after the other as before
// it, and both orders end in the same world.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  busyCall,
  busyWorldOf,
  checkPairs,
  fdCall,
  fsArb,
  kernelArb,
  mountingCall,
  MOUNTED_SETUP,
  newTally,
  resolveAll,
  SETUP,
  SPLIT,
  walk,
  worldAfter,
  answer,
  worldOf,
} from '../helpers/footprint-pairs.js';
import { fuzzCall, resolveFuzzCall } from '../fuzz/model-calls.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import { SECURITY_ALPHABET, SECURITY_STARTS, securityStartWorld } from '../../src/checker/security-alphabet.js';
import type { World } from '../../src/model/world.js';
import { EVERYTHING, TABLES, type Footprint } from '../../src/ops/run/footprint.js';
import { runSplitStep } from '../../src/ops/steps/run.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';

describe('footprints decide independence soundly on random worlds', () => {
  it('random calls whose footprints do not meet commute (every kernel and file system, any call)', () => {
    const t = newTally();
    fc.assert(
      fc.property(
        kernelArb,
        fsArb,
        fc.array(fuzzCall, { maxLength: 30 }),
        fc.array(fuzzCall, { minLength: 8, maxLength: 8 }),
        (kernel, fs, prefix, pair) => {
          const p = worldOf(kernel, fs, prefix);
          checkPairs(p, resolveAll(p, pair), t);
          expect(t.broken).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 16 },
    );
    // Not vacuous: many pairs, of many kinds of call, were independent, some of calls that both wrote.
    expect(t.independent).toBeGreaterThan(t.pairs / 10);
    expect(t.kinds.size).toBeGreaterThan(100);
    expect(t.bothChange).toBeGreaterThan(10);
  });

  it('random calls whose footprints do not meet commute (mounts, binds, moves, umounts, CLONE_NEWNS)', () => {
    const t = newTally();
    fc.assert(
      fc.property(
        kernelArb,
        fsArb,
        fc.array(mountingCall, { maxLength: 12 }),
        fc.array(mountingCall, { minLength: 8, maxLength: 8 }),
        (kernel, fs, prefix, pair) => {
          const p = busyWorldOf(kernel, fs, prefix, MOUNTED_SETUP);
          checkPairs(p, resolveAll(p, pair), t);
          expect(t.broken).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 17 },
    );
    expect(t.independent).toBeGreaterThan(t.pairs / 10);
    expect([...t.kinds].filter((k) => k.includes('mount')).length).toBeGreaterThan(50);
    expect(t.bothChange).toBeGreaterThan(100);
  });

  it('random calls whose footprints do not meet commute while another task has a call in flight', () => {
    const t = newTally();
    let inFlight = 0;
    fc.assert(
      fc.property(
        kernelArb,
        fsArb,
        fc.array(busyCall, { maxLength: 16 }),
        fc.constantFrom(...SPLIT),
        fc.nat(),
        fc.array(busyCall, { minLength: 8, maxLength: 8 }),
        (kernel, fs, prefix, split, who, pair) => {
          const w = busyWorldOf(kernel, fs, prefix);
          const running = Object.values(w.tasks).filter((task) => task.state === 'running');
          const pid = running[who % Math.max(1, running.length)]?.pid;
          if (pid === undefined) return;
          let p: World;
          try {
            p = runSplitStep(w, pid, split).world;
          } catch {
            return;
          }
          if (p.inflight?.[pid] === undefined) return;
          inFlight++;
          checkPairs(p, resolveAll(p, pair), t);
          expect(t.broken).toEqual([]);
        },
      ),
      { numRuns: 500, seed: 18 },
    );
    expect(inFlight).toBeGreaterThan(150);
    expect(t.bothChange).toBeGreaterThan(20);
  });

  it('random calls whose footprints do not meet commute (several tasks with files open)', () => {
    const t = newTally();
    fc.assert(
      fc.property(
        kernelArb,
        fsArb,
        fc.array(busyCall, { maxLength: 16 }),
        fc.array(busyCall, { minLength: 8, maxLength: 8 }),
        (kernel, fs, prefix, pair) => {
          const p = busyWorldOf(kernel, fs, prefix);
          checkPairs(p, resolveAll(p, pair), t);
          expect(t.broken).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 20 },
    );
    expect(t.bothChange).toBeGreaterThan(50);
  });

  it('calls on open files that tasks share commute when their footprints do not meet', () => {
    const t = newTally();
    fc.assert(
      fc.property(
        kernelArb,
        fsArb,
        fc.array(busyCall, { maxLength: 8 }),
        fc.array(fdCall, { minLength: 10, maxLength: 10 }),
        (kernel, fs, prefix, calls) => {
          checkPairs(busyWorldOf(kernel, fs, prefix), calls, t);
          expect(t.broken).toEqual([]);
        },
      ),
      { numRuns: 200, seed: 24 },
    );
    expect(t.bothChange).toBeGreaterThan(500);
  });

  it('the relink alphabet: independent ops commute from random states up to 12 ops deep (every kernel)', () => {
    const t = newTally();
    const path = fc.array(fc.nat(RELINK_ALPHABET.length - 1), { minLength: 4, maxLength: 12 });
    fc.assert(
      fc.property(kernelArb, path, (kernel, ops) => {
        checkPairs(walk(startWorld(kernel), RELINK_ALPHABET, ops), RELINK_ALPHABET, t);
        expect(t.broken).toEqual([]);
      }),
      { numRuns: 120, seed: 21 },
    );
    expect(t.bothChange).toBeGreaterThan(40);
  });

  it('the security alphabet: independent ops commute from random states up to 10 ops deep', () => {
    const t = newTally();
    const path = fc.array(fc.nat(SECURITY_ALPHABET.length - 1), { minLength: 3, maxLength: 10 });
    const starts = fc.constantFrom(...SECURITY_STARTS);
    const kernels = fc.constantFrom('relink', 'relink-dir-not-private', 'relink-without-capability');
    fc.assert(
      fc.property(kernels, starts, path, (kernel, start, ops) => {
        const p = walk(securityStartWorld(kernel, start), SECURITY_ALPHABET, ops);
        // An op with a `when` is dependent on every other (EVERYTHING): only the others are paired.
        checkPairs(
          p,
          SECURITY_ALPHABET.filter((op) => op.when === undefined),
          t,
        );
        expect(t.broken).toEqual([]);
      }),
      { numRuns: 100, seed: 22 },
    );
    expect(t.bothChange).toBeGreaterThan(5);
  });

  // The tests above can fail: footprints that lose the reads of one table miss dependences that
  // the random calls above show (each table with the calls that show it soonest).
  const blindCases = {
    inodes: 'fd',
    files: 'fd',
    fdtables: 'busy',
    dentries: 'busy',
    tasks: 'busy',
    mounts: 'mounted',
  } as const;
  for (const [table, calls] of Object.entries(blindCases))
    it(`footprints without their reads of ${table} would call dependent calls independent`, () => {
      const area = TABLES.indexOf(table as (typeof TABLES)[number]);
      const blind = (f: Footprint): Footprint =>
        f === EVERYTHING
          ? f
          : { reads: new Set([...f.reads].filter((l) => Math.floor(l / 2 ** 32) !== area)), writes: f.writes };
      const t = newTally();
      const arb = calls === 'mounted' ? mountingCall : busyCall;
      const runs = fc.sample(
        fc.tuple(
          fc.array(arb, { maxLength: 12 }),
          fc.array(arb, { minLength: 8, maxLength: 8 }),
          fc.array(fdCall, { minLength: 10, maxLength: 10 }),
        ),
        { numRuns: 200, seed: 25 },
      );
      for (const [prefix, more, fdCalls] of runs) {
        const p = busyWorldOf('relink', 'ext4', prefix, calls === 'mounted' ? MOUNTED_SETUP : SETUP);
        checkPairs(p, calls === 'fd' ? fdCalls : resolveAll(p, more), t, blind);
        if (t.broken.length > 0) break;
      }
      expect(t.broken.length).toBeGreaterThan(0);
    });

  it('no call changes the world outside its tables, id counters and calls in flight', () => {
    // What the footprint's proxies do not watch (footprint.ts): it must stay as it was booted.
    const watched = new Set<string>([...TABLES, 'next', 'inflight']);
    const outside = (w: World): [string, unknown][] => Object.entries(w).filter(([k]) => !watched.has(k));
    fc.assert(
      fc.property(kernelArb, fsArb, fc.array(mountingCall, { maxLength: 40 }), (kernel, fs, calls) => {
        let w = bootWorld({ kernel, rootFs: fs, outsideFds: [0, 1, 2] });
        const before = outside(w);
        for (const c of calls) {
          const call = resolveFuzzCall(w, c);
          if (call === null) break;
          w = worldAfter(w, answer(w, call));
          expect(outside(w)).toEqual(before);
        }
      }),
      { numRuns: 100, seed: 19 },
    );
  });
});
