// Files passed between tasks keep the refcount ledger balanced: random programs of several tasks
// (forks, CLONE_FILES clones, opens, O_PATH opens, dups, closes, unlinks, execs, exits) pass
// descriptors to each other with passfd, and after every step every invariant holds (each f_count
// equals the slots holding the file) and a failed call changed nothing. A pass that succeeds adds
// exactly one slot, in the receiver's table, holding the sender's file, one reference more.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotRunnable } from '../../src/model/errors.js';
import { CLONE_FILES, O_CREAT, O_PATH, O_RDWR } from '../../src/model/flags.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { FdEntry } from '../../src/model/task.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { step } from '../../src/ops/run/step.js';
import { rFile, rTask } from '../../src/ops/vfs/world-draft.js';
import { assertStepLaws } from '../helpers/run.js';

const PATHS = ['/a', '/b', '/c'];
const fdArb = fc.integer({ min: 0, max: 6 });

/** A call, with `to` for passfd still a position among the tasks (resolved against the world). */
type Draft =
  { readonly kind: 'pass'; readonly fd: number; readonly toPick: number; readonly cloexec: number } | Syscall;

const callArb: fc.Arbitrary<Draft> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fdArb, fc.nat(), fc.constantFrom(0, 1))
      .map(([fd, toPick, cloexec]): Draft => ({ kind: 'pass', fd, toPick, cloexec })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...PATHS), fc.constantFrom(O_RDWR | O_CREAT, O_PATH))
      .map(([path, flags]): Syscall => ({ call: 'open', path, flags, mode: 0o644 })),
  },
  { weight: 2, arbitrary: fdArb.map((fd): Syscall => ({ call: 'close', fd })) },
  { weight: 1, arbitrary: fdArb.map((fd): Syscall => ({ call: 'dup', fd })) },
  { weight: 1, arbitrary: fc.constantFrom(...PATHS).map((path): Syscall => ({ call: 'unlink', path })) },
  { weight: 1, arbitrary: fc.constant<Syscall>({ call: 'fork' }) },
  { weight: 1, arbitrary: fc.constant<Syscall>({ call: 'clone', flags: CLONE_FILES }) },
  { weight: 1, arbitrary: fc.constant<Syscall>({ call: 'execve', filename: '/bin/true' }) },
  { weight: 1, arbitrary: fc.constant<Syscall>({ call: 'exit', status: 0 }) },
);

const stepArb = fc.record({ pidPick: fc.nat(), call: callArb });

/**
 * The caller, a running task by position, and the call; passfd's receiver is any task by position
 * (zombies included), or now and then a pid with no task.
 */
function resolve(w: World, pidPick: number, d: Draft): { pid: number; sc: Syscall } | null {
  const running = Object.values(w.tasks).filter((t) => t.state === 'running');
  const caller = running[pidPick % Math.max(running.length, 1)];
  if (caller === undefined) return null;
  if (!('kind' in d)) return { pid: caller.pid, sc: d };
  const pids = [...Object.values(w.tasks).map((t) => t.pid), 99];
  const to = pids[d.toPick % pids.length] ?? 99;
  return { pid: caller.pid, sc: { call: 'passfd', fd: d.fd, to, cloexec: d.cloexec } };
}

/** One step, or null when the pid cannot make a call (no task, a zombie, a sleeper). */
function tryStep(w: World, pid: number, sc: Syscall): ReturnType<typeof step> | null {
  try {
    return step(w, pid, sc);
  } catch (e) {
    if (e instanceof NotRunnable) return null;
    throw e;
  }
}

/** Every table's slots, by table id: the file each holds and its close-on-exec bit. */
const slotsOf = (w: World): Record<number, Record<number, FdEntry>> =>
  Object.fromEntries(Object.values(w.fdtables).map((t) => [t.id, { ...t.fds }]));

/**
 * A successful pass: one new slot, in the receiver's table, holding the sender's file with the
 * close-on-exec bit asked for, and one more f_count.
 */
function expectOnePass(
  before: World,
  after: World,
  pid: number,
  sc: Extract<Syscall, { call: 'passfd' }>,
  fd: number,
): void {
  const file = before.fdtables[rTask(before, pid).files]?.fds[sc.fd]?.file ?? -1;
  const table = rTask(after, sc.to).files;
  const expected = slotsOf(before);
  expected[table] = { ...expected[table], [fd]: { file, cloexec: sc.cloexec === 1 } };
  expect(slotsOf(after)).toEqual(expected);
  expect(rFile(after, file).f_count).toBe(rFile(before, file).f_count + 1);
}

describe('passfd between random tasks', () => {
  it('keeps every invariant, the f_count ledger included, after every step', () => {
    // What the programs reached, so that the property is not met vacuously.
    const reached = { passed: 0, toOther: 0, toShared: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 20, maxLength: 40 }), (steps) => {
        let w = bootWorld({ outsideFds: [0, 1, 2] });
        for (const { pidPick, call } of steps) {
          const next = resolve(w, pidPick, call);
          if (next === null) break;
          const { pid, sc } = next;
          const out = tryStep(w, pid, sc);
          if (out === null) continue;
          assertStepLaws(w, out.world, out.result, `${pid} ${JSON.stringify(sc)}`);
          if (sc.call === 'passfd' && out.result.ok === true) {
            expectOnePass(w, out.world, pid, sc, out.result.ret);
            const table = rTask(w, sc.to).files;
            reached.passed++;
            if (sc.to !== pid) reached.toOther++;
            if (Object.values(w.tasks).filter((t) => t.state !== 'zombie' && t.files === table).length > 1)
              reached.toShared++;
          } else if (sc.call === 'passfd') reached.refused++;
          w = out.world;
        }
      }),
      { numRuns: 300 },
    );
    for (const [what, n] of Object.entries(reached)) expect(n, what).toBeGreaterThan(50);
  });
});
