// Counterexamples as a person reads them: every call as strace prints it (renderCall), while the
// scenario file a counterexample is written as still reads back as the same steps.
import { describe, expect, it } from 'vitest';
import { raceCounterexampleYaml, scheduleText } from '../../src/checker/races/race-counterexample.js';
import { RACE_PROGRAMS } from '../../src/checker/races/race-programs.js';
import { exploreRaces } from '../../src/checker/races/races.js';
import { counterexampleSummary, counterexampleYaml } from '../../src/checker/search/counterexample.js';
import { exhaustive } from '../../src/checker/search/explore.js';
import { parseScenario } from '../../src/scenario/parse.js';

const KERNEL = 'unlink-orphan-before-drop';

function searchCounterexample() {
  const cx = exhaustive(KERNEL, 2).counterexample;
  if (cx === null) throw new Error(`${KERNEL}: no counterexample at depth 2`);
  return cx;
}

function raceCounterexample() {
  const cx = exploreRaces('relink-missing-lock', RACE_PROGRAMS, {
    bound: 8,
    reduction: 'sleep-sets',
    firstOnly: true,
  }).counterexample;
  if (cx === null) throw new Error('relink-missing-lock: no race at bound 8');
  return cx;
}

describe('a search counterexample', () => {
  it("is summed up with each operation's pid and its call as strace prints it", () => {
    expect(counterexampleSummary(searchCounterexample())).toBe(
      'orphanListIsExact after 2 steps: 2 open("/a", O_RDWR|O_CREAT, 0644); 2 unlink("/a")',
    );
  });

  it('shows each call of its scenario file as strace prints it, in a YAML comment after the step', () => {
    expect(counterexampleYaml(KERNEL, searchCounterexample())).toContain(
      '  - {pid: 2, call: open, args: {path: "/a", flags: 66, mode: 420}, note: "open /a"}  # open("/a", O_RDWR|O_CREAT, 0644)\n',
    );
  });

  it('reads back as its operations, the comments left out', () => {
    const cx = searchCounterexample();
    const steps = parseScenario(counterexampleYaml(KERNEL, cx), 'cx.yaml').steps;
    const calls = steps.flatMap((s) => (s.kind === 'call' ? [{ pid: s.pid, sc: s.sc }] : []));
    expect(calls.slice(-cx.ops.length)).toEqual(cx.ops.map((op) => ({ pid: op.pid, sc: op.sc })));
  });
});

describe('a race counterexample', () => {
  it('shows each step of its schedule with the call as strace prints it', () => {
    expect(scheduleText(raceCounterexample())).toContain(
      '   1. task 2: linkat(3, "", AT_FDCWD, "/ckpt/r", AT_EMPTY_PATH) · lookup',
    );
  });

  it('shows the call of each begin and resume of its scenario file in a YAML comment', () => {
    const yaml = raceCounterexampleYaml(raceCounterexample());
    expect(yaml).toContain(
      '  - {pid: 2, resume: lock_dir}  # linkat(3, "", AT_FDCWD, "/ckpt/r", AT_EMPTY_PATH) · lock_dir\n',
    );
  });
});
