// CRIU as an oracle for the model's copy and link-remap: the executor's trace with its barriers,
// the guest's console read back, and the comparison, on the consoles of a real run (Debian's
// 6.1.0-57, criu 3.17.1) over every expressible bundled scenario, listed in scenarios-debian.list
// in the order they ran (three boots: 24 and 10 traces on 4 KiB ext4, 4 on 1 KiB).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCriuConsole } from '../../src/crosscheck/criu-console.js';
import { compareCriuRun, criuTrace, judgeCriuBatch, planCriuRuns } from '../../src/crosscheck/criu-run.js';
import { GuestError } from '../../src/model/errors.js';
import { lowerForCriu } from '../../src/scenario/lower-criu-run.js';
import { readScenario } from '../../src/scenario/parse.js';
import { criuConsole as consoleOf, recordedCriuRun as recordedRun, REPO } from '../helpers/criu-recorded.js';

describe("the executor's trace for a CRIU run", () => {
  it("has criu dump's barrier, run by the tree's parent with criu's options, and criu restore's by pid 1", () => {
    const l = lowerForCriu(readScenario(join(REPO, 'scenarios/cr/link-remap-per-file.yaml')), 'link-remap');
    const lines = criuTrace(l).trim().split('\n');
    const barriers = lines.map((t, i) => ({ i, t })).filter((x) => x.t.includes('criu_barrier'));
    expect(barriers.map((b) => JSON.parse(b.t) as unknown)).toEqual([
      { pid: 1, call: 'criu_barrier', args: { step: 'dump', root: 2, tasks: '2', criu: '--link-remap' } },
      { pid: 1, call: 'criu_barrier', args: { step: 'restore', root: 2, tasks: '2', criu: '' } },
    ]);
    expect(barriers.map((b) => b.i)).toEqual([l.dumpAt, l.restoreAt + 1]);
    expect(lines).toHaveLength(l.calls.length + 2);
  });

  it('names paths from the trace root, as the QEMU cross-check does ("/" is ".")', () => {
    const l = lowerForCriu(readScenario(join(REPO, 'scenarios/cr/two-opens-one-ghost.yaml')), 'copy');
    expect(criuTrace(l)).toContain('"path":"f"');
  });
});

describe("the CRIU guest's console", () => {
  it('gives criu check, and per trace its block size, dump, restore, ghost files and answers', () => {
    const c = parseCriuConsole(consoleOf('scenarios-debian-1.log'), 24);
    expect(c).toMatchObject({ release: '6.1.0-57-amd64', check: 'ok', done: true });
    // Trace 1: alias.yaml under copy, which CRIU refuses without --link-remap.
    expect(c.traces[0]).toMatchObject({
      blocksize: 4096,
      dump: 'fail',
      restore: null,
      ghostFiles: 0,
      hung: false,
      ended: true,
    });
    expect(c.traces[0]?.log).toContain(
      "Error (criu/files-reg.c:1042): Can't create link remap for /mnt/1/a. Use link-remap option.",
    );
    expect(c.traces[1]).toMatchObject({ dump: 'ok', restore: 'ok', ghostFiles: 0 });
    expect(c.traces[1]?.answers).toHaveLength(14);
  });

  it('a trace the guest never reached has no block size, and judging it is an error of the guest', () => {
    const plan = planCriuRuns([readScenario(join(REPO, 'scenarios/orphan.yaml'))]);
    const batch = plan.batches[0];
    if (batch === undefined) throw new Error('no batch');
    expect(() =>
      judgeCriuBatch(batch, 'RLX-CRIU-BOOTED 6.1.0-57-amd64\nRLX-CRIU-SC check ok\nRLX-CRIU-SC-DONE\n'),
    ).toThrow(GuestError);
    expect(() => judgeCriuBatch(batch, 'RLX-CRIU-SC check fail\n')).toThrow(/criu check did not pass/);
  });
});

describe('comparing a CRIU run with the model', () => {
  it('a dump both refuse agrees: the model refuses copy of alias (EOPNOTSUPP) as criu dump does without --link-remap', () => {
    const l = lowerForCriu(readScenario(join(REPO, 'scenarios/alias.yaml')), 'copy');
    const run = parseCriuConsole(consoleOf('scenarios-debian-1.log'), 24).traces[0];
    if (run === undefined) throw new Error('no trace 1');
    expect(l.model).toEqual({ dump: 'EOPNOTSUPP', restore: null });
    const r = compareCriuRun(l, run);
    expect(r.outcomes).toEqual([]);
    expect(r.compared).toBe(l.dumpAt);
    expect(r.differences).toEqual([]);
  });

  it('a dump whose outcome differs is reported, and the calls after it are not compared', () => {
    const l = lowerForCriu(readScenario(join(REPO, 'scenarios/alias.yaml')), 'link-remap');
    const run = parseCriuConsole(consoleOf('scenarios-debian-1.log'), 24).traces[1];
    if (run === undefined) throw new Error('no trace 2');
    // The recorded link-remap run, its dump changed to one that failed.
    const r = compareCriuRun(l, { ...run, dump: 'fail', restore: null });
    expect(r.outcomes).toEqual([{ step: 'dump', line: 16, model: 'ok', criu: 'fail' }]);
    expect(r.compared).toBe(l.dumpAt);
    expect(r.differences).toEqual([]);
  });

  it('the recorded run: 19 scenarios, 38 runs, every call agrees; 2 outcomes differ, each a documented limit (docs/criu.md)', () => {
    const results = recordedRun();
    const runs = results.flatMap((r) => r.strategies.map((s) => ({ file: r.scenario.file, s })));
    expect(results).toHaveLength(19);
    expect(runs).toHaveLength(38);
    expect(runs.reduce((n, x) => n + x.s.compared, 0)).toBeGreaterThan(500);
    expect(runs.flatMap((x) => x.s.differences)).toEqual([]);
    const outcomes = runs.flatMap((x) =>
      x.s.outcomes.map(
        (o) => `${x.file.replace(/^.*scenarios\//, '')} ${x.s.strategy} ${o.step}: model ${o.model}, criu ${o.criu}`,
      ),
    );
    // criu dump without --link-remap refuses a file whose name is gone while its inode keeps another
    // (files-reg.c: create_link_remap), and so does the model's copy.
    const refused = runs
      .filter((x) => x.s.lowering.model.dump === 'EOPNOTSUPP')
      .map((x) => `${x.file.replace(/^.*scenarios\//, '')} ${x.s.strategy}: criu dump ${x.s.run.dump}`);
    expect(refused).toEqual(['alias.yaml copy: criu dump fail', 'cr/link-remap-per-file.yaml copy: criu dump fail']);
    expect(outcomes).toEqual([
      // Two removed directories that had one name: CRIU makes a ghost directory at its own path
      // (open_remap_ghost), so the second finds the first and its mode check fails.
      'cr/removed-same-name.yaml copy restore: model ok, criu fail',
      'cr/removed-same-name.yaml link-remap restore: model ok, criu fail',
    ]);
  });
});
