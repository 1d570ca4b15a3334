// The incremental invariant check taken back (IncrementalInvariants' mark and rollback, as the search
// in place uses them at each undo): after calls applied, checked and undone, nested as the search's
// steps are, it remembers exactly what it remembered before them, whatever they answered (yes, a
// violation, "don't know", a whole walk, a call in flight); what it remembers while it trusts a world
// is what a fresh check walking that world remembers; and its yes stays sound after rollbacks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intentArb, resolveIntent, type Intent } from '../helpers/alphabet.js';
import { corruptInPlace } from '../helpers/damage.js';
import { RELINK_ALPHABET, startWorld, type Op } from '../../src/checker/relink-alphabet.js';
import { UndoWorld } from '../../src/checker/search/undo-world.js';
import { IncrementalInvariants } from '../../src/invariants/invariants-incremental.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import type { InFlight } from '../../src/model/inflight.js';
import { SEEDED_BUGS } from '../../src/model/kernel.js';
import type { MountableFsType } from '../../src/model/fstype.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { deepCopy } from '../../src/ops/vfs/plain-data.js';

/** One step of a run: try a call (then keep it, a level deeper, or take it back), or go back a level. */
interface Action {
  readonly back: boolean;
  readonly keep: boolean;
  /** After the call's check, walk the world whole too (as the expander does after a "don't know"). */
  readonly walk: boolean;
  /** Damage done after the call and before its check (null: none); undone before the call is. */
  readonly damage: { readonly pick: number; readonly by: number } | null;
  /** A call in flight put in the world after the call. */
  readonly inflight: boolean;
}

const actionArb = (damage: boolean): fc.Arbitrary<Action> =>
  fc.record({
    back: fc.boolean(),
    keep: fc.boolean(),
    walk: fc.nat(9).map((n) => n === 0),
    damage: damage ? fc.option(fc.record({ pick: fc.nat(), by: fc.nat() }), { freq: 3 }) : fc.constant(null),
    inflight: fc.nat(19).map((n) => n === 0),
  });

/** A call in flight that holds nothing yet (its task is made up: only its presence matters here). */
const SLEEPING_CALL: InFlight = {
  call: { call: 'close', fd: 3 },
  next: 'fput',
  refs: {},
  locks: [],
  data: {},
  errno: null,
};

type Writable = { -readonly [K in keyof World]: World[K] };
type Remembered = ReturnType<IncrementalInvariants['remembered']>;

const tally = { rollbacks: 0, afterNo: 0, afterWalk: 0, fromDistrust: 0, inflight: 0, comparedFresh: 0, yes: 0 };

/** What `inc` remembers, its world given as whether it trusts `u`'s (the only world it is shown). */
function state(inc: IncrementalInvariants, u: UndoWorld): { trusts: boolean; memory: Remembered['memory'] } {
  const r = inc.remembered();
  expect(r.world === null || r.world === u.world).toBe(true);
  return { trusts: r.world !== null, memory: r.memory };
}

/** While `inc` trusts the world, it remembers what a fresh check walking it remembers. */
function asFresh(inc: IncrementalInvariants, u: UndoWorld): void {
  const now = state(inc, u);
  if (!now.trusts) return;
  const fresh = new IncrementalInvariants();
  expect(fresh.holds(u.world, null)).toBe(true);
  expect(now.memory).toEqual(state(fresh, u).memory);
  tally.comparedFresh++;
}

/** Runs `actions`, each call picked by `next`; each rollback is held to the state before its call. */
function run(start: World, next: (w: World, i: number) => Op | null, actions: readonly Action[]): void {
  const u = new UndoWorld(start);
  const inc = new IncrementalInvariants();
  inc.holds(u.world, null);
  /** Per level kept: what `inc` remembered before it, and how to take back its damage. */
  const levels: { before: ReturnType<typeof state>; repair: () => void }[] = [];
  const back = (before: ReturnType<typeof state>, repair: () => void): void => {
    repair();
    u.undo();
    inc.rollback();
    tally.rollbacks++;
    expect(state(inc, u)).toEqual(before);
    asFresh(inc, u);
  };
  actions.forEach((a, i) => {
    const level = levels.at(-1);
    if (a.back && level !== undefined) {
      levels.pop();
      back(level.before, level.repair);
      return;
    }
    const op = next(u.world, i);
    if (op === null) return;
    const before = state(inc, u);
    if (!applied(u, op)) return;
    inc.mark();
    if (!before.trusts) tally.fromDistrust++; // this check walks whole
    if (a.inflight) tally.inflight++;
    const repair = hurt(u, a);
    const yes = inc.holds(u.world, u.top.touches);
    if (yes) {
      tally.yes++;
      expect(checkInvariants(u.world), op.label).toEqual([]);
    } else tally.afterNo++;
    if (a.walk) {
      tally.afterWalk++;
      if (inc.holds(u.world, null)) expect(checkInvariants(u.world)).toEqual([]);
    }
    if (a.keep) levels.push({ before, repair });
    else back(before, repair);
  });
  while (levels.length > 0) {
    const level = levels.pop();
    if (level !== undefined) back(level.before, level.repair);
  }
}

/** `op` applied (a frame pushed); false when it cannot run, or throws on a damaged world (then undone). */
function applied(u: UndoWorld, op: Op): boolean {
  const height = u.height;
  try {
    return u.apply(op) !== null;
  } catch {
    expect(u.height).toBe(height);
    return false;
  }
}

/** `a`'s damage and call in flight done to the world, named in the call's touches; what takes them back. */
function hurt(u: UndoWorld, a: Action): () => void {
  const w = u.world as Writable;
  const repairs: (() => void)[] = [];
  if (a.inflight) {
    const was = w.inflight;
    w.inflight = { ...was, 999: SLEEPING_CALL };
    repairs.push(() => (w.inflight = was));
  }
  if (a.damage !== null) {
    const saved = deepCopy(u.world);
    for (const { table, id } of corruptInPlace(u.world, a.damage.pick, a.damage.by)) {
      const touches = u.top.touches;
      touches.tables[touches.count] = table;
      touches.ids[touches.count++] = id;
      const name = (Object.keys(w) as (keyof World)[]).find((k) => w[k] === table);
      if (name === undefined) throw new Error('damage to a table not of the world');
      const old = (saved[name] as unknown as Record<number, object>)[id];
      const t = table as Record<number, object>;
      repairs.push(() => (old === undefined ? delete t[id] : (t[id] = old)));
    }
  }
  return () => repairs.reverse().forEach((r) => r());
}

const asOp = (call: { pid: number; sc: Op['sc'] } | null): Op | null =>
  call === null ? null : { label: call.sc.call, ...call };

describe('the incremental invariant check, rolled back', () => {
  const filesystems: MountableFsType[] = ['ext4', 'btrfs', 'tmpfs'];
  for (const fs of filesystems)
    it(`remembers what it did before the calls it takes back (random calls, ${fs})`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(intentArb, actionArb(false)), { maxLength: 40 }), (steps) => {
          const intents: Intent[] = steps.map(([it]) => it);
          const next = (w: World, i: number): Op | null =>
            intents[i] === undefined ? null : asOp(resolveIntent(w, intents[i]));
          run(
            bootWorld({ rootFs: fs }),
            next,
            steps.map(([, a]) => a),
          );
        }),
        { numRuns: 100 },
      );
    });

  it('remembers what it did before the calls it takes back (every seeded bug of the relink series)', () => {
    const before = tally.afterNo;
    for (const kernel of ['relink', ...SEEDED_BUGS]) {
      const runs = fc.sample(
        fc.array(fc.tuple(fc.constantFrom(...RELINK_ALPHABET), actionArb(false)), { maxLength: 16 }),
        {
          seed: 16,
          numRuns: 25,
        },
      );
      for (const steps of runs)
        run(
          startWorld(kernel),
          (_w, i) => steps[i]?.[0] ?? null,
          steps.map(([, a]) => a),
        );
    }
    expect(tally.afterNo).toBeGreaterThan(before + 50);
  });

  it('remembers what it did before the calls it takes back (records damaged after a call)', () => {
    const before = tally.afterNo;
    fc.assert(
      fc.property(
        fc.constantFrom(...filesystems),
        fc.array(fc.tuple(intentArb, actionArb(true)), { maxLength: 30 }),
        (fs, steps) => {
          const next = (w: World, i: number): Op | null =>
            steps[i] === undefined ? null : asOp(resolveIntent(w, steps[i][0]));
          run(
            bootWorld({ rootFs: fs }),
            next,
            steps.map(([, a]) => a),
          );
        },
      ),
      { numRuns: 500 },
    );
    expect(tally.afterNo).toBeGreaterThan(before + 400);
  });

  it('took back checks that said yes, no, walked whole, and met a call in flight, and matched fresh walks', () => {
    console.log(JSON.stringify(tally));
    expect(tally.rollbacks).toBeGreaterThan(2500);
    expect(tally.yes).toBeGreaterThan(1500);
    expect(tally.afterNo).toBeGreaterThan(700);
    expect(tally.afterWalk).toBeGreaterThan(200);
    expect(tally.fromDistrust).toBeGreaterThan(200);
    expect(tally.inflight).toBeGreaterThan(100);
    expect(tally.comparedFresh).toBeGreaterThan(2000);
  });

  it('refuses a rollback with no mark', () => {
    const inc = new IncrementalInvariants();
    inc.holds(startWorld('relink'), null);
    expect(() => inc.rollback()).toThrow(/no mark/);
  });
});
