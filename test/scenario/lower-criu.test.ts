// Lowering CRIU's strategies: user space over plain syscalls, so a kernel can answer every call.
import { describe, expect, it } from 'vitest';
import { AT_SYMLINK_FOLLOW } from '../../src/model/flags.js';
import { parseScenario, readScenario } from '../../src/scenario/parse.js';
import { lowerScenario } from '../../src/scenario/lower.js';

describe("lowering CRIU's copy and link-remap", () => {
  it('a copy checkpoint changes nothing in the kernel; its restart is the restarter calls, ghost made, linked in, removed', () => {
    const l = lowerScenario(readScenario('scenarios/cr/two-opens-one-ghost.yaml'), 'mainline');
    expect(l.stopped).toBeNull();
    const restarter = l.calls.filter((c) => c.pid === 1).map((c) => c.sc);
    expect(restarter).toContainEqual(expect.objectContaining({ call: 'openat', path: '/f.cr.1.ghost' }));
    expect(restarter).toContainEqual({ call: 'link', oldpath: '/f.cr.1.ghost', newpath: '/f' });
    expect(restarter).toContainEqual({ call: 'unlink', path: '/f.cr.1.ghost' });
  });

  it("a link remap is pid 1's linkat of the holder's /proc/PID/fd/N, one per open file", () => {
    const l = lowerScenario(readScenario('scenarios/cr/link-remap-per-file.yaml'), 'mainline');
    expect(l.stopped).toBeNull();
    const remaps = l.calls.filter((c) => c.sc.call === 'linkat' && c.sc.flags === AT_SYMLINK_FOLLOW);
    expect(remaps.map((c) => [c.pid, c.sc.call === 'linkat' ? c.sc.oldpath : '', c.expected])).toEqual([
      [1, '/proc/2/fd/3', { ret: 0 }],
      [1, '/proc/2/fd/4', { ret: 0 }],
    ]);
  });

  it('a refused copy checkpoint stops the lowering: the refusal is user space, not a kernel answer', () => {
    const sc = parseScenario(
      [
        'name: refused ghost',
        'steps:',
        '  - {call: fork, args: {child: 2}}',
        '  - {pid: 2, call: open, args: {path: /f, flags: O_RDWR|O_CREAT, mode: 0644}}',
        '  - {pid: 2, call: write, args: {fd: 3, data: "x"}}',
        '  - {pid: 2, call: unlink, args: {path: /f}}',
        '  - {checkpoint: {pids: [2], strategy: copy, ghost_limit: 1}, expect: {errno: EFBIG}}',
      ].join('\n'),
      'refused.yaml',
    );
    const l = lowerScenario(sc, 'mainline');
    expect(l.stopped).toEqual({ line: 7, why: "a refused copy checkpoint is user space's" });
  });
});
