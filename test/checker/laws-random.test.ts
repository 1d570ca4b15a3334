// The general laws hold over random sequences of a wide alphabet in the correct series: no ordinary
// call breaks one (a false alarm would show here first), while the same search finds seeded bugs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOp } from '../../src/checker/search/explore.js';
import { open, relink, remount, startWorld, type Op } from '../../src/checker/relink-alphabet.js';
import {
  AT_FDCWD,
  AT_SYMLINK_FOLLOW,
  MNT_DETACH,
  O_CREAT,
  O_NONBLOCK,
  O_RDWR,
  O_TRUNC,
} from '../../src/model/flags.js';
import { S_IFIFO } from '../../src/model/modes.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

const op = (label: string, sc: Syscall, pid = 2): Op => ({ label, pid, sc });

/** Opens through both mounts, data calls, links and renames inside and across the bind mount /c. */
const WIDE: readonly Op[] = [
  op('open /a', open('/a')),
  op('open /c/f', open('/c/f')),
  op('open /data/g O_TRUNC', { call: 'open', path: '/data/g', flags: O_CREAT | O_RDWR | O_TRUNC, mode: 0o644 }),
  op('mkfifo /p', { call: 'mknod', path: '/p', mode: S_IFIFO | 0o600, dev: 0 }),
  op('open /p', { call: 'open', path: '/p', flags: O_RDWR | O_NONBLOCK, mode: 0 }),
  op('write 3', { call: 'write', fd: 3, data: 'xy' }),
  op('write 4', { call: 'write', fd: 4, data: 'z' }),
  op('read 3', { call: 'read', fd: 3, count: 1 }),
  op('read 4', { call: 'read', fd: 4, count: 4 }),
  op('pwrite64 4', { call: 'pwrite64', fd: 4, data: 'q', offset: 2 }),
  op('ftruncate 3', { call: 'ftruncate', fd: 3, length: 1 }),
  op('truncate /a', { call: 'truncate', path: '/a', length: 0 }),
  op('splice 3 -> 4', { call: 'splice', fd_in: 3, fd_out: 4, len: 2, flags: 0 }),
  op('sendfile 4 -> 3', { call: 'sendfile', out_fd: 3, in_fd: 4, count: 2 }),
  op('link /a /b', { call: 'link', oldpath: '/a', newpath: '/b' }),
  op('link /c/f /c/g', { call: 'link', oldpath: '/c/f', newpath: '/c/g' }),
  op('link /c/f /ckpt/f', { call: 'link', oldpath: '/c/f', newpath: '/ckpt/f' }),
  op('link /data/f /ckpt/f', { call: 'link', oldpath: '/data/f', newpath: '/ckpt/f' }),
  op('link /proc/self/fd/3 /ckpt/t', {
    call: 'linkat',
    olddirfd: AT_FDCWD,
    oldpath: '/proc/self/fd/3',
    newdirfd: AT_FDCWD,
    newpath: '/ckpt/t',
    flags: AT_SYMLINK_FOLLOW,
  }),
  op('rename /a /ckpt/a', { call: 'rename', oldpath: '/a', newpath: '/ckpt/a' }),
  op('rename /c/f /c/h', { call: 'rename', oldpath: '/c/f', newpath: '/c/h' }),
  op('rename /c/f /b', { call: 'rename', oldpath: '/c/f', newpath: '/b' }),
  op('unlink /a', { call: 'unlink', path: '/a' }),
  op('unlink /c/f', { call: 'unlink', path: '/c/f' }),
  op('unlink /p', { call: 'unlink', path: '/p' }),
  op('relink fd 3 as /ckpt/r', relink(3, '/ckpt/r')),
  op('relink fd 4 as /ckpt/s', relink(4, '/ckpt/s')),
  op('relink fd 3 as /c/r', relink(3, '/c/r')),
  op('close 3', { call: 'close', fd: 3 }),
  op('dup2 4 3', { call: 'dup2', oldfd: 4, newfd: 3 }),
  op('umount -l /c', { call: 'umount2', target: '/c', flags: MNT_DETACH }, 1),
  op('remount relink=/data', remount('relink=/data'), 1),
];

/** The laws the shrunk failing sequence breaks, or [] when every sequence kept them. */
function search(kernel: string, runs: number): string[] {
  const start = startWorld(kernel);
  const run = (ops: readonly Op[]): string[] => {
    let w = start;
    for (const o of ops) {
      const r = applyOp(w, o);
      if (r === null) continue;
      if (r.violations.length > 0) return r.violations.map((v) => `${o.label}: ${v.invariant}: ${v.message}`);
      w = r.world;
    }
    return [];
  };
  const out = fc.check(
    fc.property(fc.array(fc.constantFrom(...WIDE), { maxLength: 14 }), (ops) => run(ops).length === 0),
    { numRuns: runs, seed: 20261204 },
  );
  return out.failed && out.counterexample !== null ? run(out.counterexample[0]) : [];
}

describe('the general laws over random sequences of a wide alphabet', () => {
  it('hold in the correct relink series', () => {
    expect(search('relink', 3000)).toEqual([]);
  });

  it('find relink-cross-mount through newNamesInsideSourceMount', () => {
    expect(search('relink-cross-mount', 3000).join('\n')).toContain('newNamesInsideSourceMount');
  });
});
