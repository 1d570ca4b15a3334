// Which scenarios real CRIU can run is decided by a rule over the scenario and its lowering, each
// refusal naming the line and the reason (src/crosscheck/criu-expressible.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { criuRefusal } from '../../src/crosscheck/criu-expressible.js';
import { parseScenario, readScenario } from '../../src/scenario/parse.js';

const REPO = join(import.meta.dirname, '..', '..');

/** A scenario of these lines (after a header), on ext4 unless `head` says otherwise. */
const scenario = (steps: readonly string[], head: readonly string[] = []): ReturnType<typeof parseScenario> =>
  parseScenario(['name: t', ...head, 'steps:', ...steps.map((s) => `  - ${s}`)].join('\n'), 't.yaml');

const OPEN_UNLINK = [
  '{call: fork, args: {child: 2}}',
  '{pid: 2, call: open, args: {path: /f, flags: O_RDWR|O_CREAT, mode: 0644}}',
  '{pid: 2, call: unlink, args: {path: /f}}',
];
const CR = ['{checkpoint: {pids: [2]}}', '{kill: [2]}', '{restart: {}}'];

describe('which scenarios CRIU can express', () => {
  it('a task holding an unlinked file, dumped, killed and restored, is expressible', () => {
    expect(criuRefusal(scenario([...OPEN_UNLINK, ...CR]))).toBeNull();
  });

  it('a file system other than ext4 is refused: the guest has ext4 disks only', () => {
    expect(criuRefusal(scenario([...OPEN_UNLINK, ...CR], ['fs: tmpfs']))?.why).toMatch(
      /tmpfs; the CRIU guest's disks are ext4/,
    );
  });

  it('a scenario without a checkpoint is refused', () => {
    expect(criuRefusal(scenario(OPEN_UNLINK))?.why).toMatch(/no checkpoint/);
  });

  it('a checkpoint of two sibling tasks is refused: criu dump -t takes one tree', () => {
    const sc = scenario([
      ...OPEN_UNLINK,
      '{call: fork, args: {child: 3}}',
      '{checkpoint: {pids: [2, 3]}}',
      '{kill: [2, 3]}',
      '{restart: {}}',
    ]);
    expect(criuRefusal(sc)).toEqual({
      line: 7,
      why: 'the tasks [2, 3] are 2 process trees; criu dump -t takes one tree',
    });
  });

  it('a task and its child checkpointed together are one tree, expressible', () => {
    const sc = scenario([
      ...OPEN_UNLINK,
      '{pid: 2, call: fork, args: {child: 3}}',
      '{checkpoint: {pids: [2, 3]}}',
      '{kill: [2, 3]}',
      '{restart: {}}',
    ]);
    expect(criuRefusal(sc)).toBeNull();
  });

  it('a checkpoint that leaves out a child of the task is refused: CRIU dumps the whole tree', () => {
    const sc = scenario([...OPEN_UNLINK, '{pid: 2, call: fork, args: {child: 3}}', ...CR]);
    expect(criuRefusal(sc)?.why).toBe('criu dump -t 2 dumps its whole tree [2, 3], the scenario checkpoints [2]');
  });

  it('a checkpoint of pid 1 is refused: pid 1 drives the run and restarts', () => {
    const sc = scenario([
      '{call: open, args: {path: /f, flags: O_RDWR|O_CREAT, mode: 0644}}',
      '{checkpoint: {pids: [1]}}',
      '{kill: [1]}',
      '{restart: {}}',
    ]);
    expect(criuRefusal(sc)?.why).toMatch(/pid 1 checkpoints and restarts/);
  });

  it('a call between the checkpoint and the kill is refused (CRIU kills at the end of the dump); an assert is not', () => {
    const call = scenario([
      ...OPEN_UNLINK,
      '{checkpoint: {pids: [2]}}',
      '{call: getuid}',
      '{kill: [2]}',
      '{restart: {}}',
    ]);
    expect(criuRefusal(call)?.why).toMatch(/next step but asserts must kill exactly them/);
    const assert = scenario([
      ...OPEN_UNLINK,
      '{checkpoint: {pids: [2]}}',
      '{assert: {dir: /, count: 0}}',
      '{kill: [2]}',
      '{restart: {}}',
    ]);
    expect(criuRefusal(assert)).toBeNull();
  });

  it('a mount that succeeds is refused; one the kernel refuses changes nothing and is expressible', () => {
    const bind = scenario([
      '{call: mkdir, args: {path: /m, mode: 0755}}',
      '{call: mount, args: {source: /, target: /m, fstype: "", flags: MS_BIND, data: ""}}',
      ...OPEN_UNLINK,
      ...CR,
    ]);
    expect(criuRefusal(bind)?.why).toMatch(/mount changes the mounts/);
    const relink = scenario([
      '{call: mkdir, args: {path: /ckpt, mode: 0700}}',
      '{call: mount, args: {source: "", target: /, fstype: "", flags: MS_REMOUNT, data: "relink=/ckpt"}}',
      ...OPEN_UNLINK,
      ...CR,
    ]);
    expect(criuRefusal(relink)).toBeNull();
  });

  it('injected faults and a relink cleanup step are refused', () => {
    const failAfter = scenario([
      ...OPEN_UNLINK,
      '{checkpoint: {pids: [2], fail_after_names: 1}}',
      '{kill: [2]}',
      '{restart: {}}',
    ]);
    expect(criuRefusal(failAfter)?.why).toMatch(/fail_after_names/);
    const failAt = scenario([
      ...OPEN_UNLINK,
      '{checkpoint: {pids: [2]}}',
      '{kill: [2]}',
      '{restart: {fail_at_call: 1}}',
    ]);
    expect(criuRefusal(failAt)?.why).toMatch(/fail_at_call/);
    const cleanup = scenario([...OPEN_UNLINK, ...CR, '{cleanup: {}}']);
    expect(criuRefusal(cleanup)?.why).toMatch(/cleanup step/);
  });

  it("a dump the model refuses (the ghost limit) is expressible: CRIU's refusal is compared", () => {
    const sc = scenario([
      ...OPEN_UNLINK,
      '{pid: 2, call: write, args: {fd: 3, data: "x"}}',
      '{checkpoint: {pids: [2], ghost_limit: 1}}',
      '{kill: [2]}',
      '{restart: {}}',
    ]);
    expect(criuRefusal(sc)).toBeNull();
  });

  it('relink + CRIU needs relink= at the checkpoint: relink-action.sh leaves what it cannot relink to ghost files', () => {
    const sc = scenario([...OPEN_UNLINK, ...CR]);
    expect(criuRefusal(sc, 'criu')).toEqual({
      line: 6,
      why: 'the model refuses the relink checkpoint (EOPNOTSUPP)',
    });
  });

  it('a remount that sets relink= changes no mount: relink + CRIU can express it on the patched kernel', () => {
    const sc = scenario(
      [
        '{call: mkdir, args: {path: /ckpt, mode: 0700}}',
        '{call: mount, args: {source: "", target: /, fstype: "", flags: MS_REMOUNT, data: "relink=/ckpt"}}',
        ...OPEN_UNLINK,
        ...CR,
      ],
      ['kernel: relink'],
    );
    expect(criuRefusal(sc, 'criu')).toBeNull();
  });

  it('every bundled scenario of the recorded relink + CRIU run is expressible on the criu kernel', () => {
    const files = readFileSync(join(REPO, 'test', 'criu', 'consoles', 'scenarios-criu.list'), 'utf8')
      .trim()
      .split('\n');
    for (const f of files) expect(criuRefusal(readScenario(join(REPO, f)), 'criu'), f).toBeNull();
  });

  it('every bundled scenario of the recorded CRIU run is expressible', () => {
    const files = readFileSync(join(REPO, 'test', 'criu', 'consoles', 'scenarios-debian.list'), 'utf8')
      .trim()
      .split('\n');
    for (const f of files) expect(criuRefusal(readScenario(join(REPO, f))), f).toBeNull();
  });

  it('every bundled scenario the rule refuses is refused with a line and a reason', () => {
    const dirs = [
      'scenarios',
      ...readdirSync(join(REPO, 'scenarios'), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => `scenarios/${d.name}`),
    ];
    const files = dirs.flatMap((d) =>
      readdirSync(join(REPO, d))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => join(REPO, d, f)),
    );
    for (const f of files) {
      const r = criuRefusal(readScenario(f));
      if (r !== null) expect(r.why.length, f).toBeGreaterThan(10);
    }
  });
});
