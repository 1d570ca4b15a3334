// The touch log holds every record a call changed, put in or took out: what the incremental
// invariant check (src/invariants/invariants-incremental.ts) relies on to look at nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intentArb, resolveIntent } from '../helpers/alphabet.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import { SECURITY_ALPHABET, SECURITY_STARTS, securityStartWorld } from '../../src/checker/security-alphabet.js';
import { CLONE_NEWNS, MNT_DETACH, MS_BIND, MS_REC, O_CREAT, O_RDWR } from '../../src/model/flags.js';
import type { MountableFsType } from '../../src/model/fstype.js';
import { SEEDED_BUGS } from '../../src/model/kernel.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { InPlaceRunner } from '../../src/ops/run/inplace.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { deepCopy } from '../../src/ops/vfs/plain-data.js';
import { closeTouchLog, openTouchLog, type TouchLog } from '../../src/ops/vfs/touch-log.js';

const TABLES = ['inodes', 'dentries', 'mounts', 'superblocks', 'files', 'fdtables', 'tasks', 'mntns'] as const;

/** The records (table.id) that differ between two worlds, present in one only included. */
function changed(before: World, after: World): string[] {
  const out: string[] = [];
  for (const t of TABLES) {
    const a = before[t] as Readonly<Record<string, unknown>>;
    const b = after[t] as Readonly<Record<string, unknown>>;
    for (const id of new Set([...Object.keys(a), ...Object.keys(b)]))
      if (JSON.stringify(a[id]) !== JSON.stringify(b[id])) out.push(`${t}.${id}`);
  }
  return out;
}

function logged(w: World, log: TouchLog): Set<string> {
  const names = new Map<object, string>(TABLES.map((t) => [w[t], t]));
  const ids = log.ids.slice(0, log.count);
  return new Set(ids.map((id, n) => `${names.get(log.tables[n] ?? {}) ?? 'another table'}.${id}`));
}

let calls = 0;
let changing = 0;

/** Each call on an in-place world with the log open: every record it changed is in the log. */
function checkCalls(start: World, next: (w: World, i: number) => { pid: number; sc: Syscall } | null, n: number) {
  const r = new InPlaceRunner(start);
  const log: TouchLog = { tables: [], ids: [], count: 0 };
  for (let i = 0; i < n; i++) {
    const call = next(r.world, i);
    if (call === null) break;
    const before = deepCopy(r.world);
    openTouchLog(log);
    try {
      r.step(call.pid, call.sc);
    } catch {
      continue; // the runner went back to the world before: nothing changed
    } finally {
      closeTouchLog();
    }
    const diff = changed(before, r.world);
    const seen = logged(r.world, log);
    calls++;
    if (diff.length > 0) changing++;
    expect(
      diff.filter((x) => !seen.has(x)),
      `call ${i}: ${JSON.stringify(call)}`,
    ).toEqual([]);
  }
}

describe('the touch log', () => {
  const filesystems: MountableFsType[] = ['ext4', 'btrfs', 'tmpfs'];
  for (const fs of filesystems)
    it(`names every record a call changed (random calls, ${fs})`, () => {
      fc.assert(
        fc.property(fc.array(intentArb, { maxLength: 40 }), (intents) => {
          checkCalls(
            bootWorld({ rootFs: fs }),
            (w, i) => (intents[i] === undefined ? null : resolveIntent(w, intents[i])),
            intents.length,
          );
        }),
        { numRuns: 100 },
      );
    });

  it('names every record a call changed (the relink alphabet, the series and every seeded bug)', () => {
    for (const kernel of ['relink', ...SEEDED_BUGS]) {
      const runs = fc.sample(fc.array(fc.constantFrom(...RELINK_ALPHABET), { maxLength: 14 }), {
        seed: 5,
        numRuns: 30,
      });
      for (const ops of runs) checkCalls(startWorld(kernel), (_w, i) => ops[i] ?? null, ops.length);
    }
  });

  it('names every record a call changed (the security alphabet)', () => {
    for (const start of SECURITY_STARTS) {
      const runs = fc.sample(fc.array(fc.constantFrom(...SECURITY_ALPHABET), { maxLength: 10 }), {
        seed: 9,
        numRuns: 20,
      });
      for (const ops of runs) checkCalls(securityStartWorld('relink', start), (_w, i) => ops[i] ?? null, ops.length);
    }
  });

  it('names every record a call changed (mounts, bind mounts, umounts, a new mount namespace)', () => {
    const setup: Syscall[] = [
      { call: 'mkdir', path: '/m', mode: 0o755 },
      { call: 'mkdir', path: '/b', mode: 0o755 },
    ];
    const alphabet: Syscall[] = [
      { call: 'mount', source: 'none', target: '/m', fstype: 'tmpfs', flags: 0, data: '' },
      { call: 'mount', source: '/', target: '/b', fstype: '', flags: MS_BIND | MS_REC, data: '' },
      { call: 'mount', source: '/m', target: '/b', fstype: '', flags: MS_BIND, data: '' },
      { call: 'open', path: '/m/f', flags: O_CREAT | O_RDWR, mode: 0o644 },
      { call: 'open', path: '/b/m/g', flags: O_CREAT | O_RDWR, mode: 0o644 },
      { call: 'unlink', path: '/m/f' },
      { call: 'close', fd: 3 },
      { call: 'umount2', target: '/b', flags: MNT_DETACH },
      { call: 'umount2', target: '/m', flags: 0 },
      { call: 'umount2', target: '/m', flags: MNT_DETACH },
      { call: 'clone', flags: CLONE_NEWNS },
      { call: 'exit_group', status: 0 },
    ];
    const runs = fc.sample(fc.array(fc.constantFrom(...alphabet), { maxLength: 16 }), { seed: 3, numRuns: 300 });
    for (const ops of runs) {
      const calls = [...setup, ...ops];
      checkCalls(
        bootWorld({ rootFs: 'ext4' }),
        (w, i) => {
          const sc = calls[i];
          const pid = Number(Object.keys(w.tasks).find((p) => w.tasks[Number(p)]?.state === 'running'));
          return sc === undefined || Number.isNaN(pid) ? null : { pid, sc };
        },
        calls.length,
      );
    }
  });

  it('was asked about calls that changed records', () => {
    // The three cases above ran (vitest runs a file's tests in order).
    expect(calls).toBeGreaterThan(3000);
    expect(changing).toBeGreaterThan(1000);
  });
});
