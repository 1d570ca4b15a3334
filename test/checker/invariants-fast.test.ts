// invariantsHold is sound (true only when checkInvariants finds nothing), so fastCheckInvariants
// returns exactly what checkInvariants returns; and it says true on the good worlds the model makes.
import fc from 'fast-check';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { intentArb, resolveIntent, type Intent } from '../helpers/alphabet.js';
import { fastCheckInvariants, invariantsHold } from '../../src/invariants/invariants-fast.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import { SEEDED_BUGS } from '../../src/model/kernel.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { step } from '../../src/ops/run/step.js';

/** The worlds a random run passes through. */
function worldsOf(start: World, calls: readonly { pid: number; sc: Parameters<typeof step>[2] }[]): World[] {
  const out = [start];
  let w = start;
  for (const c of calls) {
    try {
      w = step(w, c.pid, c.sc).world;
      out.push(w);
    } catch {
      // Unmodelled or not runnable: the world stays
    }
  }
  return out;
}

function randomWorlds(intents: readonly Intent[]): World[] {
  let w = bootWorld();
  const out = [w];
  for (const it of intents) {
    const call = resolveIntent(w, it);
    if (call === null) break;
    out.push(...worldsOf(w, [call]).slice(1));
    w = out[out.length - 1] ?? w;
  }
  return out;
}

const TABLES = ['inodes', 'dentries', 'mounts', 'superblocks', 'files', 'fdtables', 'tasks', 'mntns'] as const;
const NUMERIC = /count|nlink|s_active|d_parent|d_inode|mnt_parent|mnt_root|mnt_sb|f_inode|i_sb|files|mnt_ns|i_state/;

/** One small damage to a world: a count, an id or a flag changed, a record dropped, an orphan listed. */
function corrupt(w: World, pick: number, by: number): World {
  return produce(w, (d) => {
    const table = d[TABLES[pick % TABLES.length] ?? 'inodes'] as Record<number, Record<string, unknown>>;
    const ids = Object.keys(table);
    const id = Number(ids[pick % Math.max(ids.length, 1)]);
    const rec = table[id];
    if (rec === undefined) return;
    const fields = Object.keys(rec).filter((k) => NUMERIC.test(k) || k === 'd_unhashed' || k === 's_orphans');
    const f = fields[by % Math.max(fields.length, 1)];
    if (f === undefined || by % 11 === 0) {
      delete table[id];
      return;
    }
    const v = rec[f];
    if (typeof v === 'number') rec[f] = v + (by % 2 === 0 ? 1 : -1);
    else if (typeof v === 'boolean') rec[f] = !v;
    else if (v === null) rec[f] = 1;
    else if (Array.isArray(v)) v.push(by % 7);
  });
}

let damaged = 0;
const agree = (w: World): void => {
  const full = checkInvariants(w);
  if (full.length > 0) damaged++;
  if (invariantsHold(w)) expect(full).toEqual([]);
  expect(fastCheckInvariants(w)).toEqual(full);
};

describe('the fast invariant check', () => {
  it('says yes on every world random syscalls reach (and checkInvariants agrees)', () => {
    fc.assert(
      fc.property(fc.array(intentArb, { maxLength: 40 }), (intents) => {
        for (const w of randomWorlds(intents)) {
          expect(checkInvariants(w)).toEqual([]);
          expect(invariantsHold(w)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('never says yes where checkInvariants finds a violation (damaged worlds)', () => {
    fc.assert(
      fc.property(fc.array(intentArb, { maxLength: 30 }), fc.nat(), fc.nat(), (intents, pick, by) => {
        const ws = randomWorlds(intents);
        const w = ws[pick % ws.length] ?? bootWorld();
        const bad = corrupt(w, pick, by);
        agree(bad);
        agree(corrupt(bad, by, pick));
      }),
      { numRuns: 600 },
    );
    expect(damaged).toBeGreaterThan(300);
  });

  it('agrees with checkInvariants under every seeded bug of the relink series', () => {
    let violating = 0;
    for (const kernel of SEEDED_BUGS) {
      const runs = fc.sample(fc.array(fc.constantFrom(...RELINK_ALPHABET), { maxLength: 12 }), {
        seed: 11,
        numRuns: 60,
      });
      for (const ops of runs) {
        for (const w of worldsOf(startWorld(kernel), ops)) {
          agree(w);
          if (checkInvariants(w).length > 0) violating++;
        }
      }
    }
    expect(violating).toBeGreaterThan(0);
  });
});
