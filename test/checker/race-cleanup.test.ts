// The cleanup (patch 10) in the race explorer: a list of syscalls whose steps other tasks can run
// between, and the series' answer, funlinkat, which keeps its promise under every schedule.
import { describe, expect, it } from 'vitest';
import { move, prepareRace, type Race, type RaceStep } from '../../src/checker/races/race-engine.js';
import {
  LONG_PROGRAMS,
  RACE_PROGRAMS,
  type RaceProgram,
  type RaceTask,
} from '../../src/checker/races/race-programs.js';
import { sampleRaces } from '../../src/checker/races/race-random.js';
import { exploreProgram, type RaceOptions } from '../../src/checker/races/races.js';
import type { CleanupMethod } from '../../src/cr/relink-cleanup.js';

const ALL: RaceOptions = { bound: 30, reduction: 'sleep-sets', firstOnly: false };

function program(name: string): RaceProgram {
  const p = [...RACE_PROGRAMS, ...LONG_PROGRAMS].find((x) => x.name === name);
  if (p === undefined) throw new Error(`no program ${name}`);
  return p;
}

/** The same program with every cleanup run by `method`. */
function withMethod(p: RaceProgram, method: CleanupMethod): RaceProgram {
  return {
    ...p,
    name: `${p.name} (${method})`,
    tasks: (w) =>
      p
        .tasks(w)
        .map((t): RaceTask => ({ ...t, ops: t.ops.map((op) => (op.kind === 'cleanup' ? { ...op, method } : op)) })),
  };
}

/** A schedule step as "pid call · section" (a cleanup's step named by its syscall). */
const label = (s: RaceStep): string => {
  const call = s.call?.call ?? (s.op.kind === 'call' ? s.op.sc.call : s.op.kind);
  return `${s.pid} ${call}${s.step === null ? '' : ` · ${s.step}`}`;
};

function race(kernel: string, p: RaceProgram): Race {
  const r = prepareRace(kernel, p);
  if (r === null) throw new Error('setup failed');
  return r;
}

describe('the cleanup in the race explorer', () => {
  it('runs as syscalls: after the checkpoint, its first step is the lookup of a funlinkat and the cleanup goes on', () => {
    const r = race('relink', program('cleanup-vs-reuse'));
    const checkpointed = move(r, r.start, 0).node;
    const first = move(r, checkpointed, 0).node;
    const last = first.trace.at(-1);
    expect(last === undefined ? '' : label(last)).toBe('1 funlinkat · lookup');
    expect(first.trace.at(-1)?.result).toBeNull();
    expect(first.pcs[0]).toBe(1);
  });

  it('as newfstatat then unlink, loses to a task that renames its own file over the name in between', () => {
    const found = exploreProgram('relink', withMethod(program('cleanup-vs-reuse'), 'fstatat-unlink'), ALL);
    const cx = found.counterexamples[0];
    expect(cx?.violations.map((v) => v.invariant)).toEqual(['flowChangesOnlyItsFiles']);
    const steps = cx?.node.trace.map(label) ?? [];
    // The check passed before the rename, the unlink came after it.
    expect(steps.indexOf('1 newfstatat')).toBeLessThan(steps.indexOf('3 rename · lock_rename'));
    expect(steps.at(-1)).toBe('1 unlink · lock_parent');
  });

  it('as funlinkat, keeps every name that another task renamed over, in every schedule', () => {
    const s = exploreProgram('relink', program('cleanup-vs-reuse'), ALL);
    expect(s.counterexamples).toEqual([]);
    expect(s.schedules).toBeGreaterThan(1);
  });

  it('as funlinkat, is clean in 150 random schedules of checkpoint-churn', async () => {
    const r = await sampleRaces('relink', [program('checkpoint-churn')], 150, 5);
    expect(r.counterexample).toBeNull();
  });

  it('without any check (cleanup-wrong-name) removes the other task file', () => {
    const s = exploreProgram('cleanup-wrong-name', program('cleanup-vs-reuse'), ALL);
    expect(s.counterexamples[0]?.violations.map((v) => v.invariant)).toEqual(['flowChangesOnlyItsFiles']);
    const last = s.counterexamples[0]?.node.trace.at(-1);
    expect(last === undefined ? '' : label(last)).toBe('1 unlink · lock_parent');
  });
});

describe('the cleanup against a file that reuses the relinked ino', () => {
  /** Checkpoint; task 3 unlinks the name; task 2 closes the file (it dies); task 3 creates a file at the name; the cleanup. */
  function reuse(method: CleanupMethod): { last: RaceStep | undefined; broken: string[]; why: string; ino: number } {
    const r = race('relink', withMethod(program('cleanup-vs-ino-reuse'), method));
    // Task indices: 0 is task 1 (checkpoint, cleanup), 1 is task 3, 2 is task 2.
    const order = [0, 1, 1, 1, 2, 2, 2, 2, 1, 0, 0, 0, 0];
    let node = r.start;
    let broken: string[] = [];
    let why = '';
    for (const i of order) {
      if (node.pcs[i] === r.tasks[i]?.ops.length) break;
      const m = move(r, node, i);
      node = m.node;
      broken = m.violations.map((v) => v.invariant);
      why = m.violations.map((v) => v.message).join('; ');
      if (broken.length > 0) break;
    }
    return { last: node.trace.at(-1), broken, why, ino: node.created[0]?.[0]?.ino ?? -1 };
  }

  it('as newfstatat then unlink, removes the new file: it has the recorded (st_dev, st_ino)', () => {
    const { last, broken, why, ino } = reuse('fstatat-unlink');
    expect(broken).toEqual(['flowChangesOnlyItsFiles']);
    expect(why).toContain(`(ino ${ino})`);
    expect(last === undefined ? '' : label(last)).toBe('1 unlink · lock_parent');
  });

  it('as funlinkat, which names the inode itself, refuses it with EDEADLK', () => {
    const { last, broken } = reuse('funlinkat');
    expect(broken).toEqual([]);
    expect(last === undefined ? '' : label(last)).toBe('1 funlinkat · lock_parent');
    expect(last?.result).toEqual({ ok: false, errno: 'EDEADLK' });
  });

  it('as newfstatat then unlink, is found by the explorer', () => {
    const found = exploreProgram('relink', withMethod(program('cleanup-vs-ino-reuse'), 'fstatat-unlink'), ALL);
    expect(found.counterexamples[0]?.violations.map((v) => v.invariant)).toEqual(['flowChangesOnlyItsFiles']);
  });

  it('as funlinkat, which names the inode itself, keeps it in every schedule', () => {
    const s = exploreProgram('relink', program('cleanup-vs-ino-reuse'), ALL);
    expect(s.counterexamples).toEqual([]);
    expect(s.cut).toBe(0);
  });
});
