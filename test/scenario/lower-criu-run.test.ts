// Lowering a scenario for real CRIU: the scenario's calls with the model's answers under copy or
// link-remap, the checkpoint and kill replaced by one criu dump, the restart by criu restore, the
// model's own checkpoint and restart calls left to CRIU (src/scenario/lower-criu-run.ts).
import { describe, expect, it } from 'vitest';
import { parseScenario, readScenario } from '../../src/scenario/parse.js';
import { lowerForCriu } from '../../src/scenario/lower-criu-run.js';

const scenario = (steps: readonly string[]): ReturnType<typeof parseScenario> =>
  parseScenario(['name: t', 'steps:', ...steps.map((s) => `  - ${s}`)].join('\n'), 't.yaml');

describe('lowering a scenario for a CRIU run', () => {
  it('criu dump comes where the checkpoint was and criu restore where the restart was', () => {
    const l = lowerForCriu(readScenario('scenarios/cr/two-opens-one-ghost.yaml'), 'copy');
    expect(l.stopped).toBeNull();
    // fork, umask, open, write, open, unlink: then the dump; the readlinks after the restore.
    expect(l.dumpAt).toBe(6);
    expect(l.restoreAt).toBe(6);
    expect(l.calls[l.restoreAt]?.sc).toEqual({ call: 'readlink', path: '/proc/self/fd/3', bufsiz: 256 });
    expect(l.model).toEqual({ dump: 'ok', restore: 'ok' });
  });

  it("neither the kill nor the model's restarter calls reach the kernel: CRIU makes its own", () => {
    const l = lowerForCriu(readScenario('scenarios/cr/two-opens-one-ghost.yaml'), 'copy');
    expect(l.calls.map((c) => c.sc.call)).not.toContain('exit_group');
    expect(l.calls.some((c) => JSON.stringify(c.sc).includes('.cr.1.ghost') && c.sc.call !== 'stat')).toBe(false);
  });

  it("link-remap's linkat of /proc/PID/fd/N is criu's, not a lowered call; the dump gets --link-remap", () => {
    const l = lowerForCriu(readScenario('scenarios/cr/link-remap-per-file.yaml'), 'link-remap');
    expect(l.calls.filter((c) => c.sc.call === 'linkat')).toEqual([]);
    expect(l.dump).toEqual({ line: 16, parent: 1, root: 2, tasks: [2], options: ['--link-remap'] });
  });

  it("the scenario's ghost_limit becomes criu's --ghost-limit", () => {
    const l = lowerForCriu(readScenario('scenarios/cr/dense-ghost.yaml'), 'copy');
    expect(l.dump?.options).toEqual(['--ghost-limit', '16777216']);
  });

  it("the model's refused dump is its outcome, and nothing after it is lowered", () => {
    const sc = scenario([
      '{call: fork, args: {child: 2}}',
      '{pid: 2, call: open, args: {path: /f, flags: O_RDWR|O_CREAT, mode: 0644}}',
      '{pid: 2, call: write, args: {fd: 3, data: "x"}}',
      '{pid: 2, call: unlink, args: {path: /f}}',
      '{checkpoint: {pids: [2], ghost_limit: 1}}',
      '{kill: [2]}',
      '{restart: {}}',
      '{pid: 2, call: fstat, args: {fd: 3}}',
    ]);
    const l = lowerForCriu(sc, 'copy');
    expect(l.model).toEqual({ dump: 'EFBIG', restore: null });
    expect(l.stopped?.line).toBe(7);
    expect(l.calls).toHaveLength(4);
    expect(l.restoreAt).toBe(-1);
  });

  it('a dumped tree of a task and its child is dumped from its root, reaped by the root’s parent', () => {
    const l = lowerForCriu(readScenario('scenarios/shared-fd.yaml'), 'copy');
    expect(l.dump).toMatchObject({ parent: 1, root: 2, tasks: [2, 3] });
  });

  it("relink lowers on the model's relink variant: the scenario's relink= remount succeeds, as on the patched kernel", () => {
    const l = lowerForCriu(readScenario('scenarios/orphan.yaml'), 'relink');
    const remount = l.calls.find((c) => c.sc.call === 'mount');
    expect(remount?.expected).toEqual({ ret: 0 });
    expect(
      lowerForCriu(readScenario('scenarios/orphan.yaml'), 'copy').calls.find((c) => c.sc.call === 'mount')?.expected,
    ).toEqual({ errno: 'EINVAL' });
    expect(l.dump?.options).toEqual(['--link-remap', '--action-script', '/bin/relink-action.sh']);
  });
});
