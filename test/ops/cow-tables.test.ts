// The copy-on-write step copies a table only when the call first writes into it (src/ops/vfs/cow-access.ts):
// the world before's tables are never written, a table the call did not write is the very same
// object after it, a read after the first write still lands in the footprint, and the ways around
// the swap (a direct write, a write through a reading accessor, a table kept in a local) are caught.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { intentArb, resolveIntent } from '../helpers/alphabet.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import { O_RDONLY, O_WRONLY } from '../../src/model/flags.js';
import { ModelBug } from '../../src/model/errors.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { cowStep } from '../../src/ops/run/cow.js';
import { closeFootprint, openFootprint, TABLES, traceStep } from '../../src/ops/run/footprint.js';
import { step } from '../../src/ops/run/step.js';
import { HANDLERS } from '../../src/ops/run/table.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { beginOwning, endOwning } from '../../src/ops/vfs/cow-access.js';
import { inodeOf, rTask, type MWorld } from '../../src/ops/vfs/world-draft.js';

type Table = Readonly<Record<number, unknown>>;
/** Each table's keys and records, the records by reference. */
type Shot = { keys: string[]; records: unknown[] }[];

const shoot = (w: World): Shot =>
  TABLES.map((t) => ({ keys: Object.keys(w[t]), records: Object.values(w[t] as Table) }));

/** The tables of `w` whose keys or records (by reference) differ from the shot. */
function changedSince(shot: Shot, w: World): string[] {
  return TABLES.filter((t, i) => {
    const s = shot[i];
    const now = w[t] as Table;
    const keys = Object.keys(now);
    return (
      s === undefined ||
      keys.length !== s.keys.length ||
      keys.some((k, n) => k !== s.keys[n] || now[Number(k)] !== s.records[n])
    );
  });
}

/** cowStep, with a footprint open when `traced` (the search's partial-order reduction); null after a throw. */
function cow(w: World, pid: number, sc: Syscall, traced: boolean): World | null {
  if (traced) openFootprint();
  try {
    return cowStep(w, pid, sc).world;
  } catch {
    return null;
  } finally {
    if (traced) closeFootprint();
  }
}

/** A step from the world after a first step, so the tables are a step's (unfrozen), not immer's. */
function stepped(): World {
  return cowStep(bootWorld({ rootFs: 'ext4' }), 1, { call: 'mkdir', path: '/d', mode: 0o755 }).world;
}

type Handler = (w: MWorld, pid: number, sc: Syscall) => unknown;
/** The handler table, writable, to put a misbehaving handler in for one test. */
const handlers = HANDLERS as unknown as Record<string, Handler>;
const patched: [string, Handler][] = [];
/** Runs `first` on the step's world before the handler of `call`, for one test. */
function patchHandler(call: string, first: (w: MWorld) => void): void {
  const handler = handlers[call];
  if (handler === undefined) throw new Error(`no handler for ${call}`);
  patched.push([call, handler]);
  handlers[call] = (w, pid, sc) => {
    first(w);
    return handler(w, pid, sc);
  };
}
afterEach(() => {
  for (const [call, handler] of patched.splice(0)) handlers[call] = handler;
});

describe('the copy-on-write step copies only the tables a call writes', () => {
  it('leaves every table of the world before as it was, key by key, over random syscall sequences', () => {
    let steps = 0;
    fc.assert(
      fc.property(fc.array(intentArb, { maxLength: 30 }), fc.boolean(), (intents, traced) => {
        let w: World = bootWorld({ rootFs: 'ext4' });
        for (const intent of intents) {
          const call = resolveIntent(w, intent);
          if (call === null) break;
          const shot = shoot(w);
          const after = cow(w, call.pid, call.sc, traced);
          expect(changedSince(shot, w), JSON.stringify(call)).toEqual([]);
          steps++;
          w = after ?? w;
        }
      }),
      { numRuns: 200 },
    );
    expect(steps).toBeGreaterThan(400);
  });

  it("leaves every table of the world before as it was over the relink alphabet's first levels, footprints open", () => {
    let level = [startWorld('relink')];
    let steps = 0;
    for (let d = 0; d < 3; d++) {
      const next: World[] = [];
      for (const w of level)
        for (const op of RELINK_ALPHABET) {
          const shot = shoot(w);
          const after = cow(w, op.pid, op.sc, true);
          expect(changedSince(shot, w), `${op.label} at level ${d + 1}`).toEqual([]);
          steps++;
          if (after !== null && after !== w) next.push(after);
        }
      level = next.slice(0, 60);
    }
    expect(steps).toBeGreaterThan(600);
  });

  it('keeps the very table objects of the world before for every table the call left as it was', () => {
    let kept = 0;
    fc.assert(
      fc.property(fc.array(intentArb, { maxLength: 30 }), (intents) => {
        let w = stepped();
        for (const intent of intents) {
          const call = resolveIntent(w, intent);
          if (call === null) break;
          const after = cow(w, call.pid, call.sc, false);
          if (after === null) continue;
          for (const t of TABLES)
            if (changedSince(shoot(w), { ...w, [t]: after[t] } as World).length === 0) {
              expect(after[t], `${t} after ${JSON.stringify(call)}`).toBe(w[t]);
              kept++;
            }
          w = after;
        }
      }),
      { numRuns: 40 },
    );
    expect(kept).toBeGreaterThan(100);
  });

  it('the check above sees a handler that writes a table directly, past the swap', () => {
    const w = stepped();
    // What a handler doing `w.files[id] = ...` instead of putRecord would do to the world before.
    patchHandler('mkdir', (w) => {
      (w.mntns as Record<number, unknown>)[77] = { id: 77, root: 1, count: 0 };
    });
    const shot = shoot(w);
    cowStep(w, 1, { call: 'mkdir', path: '/e', mode: 0o755 });
    expect(changedSince(shot, w)).toEqual(['mntns']);
  });

  it('no handler writes a table directly: every write goes through ownRecord, putRecord or dropRecord', () => {
    // Immer's drafts are the only worlds these two write, so a direct write there is safe.
    const immerOnly = new Set(['src/ops/vfs/boot.ts', 'src/cr/cr-flow.ts']);
    const tables = TABLES.join('|');
    const direct = new RegExp(
      `\\.(${tables})\\[[^\\]]*\\]\\s*(=[^=]|\\+\\+|--|[-+*/|&]=)|delete\\s+[\\w.]+\\.(${tables})\\[|=\\s*w\\.(${tables})\\s*;`,
    );
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (path.endsWith('.ts') && !immerOnly.has(path))
          for (const [n, line] of readFileSync(path, 'utf8').split('\n').entries())
            if (direct.test(line)) found.push(`${path}:${n + 1}: ${line.trim()}`);
      }
    };
    walk('src/ops');
    walk('src/cr');
    expect(found).toEqual([]);
  });

  it('fails loudly when a handler writes to a record it got from a reading accessor, the world before untouched', () => {
    const w = stepped();
    patchHandler('mkdir', (w) => {
      (rTask(w, 1) as { umask: number }).umask = 0o777;
    });
    const before = JSON.stringify(w);
    expect(() => cowStep(w, 1, { call: 'mkdir', path: '/e', mode: 0o755 })).toThrow(ModelBug);
    expect(JSON.stringify(w)).toBe(before);
  });

  it('wakes every sleeper once when the first write into the tasks table happens during the wake-up scan', () => {
    // Two readers asleep in a fifo's open; the writer's open wakes both. The scan must read the
    // step's tasks table afresh: the world before's would still show the first one asleep.
    let w = stepped();
    for (const [pid, sc] of [
      [1, { call: 'mknod', path: '/p', mode: 0o10600, dev: 0 }],
      [1, { call: 'fork', child: 2 }],
      [1, { call: 'fork', child: 3 }],
      [2, { call: 'open', path: '/p', flags: O_RDONLY, mode: 0 }],
      [3, { call: 'open', path: '/p', flags: O_RDONLY, mode: 0 }],
    ] as const)
      w = step(w, pid, sc as Syscall).world;
    const writer: Syscall = { call: 'open', path: '/p', flags: O_WRONLY, mode: 0 };
    const want = step(w, 1, writer);
    const got = cowStep(w, 1, writer);
    expect(got.wakeups.map((x) => x.pid)).toEqual([2, 3]);
    expect(got.wakeups).toEqual(want.wakeups);
    expect(got.world).toEqual(want.world);
  });

  it('records in the footprint a read made after the first write into that table, and writes into the copy', () => {
    const world = stepped();
    const [a, b] = Object.keys(world.inodes).map(Number);
    if (a === undefined || b === undefined) throw new Error('fewer than two inodes');
    const w = { ...world, next: { ...world.next } };
    openFootprint();
    const traced = traceStep(w);
    beginOwning({ world: w, names: TABLES, originals: TABLES.map((t) => world[t]), wrap: traced.wrap });
    inodeOf(traced.world as MWorld, a).i_nlink += 5;
    expect(traced.world.inodes[b]).toBe(world.inodes[b]);
    traced.stop();
    const owned = endOwning();
    const reads = closeFootprint();
    const inodes = TABLES.indexOf('inodes');
    expect(reads?.has(inodes * 2 ** 32 + b)).toBe(true);
    const copy = owned.copies[inodes] as Record<number, { i_nlink: number }> | undefined;
    expect(copy?.[a]?.i_nlink).toBe((world.inodes[a]?.i_nlink ?? 0) + 5);
    expect(world.inodes[a]?.i_nlink).not.toBe(copy?.[a]?.i_nlink);
    expect(owned.copies.filter((c) => c !== undefined)).toHaveLength(1);
  });
});
