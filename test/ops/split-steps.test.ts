// Split calls (src/ops/steps/): each step keeps the invariants, and the steps run back to back are
// the atomic syscall.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stateKey } from '../../src/checker/canonical.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import {
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_REMOVEDIR,
  AT_SYMLINK_FOLLOW,
  MNT_DETACH,
  MS_RDONLY,
  MS_REMOUNT,
} from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { NotRunnable, Unmodelled } from '../../src/model/errors.js';
import { step } from '../../src/ops/run/step.js';
import { canRunStep, runSplitCall, runSplitStep } from '../../src/ops/steps/run.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

const relink = (fd: number, newpath: string): Syscall => ({
  call: 'linkat',
  olddirfd: fd,
  oldpath: '',
  newdirfd: AT_FDCWD,
  newpath,
  flags: AT_EMPTY_PATH,
});
const remount = (data: string, flags = MS_REMOUNT): Syscall => ({
  call: 'mount',
  source: '',
  target: '/',
  fstype: '',
  flags,
  data,
});

/** Calls the race explorer splits, with arguments that reach their errno paths and their effects. */
const SPLIT_CALLS: readonly [number, Syscall][] = [
  [2, relink(3, '/ckpt/r')],
  [2, relink(4, '/ckpt/s')],
  [2, relink(3, '/x')],
  [2, relink(9, '/ckpt/r')],
  [2, { call: 'link', oldpath: '/a', newpath: '/ckpt/q' }],
  [
    2,
    {
      call: 'linkat',
      olddirfd: AT_FDCWD,
      oldpath: '/proc/self/fd/3',
      newdirfd: AT_FDCWD,
      newpath: '/ckpt/t',
      flags: AT_SYMLINK_FOLLOW,
    },
  ],
  [2, { call: 'unlink', path: '/a' }],
  [2, { call: 'unlink', path: '/ckpt/r' }],
  [2, { call: 'unlink', path: '/c/f' }],
  [2, { call: 'unlink', path: '/ckpt' }],
  [2, { call: 'unlinkat', dirfd: AT_FDCWD, path: '/ckpt', flags: AT_REMOVEDIR }],
  [1, { call: 'rmdir', path: '/ckpt' }],
  [1, { call: 'rmdir', path: '/c' }],
  [1, { call: 'rmdir', path: '/data' }],
  [1, { call: 'rename', oldpath: '/ckpt', newpath: '/k' }],
  [1, { call: 'rename', oldpath: '/data', newpath: '/ckpt' }],
  [2, { call: 'rename', oldpath: '/a', newpath: '/b' }],
  [2, { call: 'close', fd: 3 }],
  [2, { call: 'close', fd: 4 }],
  [2, { call: 'close', fd: 9 }],
  [1, { call: 'umount2', target: '/c', flags: 0 }],
  [1, { call: 'umount2', target: '/c', flags: MNT_DETACH }],
  [1, { call: 'umount2', target: '/', flags: 0 }],
  [1, remount('relink=/data')],
  [1, remount('relink=')],
  [1, remount('relink=/nope')],
  [1, remount('', MS_REMOUNT | MS_RDONLY)],
  // New mounts: a fresh device with a relink_dir it lacks or has, the root device again, tmpfs.
  [1, { call: 'mount', source: '/dev/vdb', target: '/ckpt', fstype: 'ext4', flags: 0, data: 'relink=/ckpt' }],
  [1, { call: 'mount', source: '/dev/vdb', target: '/data', fstype: 'ext4', flags: 0xc0ed0000, data: 'relink=/' }],
  [1, { call: 'mount', source: '/dev/root', target: '/ckpt', fstype: 'ext4', flags: 0, data: 'relink=/data' }],
  [1, { call: 'mount', source: '/dev/root', target: '/ckpt', fstype: 'ext4', flags: 0, data: 'relink=/nope' }],
  [1, { call: 'mount', source: 'none', target: '/ckpt', fstype: 'tmpfs', flags: 0, data: '' }],
];

function prefix(ops: readonly number[]): World {
  let w = startWorld('relink');
  for (const i of ops) {
    const op = RELINK_ALPHABET[i % RELINK_ALPHABET.length];
    if (op === undefined) continue;
    w = step(w, op.pid, op.sc).world;
  }
  return w;
}

describe('split calls', () => {
  it('run back to back, give the atomic syscall’s result and world', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(RELINK_ALPHABET.length - 1), { maxLength: 7 }),
        fc.nat(SPLIT_CALLS.length - 1),
        (ops, k) => {
          const w = prefix(ops);
          const [pid, sc] = SPLIT_CALLS[k] ?? [1, { call: 'close', fd: 0 }];
          let atomic;
          try {
            atomic = step(w, pid, sc);
          } catch (e) {
            if (e instanceof Unmodelled || e instanceof NotRunnable) return;
            throw e;
          }
          const split = runSplitCall(w, pid, sc);
          expect(split.result).toEqual(atomic.result);
          expect(stateKey(split.world)).toBe(stateKey(atomic.world));
          expect(split.world.inflight).toBeUndefined();
        },
      ),
      { numRuns: 400, seed: 4242 },
    );
  });

  it('keep every invariant between their steps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(RELINK_ALPHABET.length - 1), { maxLength: 7 }),
        fc.nat(SPLIT_CALLS.length - 1),
        (ops, k) => {
          let w = prefix(ops);
          const [pid, sc] = SPLIT_CALLS[k] ?? [1, { call: 'close', fd: 0 }];
          let out = runSplitStep(w, pid, sc);
          for (;;) {
            expect(checkInvariants(out.world), `after ${sc.call} ${out.step}`).toEqual([]);
            if (out.result !== null) break;
            w = out.world;
            out = runSplitStep(w, pid);
          }
        },
      ),
      { numRuns: 300, seed: 99 },
    );
  });

  it('leave the world as it was when they fail', () => {
    const w = startWorld('relink');
    const out = runSplitCall(w, 1, { call: 'rmdir', path: '/c' });
    expect(out.result).toEqual({ ok: false, errno: 'EBUSY' });
    expect(out.world).toEqual(w);
  });
});

describe('a call in flight', () => {
  const opened = (): World =>
    step(startWorld('relink'), 2, { call: 'open', path: '/a', flags: 0o102, mode: 0o644 }).world;

  it('is serialisable state with a canonical key', () => {
    const mid = runSplitStep(opened(), 2, relink(3, '/ckpt/r')).world;
    const copy = JSON.parse(JSON.stringify(mid)) as World;
    expect(copy).toEqual(mid);
    expect(stateKey(copy)).toBe(stateKey(mid));
    expect(stateKey(mid)).not.toBe(stateKey(opened()));
  });

  it('keeps its task from starting another syscall', () => {
    const mid = runSplitStep(opened(), 2, relink(3, '/ckpt/r')).world;
    expect(() => step(mid, 2, { call: 'close', fd: 3 })).toThrow(NotRunnable);
  });

  it('holding relink_dir’s lock makes another task’s rmdir of it wait', () => {
    let w = runSplitStep(opened(), 2, relink(3, '/ckpt/r')).world;
    w = runSplitStep(w, 2).world; // lock_dir
    w = runSplitStep(w, 1, { call: 'rmdir', path: '/ckpt' }).world; // lookup
    expect(canRunStep(w, 1)).toBe(false);
    w = runSplitStep(w, 2).world; // link
    w = runSplitStep(w, 2).world; // unlock
    expect(canRunStep(w, 1)).toBe(true);
    expect(runSplitStep(w, 1).result).toEqual({ ok: false, errno: 'ENOTEMPTY' });
  });
});
