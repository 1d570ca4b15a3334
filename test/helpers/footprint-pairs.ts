/**
 * Pairs of calls from one world, for the tests of the footprints the partial-order reduction
 * decides independence by (src/ops/run/footprint.ts): each call's footprint as the search records
 * it, both orders of every independent pair, and the random worlds and calls to try them on (the
 * fuzz calls of test/fuzz/model-calls.ts, the checker's intents, mounts, calls in flight).
 */
import fc from 'fast-check';
import { intentArb } from './alphabet.js';
import { fuzzCall, resolveFuzzCall, type FuzzCall } from '../fuzz/model-calls.js';
import { rawStateKey } from '../../src/checker/canonical.js';
import type { Op } from '../../src/checker/relink-alphabet.js';
import { applyOpTraced } from '../../src/checker/search/apply-op.js';
import {
  CLONE_NEWNS,
  F_GETFL,
  F_SETFL,
  MNT_DETACH,
  MS_BIND,
  MS_MOVE,
  MS_RDONLY,
  MS_REC,
  MS_REMOUNT,
  O_APPEND,
  O_NONBLOCK,
} from '../../src/model/flags.js';
import type { MountableFsType } from '../../src/model/fstype.js';
import { KERNELS } from '../../src/model/kernel.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { cowStep } from '../../src/ops/run/cow.js';
import { dependent, type Footprint } from '../../src/ops/run/footprint.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';

export type Call = { readonly pid: number; readonly sc: Syscall };
/** What a call gave: its world and answer, or the exception it threw (the world is then unchanged). */
export type Answer = { readonly world: World; readonly said: string } | { readonly threw: string };

export function answer(w: World, c: Call): Answer {
  try {
    const out = cowStep(w, c.pid, c.sc);
    return { world: out.world, said: JSON.stringify([out.result, out.wakeups]) };
  } catch (e) {
    return { threw: e instanceof Error ? e.constructor.name : String(e) };
  }
}

export const said = (a: Answer): string => ('threw' in a ? `threw ${a.threw}` : a.said);
export const worldAfter = (w: World, a: Answer): World => ('world' in a ? a.world : w);

/** `x` then `y` from `p`: both answers and the world at the end. */
export function inOrder(p: World, x: Call, y: Call): { x: string; y: string; end: World } {
  const first = answer(p, x);
  const mid = worldAfter(p, first);
  const second = answer(mid, y);
  return { x: said(first), y: said(second), end: worldAfter(mid, second) };
}

/** The footprint the search records for the call (apply-op.ts, as when the op runs asleep). */
export const footprint = (p: World, c: Call): Footprint =>
  applyOpTraced(p, { label: JSON.stringify(c), ...c }, true).footprint;

/** The world after the alphabet's ops `path` (indices) from `start`, a failing op a step in place. */
export function walk(start: World, alphabet: readonly Op[], path: readonly number[]): World {
  let w = start;
  for (const i of path) {
    const op = alphabet[i];
    if (op === undefined || (op.when !== undefined && !op.when(w))) continue;
    w = worldAfter(w, answer(w, op));
  }
  return w;
}

export interface Tally {
  pairs: number;
  independent: number;
  /** Independent pairs where both calls changed the world. */
  bothChange: number;
  /** Independent pairs by their calls' names. */
  kinds: Set<string>;
  broken: string[];
}

export const newTally = (): Tally => ({ pairs: 0, independent: 0, bothChange: 0, kinds: new Set(), broken: [] });

/**
 * Every pair of `calls` from `p` whose footprints do not meet: both orders agree. `weaken` alters
 * the footprints first (to show the check can fail).
 */
export function checkPairs(p: World, calls: readonly Call[], t: Tally, weaken = (f: Footprint): Footprint => f): void {
  const fps = calls.map((c) => weaken(footprint(p, c)));
  for (let i = 0; i < calls.length; i++)
    for (let j = i + 1; j < calls.length; j++) {
      const [a, b, fa, fb] = [calls[i], calls[j], fps[i], fps[j]];
      if (a === undefined || b === undefined || fa === undefined || fb === undefined) continue;
      t.pairs++;
      if (dependent(fa, fb)) continue;
      t.independent++;
      if (fa.writes.size > 0 && fb.writes.size > 0) t.bothChange++;
      t.kinds.add([a.sc.call, b.sc.call].sort().join(' / '));
      const ab = inOrder(p, a, b);
      const ba = inOrder(p, b, a);
      if (ab.x !== ba.y || ab.y !== ba.x || rawStateKey(ab.end) !== rawStateKey(ba.end))
        t.broken.push(
          `pid ${a.pid} ${JSON.stringify(a.sc)} / pid ${b.pid} ${JSON.stringify(b.sc)}: ` +
            `${ab.x} ${ab.y} against ${ba.y} ${ba.x}`,
        );
    }
}

/** The world `calls` lead to from a boot, calls that throw skipped. */
export function worldOf(kernel: string, fs: MountableFsType, calls: readonly FuzzCall[]): World {
  let w = bootWorld({ kernel, rootFs: fs, outsideFds: [0, 1, 2] });
  for (const c of calls) {
    const call = resolveFuzzCall(w, c);
    if (call === null) break;
    const a = answer(w, call);
    w = worldAfter(w, a);
  }
  return w;
}

/** Calls that give a boot several tasks, with fd tables of their own and shared, and files to share. */
export const SETUP: readonly Call[] = [
  { pid: 1, sc: { call: 'mkdir', path: 'd', mode: 0o755 } },
  { pid: 1, sc: { call: 'mkdir', path: 'd/e', mode: 0o755 } },
  { pid: 1, sc: { call: 'open', path: 'a', flags: 0o102, mode: 0o644 } },
  { pid: 1, sc: { call: 'open', path: 'b', flags: 0o102, mode: 0o644 } },
  { pid: 1, sc: { call: 'mknodat', dirfd: -100, path: 'p', mode: 0o10644, dev: 0 } },
  { pid: 1, sc: { call: 'symlink', target: 'a', linkpath: 's' } },
  { pid: 1, sc: { call: 'fork' } },
  { pid: 1, sc: { call: 'fork' } },
  { pid: 1, sc: { call: 'clone', flags: 0x400 } },
  { pid: 2, sc: { call: 'open', path: 'c', flags: 0o102, mode: 0o644 } },
  { pid: 3, sc: { call: 'open', path: 'd/a', flags: 0o102, mode: 0o644 } },
  { pid: 3, sc: { call: 'chdir', path: 'd' } },
];

/** SETUP, then a tmpfs on /m and / bound on /b, so that mount calls find mounts to work on. */
export const MOUNTED_SETUP: readonly Call[] = [
  ...SETUP,
  { pid: 1, sc: { call: 'mkdir', path: '/m', mode: 0o755 } },
  { pid: 1, sc: { call: 'mkdir', path: '/bind', mode: 0o755 } },
  { pid: 1, sc: { call: 'mkdir', path: '/ckpt', mode: 0o700 } },
  { pid: 1, sc: { call: 'mount', source: 'none', target: '/m', fstype: 'tmpfs', flags: 0, data: '' } },
  { pid: 1, sc: { call: 'mount', source: '/', target: '/bind', fstype: '', flags: MS_BIND | MS_REC, data: '' } },
];

/** A boot after `setup` (each call must succeed), then `calls`. */
export function busyWorldOf(
  kernel: string,
  fs: MountableFsType,
  calls: readonly FuzzCall[],
  setup: readonly Call[] = SETUP,
): World {
  let w = bootWorld({ kernel, rootFs: fs, outsideFds: [0, 1, 2] });
  for (const c of setup) {
    const a = answer(w, c);
    if (!('world' in a) || a.said.includes('"ok":false')) throw new Error(`setup ${JSON.stringify(c)}: ${said(a)}`);
    w = a.world;
  }
  for (const c of calls) {
    const call = resolveFuzzCall(w, c);
    if (call === null) break;
    w = worldAfter(w, answer(w, call));
  }
  return w;
}

export const resolveAll = (w: World, calls: readonly FuzzCall[]): Call[] =>
  calls.flatMap((c) => resolveFuzzCall(w, c) ?? []);

export const FILESYSTEMS: readonly MountableFsType[] = ['ext4', 'btrfs', 'tmpfs'];
export const kernelArb = fc.constantFrom(...Object.keys(KERNELS));
export const fsArb = fc.constantFrom(...FILESYSTEMS);

/** Mount calls that reach deep (the fuzz pools mostly reach their errno paths). */
export const MOUNTING: readonly Syscall[] = [
  { call: 'mkdir', path: '/m', mode: 0o755 },
  { call: 'mkdir', path: '/bind', mode: 0o755 },
  { call: 'mkdir', path: '/ckpt', mode: 0o700 },
  { call: 'mount', source: 'none', target: '/m', fstype: 'tmpfs', flags: 0, data: '' },
  { call: 'mount', source: 'none', target: '/m', fstype: 'ext4', flags: 0, data: 'relink=/ckpt' },
  { call: 'mount', source: '/', target: '/bind', fstype: '', flags: MS_BIND | MS_REC, data: '' },
  { call: 'mount', source: '/m', target: '/bind', fstype: '', flags: MS_BIND, data: '' },
  { call: 'mount', source: '/bind', target: '/m', fstype: '', flags: MS_MOVE, data: '' },
  { call: 'mount', source: '', target: '/', fstype: '', flags: MS_REMOUNT, data: 'relink=/ckpt' },
  { call: 'mount', source: '', target: '/m', fstype: '', flags: MS_REMOUNT | MS_RDONLY, data: '' },
  { call: 'mount', source: '', target: '/m', fstype: '', flags: MS_REMOUNT | MS_BIND | MS_RDONLY, data: '' },
  { call: 'mount', source: '', target: '/bind', fstype: '', flags: MS_REMOUNT | MS_BIND | MS_RDONLY, data: '' },
  { call: 'mkdir', path: '/m/x', mode: 0o755 },
  { call: 'mkdir', path: '/bind/x', mode: 0o755 },
  { call: 'stat', path: '/bind/m' },
  { call: 'open', path: '/m/f', flags: 0o102, mode: 0o644 },
  { call: 'open', path: '/bind/m/g', flags: 0o102, mode: 0o644 },
  { call: 'unlink', path: '/m/f' },
  { call: 'close', fd: 3 },
  { call: 'chdir', path: '/m' },
  { call: 'umount2', target: '/bind', flags: MNT_DETACH },
  { call: 'umount2', target: '/m', flags: 0 },
  { call: 'umount2', target: '/m', flags: MNT_DETACH },
  { call: 'clone', flags: CLONE_NEWNS },
  { call: 'fork' },
];
export const mountCall: fc.Arbitrary<FuzzCall> = fc.record({
  kind: fc.constant('raw' as const),
  pidPick: fc.nat({ max: 1000 }),
  anyPid: fc.constant(false),
  liveFds: fc.constant(false),
  sc: fc.constantFrom(...MOUNTING),
});
export const mountingCall = fc.oneof({ arbitrary: mountCall, weight: 2 }, { arbitrary: fuzzCall, weight: 1 });

/** Calls of the checker's alphabet (on names and fds that exist), with mount calls now and then. */
export const intentCall = intentArb.map((intent): FuzzCall => ({ kind: 'intent', intent }));
export const busyCall = fc.oneof({ arbitrary: intentCall, weight: 3 }, { arbitrary: mountingCall, weight: 1 });

/** Calls on descriptors 3 and 4, which SETUP's tasks share by fork and CLONE_FILES, by any of them. */
export const fdCall: fc.Arbitrary<Call> = fc.record({
  pid: fc.integer({ min: 1, max: 4 }),
  sc: fc.constantFrom<Syscall>(
    ...[3, 4].flatMap((fd): Syscall[] => [
      { call: 'lseek', fd, offset: 2, whence: 0 },
      { call: 'lseek', fd, offset: 1, whence: 1 },
      { call: 'fcntl', fd, cmd: F_GETFL, arg: 0 },
      { call: 'fcntl', fd, cmd: F_SETFL, arg: O_APPEND | O_NONBLOCK },
      { call: 'read', fd, count: 3 },
      { call: 'write', fd, data: 'xy' },
      { call: 'pread64', fd, count: 4, offset: 1 },
      { call: 'pwrite64', fd, data: 'z', offset: 3 },
      { call: 'fstat', fd },
      { call: 'ftruncate', fd, length: 1 },
      { call: 'dup', fd },
      { call: 'close', fd },
    ]),
  ),
});

/** Calls the race explorer splits (src/ops/steps/), to leave one in flight. */
export const SPLIT: readonly Syscall[] = [
  { call: 'unlink', path: 'a' },
  { call: 'unlink', path: 'd/a' },
  { call: 'rmdir', path: 'd' },
  { call: 'rename', oldpath: 'a', newpath: 'b' },
  { call: 'rename', oldpath: 'd/a', newpath: 'c' },
  { call: 'link', oldpath: 'a', newpath: 'c' },
  { call: 'linkat', olddirfd: 3, oldpath: '', newdirfd: -100, newpath: 'r', flags: 0x1000 },
  { call: 'close', fd: 3 },
  { call: 'close', fd: 4 },
  { call: 'umount2', target: '/m', flags: 0 },
];
