// Deadlock detection in the race explorer: a node where tasks remain but none can step is a
// violation that says who waits for which lock and who holds it.
import { describe, expect, it } from 'vitest';
import { prepareRace, type Race } from '../../src/checker/races/race-engine.js';
import { raceCounterexampleYaml } from '../../src/checker/races/race-counterexample.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';
import { RACE_PROGRAMS, type RaceProgram } from '../../src/checker/races/race-programs.js';
import { sampleRaces } from '../../src/checker/races/race-random.js';
import { exploreProgram, exploreRace, type RaceOptions } from '../../src/checker/races/races.js';
import { AT_EMPTY_PATH, AT_FDCWD, O_CREAT, O_RDWR } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { step } from '../../src/ops/run/step.js';
import { runSplitStep } from '../../src/ops/steps/run.js';

const ALL: RaceOptions = { bound: 12, reduction: 'sleep-sets', firstOnly: false };

/** relink-vs-rmdir's race, started with task 3 (no task of the program) stopped inside a relink holding /ckpt's lock. */
function stuckRace(): Race {
  const program = RACE_PROGRAMS.find((p) => p.name === 'relink-vs-rmdir');
  const race = program === undefined ? null : prepareRace('relink', program);
  if (race === null) throw new Error('no relink-vs-rmdir race');
  let w: World = step(race.start.world, 1, { call: 'fork', child: 3 }).world;
  w = step(w, 3, { call: 'open', path: '/q', flags: O_CREAT | O_RDWR, mode: 0o644 }).world;
  const relink = {
    call: 'linkat',
    olddirfd: 3,
    oldpath: '',
    newdirfd: AT_FDCWD,
    newpath: '/ckpt/q',
    flags: AT_EMPTY_PATH,
  } as const;
  w = runSplitStep(w, 3, relink).world; // lookup
  w = runSplitStep(w, 3).world; // lock_dir: /ckpt locked until unlock, which never comes
  return { ...race, start: { ...race.start, world: w } };
}

describe('deadlock detection in the race explorer', () => {
  it('reports tasks that can never step as the violation deadlock', () => {
    const found = exploreRace(stuckRace(), ALL).counterexamples;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((c) => c.violations.map((v) => v.invariant).join() === 'deadlock')).toBe(true);
  });

  it('names who waits for which lock and who holds it', () => {
    const cx = exploreRace(stuckRace(), ALL).counterexamples[0];
    const text = cx?.violations[0]?.message ?? '';
    expect(text).toMatch(/task 2 \(linkat · lock_dir\) waits for inode_lock\(\/ckpt\), held by task 3/);
    expect(text).toContain('task 1 (rmdir · lock_parent) waits for inode_lock(/ckpt), held by task 3');
    expect(text).toContain('task 3 is not a task of the program: it never runs again');
  });
});

describe('a task that sleeps forever in a blocking call', () => {
  it('is not finished: a fifo open for reading that no writer wakes is a deadlock, naming the call', () => {
    const program: RaceProgram = {
      name: 'fifo-reader-alone',
      about: 'task 2 opens a fifo for reading; nobody ever opens it for writing',
      setup: [[1, { call: 'mknod', path: '/p', mode: 0o10644, dev: 0 }]],
      tasks: () => [{ pid: 2, ops: [{ kind: 'call', sc: { call: 'open', path: '/p', flags: 0, mode: 0 } }] }],
    };
    const cx = exploreProgram('relink', program, ALL).counterexamples[0];
    expect(cx?.violations.map((v) => v.invariant)).toEqual(['deadlock']);
    expect(cx?.violations[0]?.message).toContain('task 2 (open) is blocked and nobody wakes it');
  });
});

describe('the seeded bug relink-mount-holds-s-umount (our 0007 before commit 6cb9adb)', () => {
  const program = () => {
    const p = RACE_PROGRAMS.find((x) => x.name === 'mount-relink-missing');
    if (p === undefined) throw new Error('no mount-relink-missing program');
    return p;
  };

  it('is found by the deadlock law: the mount waits for the s_umount it holds itself', () => {
    const s = exploreProgram('relink-mount-holds-s-umount', program(), ALL);
    const cx = s.counterexamples[0];
    expect(cx?.violations.map((v) => v.invariant)).toEqual(['deadlock']);
    expect(cx?.violations[0]?.message).toMatch(
      /task 1 \(mount · put_fs_context\) waits for s_umount of the superblock of dev [0-9]+, held by task 1 itself/,
    );
  });

  it('replays with relinklab run to the step that waits forever', () => {
    const cx = exploreProgram('relink-mount-holds-s-umount', program(), ALL).counterexamples[0];
    if (cx === undefined) throw new Error('not found');
    const report = runScenario(parseScenario(raceCounterexampleYaml(cx), 'cx.yaml'));
    expect(report.failures).toBe(1);
    expect(report.steps.at(-1)?.detail).toContain('waits for a lock held by task 1');
  });

  it('is found by the random sampler too, with the same law', async () => {
    const r = await sampleRaces('relink-mount-holds-s-umount', [program()], 20, 1);
    expect(r.counterexample?.violations.map((v) => v.invariant)).toEqual(['deadlock']);
    expect(r.counterexample?.violations[0]?.message).toContain('held by task 1 itself');
  });

  it('the correct series refuses the missing relink_dir with ENOENT and releases s_umount, in every schedule', () => {
    const s = exploreProgram('relink', program(), ALL);
    expect(s.counterexamples).toEqual([]);
    expect(s.schedules).toBeGreaterThan(0);
  });
});
