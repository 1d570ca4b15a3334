// What the undo log of the search in place (src/checker/search/undo-world.ts) saves and compares.
// deepCopy, which copies each record it saves (a primitive field now copied in the loop, not by a
// call), gives what the recursive copy it replaced gave on every record of random worlds (every
// kernel variant and file system, tasks with files, mounts, fifos, sleeping tasks, calls in flight):
// the same keys in the same order, the same values and prototypes, and no object shared with its
// record. And samePlain, which decides a call changed nothing (equal primitives now decided in the
// loop), answers as the comparison it replaced on pairs of records.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answer,
  busyCall,
  busyWorldOf,
  fsArb,
  kernelArb,
  MOUNTED_SETUP,
  SETUP,
  SPLIT,
  worldAfter,
  type Call,
} from '../helpers/footprint-pairs.js';
import { samePlain } from '../../src/checker/search/undo-world.js';
import type { World } from '../../src/model/world.js';
import { TABLES } from '../../src/ops/run/footprint.js';
import { runSplitStep } from '../../src/ops/steps/run.js';
import { deepCopy } from '../../src/ops/vfs/plain-data.js';
import { gidBytes } from '../../src/model/syscall/gid-list.js';
import { O_RDONLY, O_RDWR } from '../../src/model/flags.js';

/** Every object in `x`, itself included. */
function objectsIn(x: unknown, into = new Set<object>()): Set<object> {
  if (typeof x === 'object' && x !== null) {
    into.add(x);
    for (const v of Object.values(x)) objectsIn(v, into);
  }
  return into;
}

/** Where `a` differs from `b` in keys, their order, values or prototypes (null: nowhere). */
function differs(a: unknown, b: unknown, at = '$'): string | null {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
    return Object.is(a, b) ? null : `${at}: ${String(a)} against ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: another prototype`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${at}: an array against an object`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\0') !== kb.join('\0')) return `${at}: keys ${ka.join(',')} against ${kb.join(',')}`;
  for (const k of ka) {
    const d = differs((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (d !== null) return d;
  }
  return null;
}

/** The recursive copy deepCopy was: a call for every value. */
function copyGeneric<T>(x: T): T {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) return x.map((v: unknown) => copyGeneric(v)) as T;
  const o = (Object.getPrototypeOf(x) === null ? Object.create(null) : {}) as Record<string, unknown>;
  for (const k of Object.keys(x)) o[k] = copyGeneric((x as Record<string, unknown>)[k]);
  return o as T;
}

/** What is wrong with `copy` as a copy of `src`: unlike the recursive copy's, or sharing an object with it. */
function copyFault(copy: unknown, src: unknown): string | null {
  const d = differs(copy, copyGeneric(src));
  if (d !== null) return d;
  const theirs = objectsIn(src);
  for (const o of objectsIn(copy)) if (theirs.has(o)) return 'shares an object with its source';
  return null;
}

/** The samePlain the undo log used first: keys of both, each value compared by a call. */
function sameGeneric(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka)
    if (!(k in b) || !sameGeneric((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/**
 * Calls that fill fields the random calls rarely do: supplementary groups, an fs_context, a task
 * sleeping in a fifo's open, a fifo's buffer (SETUP leaves pid 1 with fds 0-4 and a fifo /p).
 */
const EXTRAS: readonly (readonly Call[])[] = [
  [{ pid: 1, sc: { call: 'setgroups', gidsetsize: 2, grouplist: gidBytes([7, 5]) } }],
  [{ pid: 2, sc: { call: 'fsopen', fs_name: 'tmpfs', flags: 0 } }],
  [{ pid: 3, sc: { call: 'open', path: '/p', flags: O_RDONLY, mode: 0 } }],
  [
    { pid: 1, sc: { call: 'open', path: '/p', flags: O_RDWR, mode: 0 } },
    { pid: 1, sc: { call: 'write', fd: 5, data: 'abc' } },
  ],
];

const worldArb = fc
  .tuple(
    kernelArb,
    fsArb,
    fc.boolean(),
    fc.array(busyCall, { maxLength: 20 }),
    fc.subarray([...EXTRAS]),
    fc.nat(),
    fc.nat(),
  )
  .map(([kernel, fs, mounted, calls, extras, split, who]): World => {
    let w = busyWorldOf(kernel, fs, calls, mounted ? MOUNTED_SETUP : SETUP);
    for (const c of extras.flat()) w = worldAfter(w, answer(w, c));
    // Half the worlds with a call in flight, when the one picked can start here.
    if (split % 2 === 0) return w;
    const running = Object.values(w.tasks).filter((t) => t.state === 'running');
    const pid = running[who % Math.max(1, running.length)]?.pid;
    if (pid === undefined) return w;
    try {
      return runSplitStep(w, pid, SPLIT[split % SPLIT.length]).world;
    } catch {
      return w;
    }
  });

/** Each record of every table of `w`, with its table's name. */
function* recordsOf(w: World): Generator<[(typeof TABLES)[number], object]> {
  for (const t of TABLES) for (const r of Object.values(w[t])) yield [t, r as object];
}

describe('deepCopy copies records as the recursive copy did', () => {
  it('every record of every table of random worlds, each nested field copied', () => {
    // Fields holding an object that were seen so (not null, not empty): the test is not vacuous.
    const seen = new Set<string>();
    fc.assert(
      fc.property(worldArb, (w) => {
        for (const [t, r] of recordsOf(w)) {
          const copy = deepCopy(r);
          expect(copyFault(copy, r), `${t} ${JSON.stringify(r)}`).toBeNull();
          for (const [k, v] of Object.entries(r))
            if (typeof v === 'object' && v !== null && Object.keys(v).length > 0) {
              seen.add(`${t}.${k}`);
              // One level further, a map's keys (fds) and an array's indices as '*'.
              for (const [k2, v2] of Object.entries(v as object))
                if (typeof v2 === 'object' && v2 !== null && Object.keys(v2).length > 0)
                  seen.add(`${t}.${k}.${/^\d+$/.test(k2) ? '*' : k2}`);
            }
        }
      }),
      { numRuns: 300, seed: 161 },
    );
    expect([...seen].sort()).toEqual([
      'dentries.d_children',
      'fdtables.fds',
      'fdtables.fds.*',
      'files.f_cred',
      'files.f_cred.groups',
      'files.f_fs_context',
      'files.f_path',
      'inodes.i_data',
      'inodes.i_data.*',
      'inodes.i_pipe',
      'inodes.i_pipe.pages',
      'mounts.mnt_mounts',
      'superblocks.s_free_inos',
      'superblocks.s_orphans',
      'tasks.blocked',
      'tasks.blocked.syscall',
      'tasks.cred',
      'tasks.cred.groups',
      'tasks.pwd',
      'tasks.root',
    ]);
  });

  it('the calls in flight of random worlds', () => {
    let inFlight = 0;
    fc.assert(
      fc.property(worldArb, (w) => {
        if (w.inflight === undefined) return;
        inFlight += Object.keys(w.inflight).length;
        expect(copyFault(deepCopy(w.inflight), w.inflight)).toBeNull();
      }),
      { numRuns: 300, seed: 162 },
    );
    expect(inFlight).toBeGreaterThan(50);
  });

  it('the check itself finds a copy that shares a nested object, or drops a field', () => {
    const w = busyWorldOf('relink', 'ext4', [], SETUP);
    const task = Object.values(w.tasks)[0];
    if (task === undefined) throw new Error('no task');
    expect(copyFault({ ...task }, task)).toBe('shares an object with its source');
    const { umask: _, ...less } = deepCopy(task);
    expect(copyFault(less, task)).toMatch(/keys/);
  });
});

describe('samePlain answers as the generic comparison it replaced', () => {
  it('on pairs of records of one table from random worlds, equal and not', () => {
    let equal = 0;
    let pairs = 0;
    fc.assert(
      fc.property(worldArb, worldArb, (a, b) => {
        for (const t of TABLES)
          for (const [id, x] of Object.entries(a[t])) {
            // The same id in the other world, and the record with a field made undefined.
            const y: unknown = (b[t] as Record<string, unknown>)[id];
            const cleared = { ...(x as object), [Object.keys(x as object)[1] ?? 'id']: undefined };
            for (const [p, q] of [
              [x, y],
              [x, deepCopy(x)],
              [x, cleared],
              [cleared, x],
            ] as const) {
              pairs++;
              const same = sameGeneric(p, q);
              if (same) equal++;
              expect(samePlain(p, q)).toBe(same);
            }
          }
      }),
      { numRuns: 100, seed: 163 },
    );
    expect(equal).toBeGreaterThan(pairs / 4);
    expect(pairs - equal).toBeGreaterThan(pairs / 10);
  });

  it('a key missing on one side and undefined on the other is a difference', () => {
    expect(samePlain({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(samePlain({ a: 1, b: undefined }, { a: 1, b: undefined })).toBe(true);
  });
});
