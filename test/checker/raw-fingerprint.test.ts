// The raw fingerprint, built from per-record hashes remembered across steps, groups worlds exactly
// as the raw state key (the whole raw walk's SHA-1) does: over every world a few ops from the
// start under every kernel variant, the security alphabet's, and worlds with calls in flight. A
// world not made by a step (parsed, built by hand) gets the fingerprint of the same world made by
// one, and its records, which can still change, are never taken from the cache.
import { describe, expect, it } from 'vitest';
import { rawStateKey } from '../../src/checker/canonical.js';
import { fingerprintHex, rawFingerprint } from '../../src/checker/fingerprint.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import { SECURITY_ALPHABET, SECURITY_STARTS, securityStartWorld } from '../../src/checker/security-alphabet.js';
import { KERNELS } from '../../src/model/kernel.js';
import type { World } from '../../src/model/world.js';
import { allWorlds, partitionBy } from '../helpers/world-grouping.js';
import { cowStep } from '../../src/ops/run/cow.js';
import { step } from '../../src/ops/run/step.js';
import { runSplitStep, splitCallOf } from '../../src/ops/steps/run.js';

function expectSameGrouping(worlds: World[]): void {
  expect(partitionBy(worlds, (w) => fingerprintHex(rawFingerprint(w)))).toEqual(partitionBy(worlds, rawStateKey));
}

/** The alphabet's calls that run as split steps, from the worlds one op from the start. */
function worldsInFlight(kernel: string): World[] {
  const out: World[] = [];
  const split = RELINK_ALPHABET.filter((op) => op.when === undefined && splitCallOf(op.sc) !== null);
  for (const w of allWorlds(startWorld(kernel), RELINK_ALPHABET, 1))
    for (const a of split) {
      // Task a.pid's call one step in, then every other task's split call stepped alongside it.
      let first: World;
      try {
        first = runSplitStep(w, a.pid, a.sc).world;
      } catch {
        continue;
      }
      out.push(first);
      for (const b of split) {
        if (b.pid === a.pid) continue;
        let v = first;
        for (let k = 0; k < 6; k++) {
          try {
            v = runSplitStep(v, b.pid, k === 0 ? b.sc : undefined).world;
          } catch {
            break;
          }
          out.push(v);
          if (v.inflight?.[b.pid] === undefined) break;
        }
      }
    }
  return out;
}

describe('the raw fingerprint', () => {
  for (const kernel of Object.keys(KERNELS))
    it(`groups ${kernel} worlds three ops from the start exactly as the raw key does`, () => {
      const worlds = allWorlds(startWorld(kernel), RELINK_ALPHABET, 3);
      expect(new Set(worlds.map(rawStateKey)).size).toBeGreaterThan(100);
      expectSameGrouping(worlds);
    });

  for (const start of SECURITY_STARTS)
    it(`groups the security alphabet's worlds exactly as the raw key does (${start.name})`, () => {
      for (const kernel of ['relink', 'relink-dir-not-private', 'relink-without-capability']) {
        const worlds = allWorlds(securityStartWorld(kernel, start), SECURITY_ALPHABET, 4);
        expect(new Set(worlds.map(rawStateKey)).size).toBeGreaterThan(50);
        expectSameGrouping(worlds);
      }
    });

  it('groups worlds with calls in flight exactly as the raw key does', () => {
    const worlds = worldsInFlight('relink');
    expect(worlds.filter((w) => Object.keys(w.inflight ?? {}).length === 2).length).toBeGreaterThan(10);
    expect(new Set(worlds.map(rawStateKey)).size).toBeGreaterThan(50);
    expectSameGrouping(worlds);
  });

  it('is the same for a world parsed from JSON as for the world it was made from', () => {
    for (const w of allWorlds(startWorld('relink'), RELINK_ALPHABET, 2).slice(0, 40)) {
      const parsed = JSON.parse(JSON.stringify(w)) as World;
      expect(rawFingerprint(parsed)).toEqual(rawFingerprint(w));
    }
  });

  it('is the same for a world built by hand as for the same world made by a step', () => {
    const w = startWorld('relink');
    const open = { call: 'open', path: '/x', flags: 0o102, mode: 0o644 } as const;
    const stepped = cowStep(w, 2, open).world;
    // By hand: the step's world, every record a fresh unfrozen copy, its own ids and counters.
    const byHand = JSON.parse(JSON.stringify(stepped)) as World;
    expect(Object.isFrozen(byHand.files)).toBe(false);
    expect(rawFingerprint(byHand)).toEqual(rawFingerprint(stepped));
    // The same world again by immer's step, and after the copy-on-write step froze the hand-built one.
    expect(rawFingerprint(step(w, 2, open).world)).toEqual(rawFingerprint(stepped));
    cowStep(byHand, 2, { call: 'close', fd: 99 });
    expect(rawFingerprint(byHand)).toEqual(rawFingerprint(stepped));
  });

  it('follows a change to a record that is not frozen', () => {
    const w = JSON.parse(JSON.stringify(startWorld('relink'))) as World;
    const before = rawFingerprint(w);
    const inode = Object.values(w.inodes)[0] as { i_size: number };
    inode.i_size += 1;
    expect(rawFingerprint(w)).not.toEqual(before);
    inode.i_size -= 1;
    expect(rawFingerprint(w)).toEqual(before);
  });

  it('follows a change inside a record that is frozen only on its surface', () => {
    const w = JSON.parse(JSON.stringify(startWorld('relink'))) as World;
    const task = Object.values(w.tasks)[0];
    if (task === undefined) throw new Error('no task in the start world');
    Object.freeze(task);
    const before = rawFingerprint(w);
    (task.cred as { uid: number }).uid += 1;
    expect(rawFingerprint(w)).not.toEqual(before);
  });

  it('tells apart worlds that differ only in their id counters', () => {
    const w = startWorld('relink');
    const burnt = { ...w, next: { ...w.next, file: w.next.file + 1 } };
    expect(rawStateKey(burnt)).not.toBe(rawStateKey(w));
    expect(rawFingerprint(burnt)).not.toEqual(rawFingerprint(w));
  });

  it('tells apart worlds that differ in one field of one record, in every table', () => {
    const w = startWorld('relink');
    type Table = 'tasks' | 'fdtables' | 'files' | 'mntns' | 'mounts' | 'superblocks' | 'dentries' | 'inodes';
    const changes: [Table, string][] = [
      ['tasks', 'umask'],
      ['fdtables', 'count'],
      ['files', 'f_pos'],
      ['mntns', 'count'],
      ['mounts', 'mnt_count'],
      ['superblocks', 's_active'],
      ['dentries', 'd_count'],
      ['inodes', 'i_size'],
    ];
    for (const [table, field] of changes) {
      const [id, rec] = Object.entries(w[table] as unknown as Record<number, Record<string, number>>)[0] ?? [];
      if (id === undefined || rec === undefined) throw new Error(`no record in ${table} of the start world`);
      const changed = { ...w, [table]: { ...w[table], [id]: { ...rec, [field]: (rec[field] ?? 0) + 1 } } } as World;
      expect(rawStateKey(changed), `${table}.${field}`).not.toBe(rawStateKey(w));
      expect(rawFingerprint(changed), `${table}.${field}`).not.toEqual(rawFingerprint(w));
    }
  });

  it('tells apart worlds that differ only in where a record is filed', () => {
    // The same mount namespace record under another id: the sum must see which id holds it.
    const w = startWorld('relink');
    const [id, ns] = Object.entries(w.mntns)[0] ?? [];
    if (id === undefined || ns === undefined) throw new Error('no mount namespace in the start world');
    const moved = { ...w, mntns: { [Number(id) + 100]: ns } };
    expect(rawStateKey(moved)).not.toBe(rawStateKey(w));
    expect(rawFingerprint(moved)).not.toEqual(rawFingerprint(w));
  });
});
