// Lowering scenarios to the syscalls a kernel with (or without) the series runs.
import { describe, expect, it } from 'vitest';
import { AT_EMPTY_PATH } from '../../src/model/flags.js';
import { parseScenario, readScenario } from '../../src/scenario/parse.js';
import { lowerScenario, type LoweredCall } from '../../src/scenario/lower.js';

const relinks = (calls: readonly LoweredCall[]): LoweredCall[] =>
  calls.filter((c) => c.sc.call === 'linkat' && c.sc.oldpath === '' && c.sc.flags === AT_EMPTY_PATH);

describe('lowering a scenario to syscalls', () => {
  it('turns the checkpoint into a relink by the task that holds the file, into the name the model chose', () => {
    const l = lowerScenario(readScenario('scenarios/alias.yaml'), 'relink');
    expect(l.stopped).toBeNull();
    const [r] = relinks(l.calls);
    expect(r).toMatchObject({ pid: 2, expected: { ret: 0 } });
    expect(r?.sc.call === 'linkat' ? r.sc.newpath : '').toMatch(/^\/ckpt\/unlink-at-restart-/);
  });

  it('turns kill into exit_group and restart into the restarter own calls, ending with the unlink of the relinked name', () => {
    const l = lowerScenario(readScenario('scenarios/alias.yaml'), 'relink');
    const newpath = relinks(l.calls)[0]?.sc;
    expect(l.calls.some((c) => c.pid === 2 && c.sc.call === 'exit_group')).toBe(true);
    expect(l.calls.some((c) => c.pid === 1 && c.sc.call === 'fork' && c.expected.ret === 2)).toBe(true);
    const unlink = l.calls.find(
      (c) => c.sc.call === 'unlink' && newpath?.call === 'linkat' && c.sc.path === newpath.newpath,
    );
    expect(unlink?.expected).toEqual({ ret: 0 });
  });

  it('on mainline, the relink is ENOENT and the lowering stops at the restart, which has no image', () => {
    const l = lowerScenario(readScenario('scenarios/orphan.yaml'), 'mainline');
    expect(relinks(l.calls).map((c) => c.expected)).toEqual([{ errno: 'ENOENT' }]);
    expect(l.stopped?.line).toBe(16);
    expect(l.stopped?.why).toContain('no checkpoint image');
  });

  it('keeps the names made before an injected failure, and leaves the fault itself out', () => {
    const l = lowerScenario(readScenario('scenarios/failed-checkpoint.yaml'), 'relink');
    const firstCheckpoint = l.calls.filter((c) => c.line === 13);
    expect(relinks(firstCheckpoint)).toHaveLength(1);
    expect(l.calls.some((c) => c.expected.errno === 'EIO')).toBe(false);
  });

  it('reads a fifo buffer at checkpoint and writes it back, as the image saves it', () => {
    const l = lowerScenario(readScenario('scenarios/fifo.yaml'), 'relink');
    const ck = l.calls.filter((c) => c.line === 13);
    expect(ck.map((c) => c.sc.call)).toEqual(['linkat', 'read', 'write']);
    expect(ck[1]?.expected).toMatchObject({ ret: 13, data: 'hello world!\n' });
  });

  it('lowers chdir and fchdir; from the first change of directory on, absolute paths are re-rooted', () => {
    const sc = parseScenario(
      [
        'name: cd',
        'steps:',
        '  - call: mkdir',
        '    args: {path: /d, mode: 0755}',
        '  - call: chdir',
        '    args: {path: d}',
        '  - call: open',
        '    args: {path: /, flags: O_RDONLY, mode: 0}',
        '  - call: fchdir',
        '    args: {fd: 3}',
      ].join('\n'),
      'cd.yaml',
    );
    const l = lowerScenario(sc, 'mainline');
    expect(l.stopped).toBeNull();
    expect(l.calls.map((c) => [c.sc.call, c.rerooted])).toEqual([
      ['mkdir', false],
      ['chdir', false],
      ['open', true],
      ['fchdir', true],
    ]);
  });

  it('a call the lowering runs itself carries the model inodes after it, for comparing numbers', () => {
    const sc = parseScenario(
      [
        'name: ids',
        'steps:',
        '  - {call: open, args: {path: /a, flags: O_CREAT|O_RDWR, mode: 0644}}',
        '  - {call: stat, args: {path: /a}}',
        '  - {call: unlink, args: {path: /a}}',
        '  - {call: close, args: {fd: 3}}',
      ].join('\n'),
      'ids.yaml',
    );
    const [, stat, unlink, close] = lowerScenario(sc, 'mainline').calls;
    const a = `${stat?.expected.st_dev}:${stat?.expected.st_ino}`;
    expect(stat?.live?.inos.has(a)).toBe(true);
    expect(unlink?.live?.inos.has(a)).toBe(true); // still open
    expect(close?.live?.inos.has(a)).toBe(false); // evicted: the kernel may reuse the number
  });

  it('lists a directory for an assert step: open, getdents64, close', () => {
    const l = lowerScenario(readScenario('scenarios/alias.yaml'), 'relink');
    const assert = l.calls.filter((c) => c.line === 20);
    expect(assert.map((c) => c.sc.call)).toEqual(['open', 'getdents64', 'close']);
    expect([...(assert[1]?.expected.names ?? [])].sort()).toEqual(['.', '..']);
  });
});
