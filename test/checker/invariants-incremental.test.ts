// The incremental invariant check is sound (yes only when checkInvariants finds nothing) after every
// call, given the call's touch log, so an in-place session checking after every call reports exactly
// what checkInvariants reports; and it says yes on the good worlds calls make, mostly without
// walking the world.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intentArb, resolveIntent } from '../helpers/alphabet.js';
import { corruptInPlace, type Hurt } from '../helpers/damage.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import { IncrementalInvariants } from '../../src/invariants/invariants-incremental.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import type { Dentry } from '../../src/model/dentry.js';
import { O_CREAT, O_RDWR } from '../../src/model/flags.js';
import type { MountableFsType } from '../../src/model/fstype.js';
import { S_DEAD, type Inode } from '../../src/model/inode.js';
import { SEEDED_BUGS } from '../../src/model/kernel.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { InPlaceRunner } from '../../src/ops/run/inplace.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { closeTouchLog, openTouchLog, type TouchLog } from '../../src/ops/vfs/touch-log.js';
import { Session } from '../../src/session/session.js';

type Next = (w: World, i: number) => { pid: number; sc: Syscall } | null;
/** Damage done to the world after call `i` (in place), naming the records it changed. */
type Damage = (w: World, i: number) => readonly Hurt[];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const tally = { checks: 0, yes: 0, violating: 0, damaged: 0, walks: 0 };

/** Runs the calls with their touches logged, and holds the incremental verdict to the full check after each. */
function verdicts(start: World, next: Next, n: number, damage: Damage = () => []): void {
  const r = new InPlaceRunner(start);
  const inc = new IncrementalInvariants();
  const log: TouchLog = { tables: [], ids: [], count: 0 };
  inc.holds(r.world, null);
  for (let i = 0; i < n; i++) {
    const call = next(r.world, i);
    if (call === null) break;
    openTouchLog(log);
    try {
      r.step(call.pid, call.sc);
    } catch {
      continue;
    } finally {
      closeTouchLog();
    }
    for (const hurt of damage(r.world, i)) {
      log.tables[log.count] = hurt.table;
      log.ids[log.count++] = hurt.id;
      tally.damaged++;
    }
    const yes = inc.holds(r.world, log);
    const full = checkInvariants(r.world);
    tally.checks++;
    if (full.length > 0) tally.violating++;
    if (yes) {
      tally.yes++;
      expect(full, `call ${i}: ${JSON.stringify(call)}`).toEqual([]);
    }
  }
  tally.walks += inc.walks - 1; // the first, before any call, is not one the calls caused
}

describe('the incremental invariant check', () => {
  const filesystems: MountableFsType[] = ['ext4', 'btrfs', 'tmpfs'];
  for (const fs of filesystems)
    it(`says yes only where checkInvariants finds nothing (random calls, ${fs})`, () => {
      fc.assert(
        fc.property(fc.array(intentArb, { maxLength: 40 }), (intents) => {
          const next: Next = (w, i) => (intents[i] === undefined ? null : resolveIntent(w, intents[i]));
          verdicts(bootWorld({ rootFs: fs }), next, intents.length);
        }),
        { numRuns: 100 },
      );
    });

  it('says yes only where checkInvariants finds nothing (every seeded bug of the relink series)', () => {
    const before = tally.violating;
    for (const kernel of SEEDED_BUGS) {
      const runs = fc.sample(fc.array(fc.constantFrom(...RELINK_ALPHABET), { maxLength: 12 }), {
        seed: 11,
        numRuns: 40,
      });
      for (const ops of runs) verdicts(startWorld(kernel), (_w, i) => ops[i] ?? null, ops.length);
    }
    expect(tally.violating).toBeGreaterThan(before + 50);
  });

  it('says yes only where checkInvariants finds nothing (a record damaged after a call)', () => {
    const before = tally.violating;
    fc.assert(
      fc.property(
        fc.constantFrom(...filesystems),
        fc.array(intentArb, { maxLength: 30 }),
        fc.nat(),
        fc.nat(),
        fc.nat(8),
        (fs, intents, pick, by, at) => {
          const next: Next = (w, i) => (intents[i] === undefined ? null : resolveIntent(w, intents[i]));
          const damage: Damage = (w, i) => (i === at ? corruptInPlace(w, pick, by) : []);
          verdicts(bootWorld({ rootFs: fs }), next, intents.length, damage);
        },
      ),
      { numRuns: 1500 },
    );
    expect(tally.violating).toBeGreaterThan(before + 400);
  });

  /** The hashed dentry of `name` that has an inode. */
  const named = (w: World, name: string): Dentry => {
    const d = Object.values(w.dentries).find((x) => x.d_name === name && !x.d_unhashed && x.d_inode !== null);
    if (d === undefined) throw new Error(`no dentry ${name}`);
    return d;
  };

  /** Runs `calls` by pid 1, then `damage`; the full check finds what it broke, the incremental one says no. */
  function damagedAfter(fs: MountableFsType, calls: readonly Syscall[], damage: (w: World) => Hurt[]): void {
    const before = { ...tally };
    const last = calls.length - 1;
    const next: Next = (_w, i) => (calls[i] === undefined ? null : { pid: 1, sc: calls[i] });
    verdicts(bootWorld({ rootFs: fs }), next, calls.length, (w, i) => (i === last ? damage(w) : []));
    expect(tally.checks).toBe(before.checks + calls.length);
    expect(tally.violating).toBe(before.violating + 1);
    expect(tally.yes).toBe(before.yes + calls.length - 1);
  }

  it('says no when a directory with a name in it is marked dead (tmpfs: no orphan list to tell)', () => {
    const calls: Syscall[] = [
      { call: 'mkdir', path: '/d', mode: 0o755 },
      { call: 'open', path: '/d/a', flags: O_CREAT | O_RDWR, mode: 0o644 },
      { call: 'close', fd: 3 }, // a last call that leaves /d alone
    ];
    damagedAfter('tmpfs', calls, (w) => {
      const dir = w.inodes[named(w, 'd').d_inode ?? -1] as Mutable<Inode>;
      dir.i_flags |= S_DEAD;
      dir.i_nlink = 0;
      return [{ table: w.inodes, id: dir.id }];
    });
  });

  it('says no when a dentry with children is given another inode', () => {
    const calls: Syscall[] = [
      { call: 'mkdir', path: '/d', mode: 0o755 },
      { call: 'mkdir', path: '/d/e', mode: 0o755 },
      { call: 'mkdir', path: '/f', mode: 0o755 },
    ];
    damagedAfter('ext4', calls, (w) => {
      // /d and /f trade inodes: counts and names stay right, /d/e's link now belongs to /f's inode.
      const d = named(w, 'd') as Mutable<Dentry>;
      const f = named(w, 'f') as Mutable<Dentry>;
      [d.d_inode, f.d_inode] = [f.d_inode, d.d_inode];
      return [
        { table: w.dentries, id: d.id },
        { table: w.dentries, id: f.id },
      ];
    });
  });

  it('said yes on most good worlds', () => {
    // The cases above ran (in order): damage or a seeded bug makes the violating ones.
    expect(tally.damaged).toBeGreaterThan(400);
    expect(tally.yes).toBeGreaterThan(0.9 * (tally.checks - tally.violating));
    // A walk follows each "don't know" (a violation, a call in flight, an
    // inode's S_DEAD set, a dentry with children given another inode): few of the calls.
    expect(tally.walks).toBeLessThan(0.1 * tally.checks + tally.violating);
  });

  it('gives an in-place session checking after every call exactly checkInvariants answer', () => {
    for (const kernel of ['relink', ...SEEDED_BUGS]) {
      const runs = fc.sample(fc.array(fc.constantFrom(...RELINK_ALPHABET), { maxLength: 12 }), {
        seed: 12,
        numRuns: 15,
      });
      for (const ops of runs) {
        const s = new Session(startWorld(kernel), {
          representation: 'in-place',
          invariants: { when: 'every', set: 'state' },
        });
        for (const op of ops) {
          let violations;
          try {
            violations = s.run(op.pid, op.sc).violations;
          } catch {
            continue;
          }
          expect(violations, `${kernel}: ${op.label}`).toEqual(checkInvariants(s.world));
        }
      }
    }
  });
});
