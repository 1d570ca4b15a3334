// The strace replayer's handling of what it cannot see: descriptors opened outside the modelled
// tree, and tasks whose cwd left it. The line shapes are taken from a log of python3 run through
// pyenv's bash shim on this machine (strace -f -v -s 256).
import { describe, expect, it } from 'vitest';
import { parseStrace } from '../../src/trace/strace-parse.js';
import { replayStrace, type ReplayReport } from '../../src/trace/strace-replay.js';

const replay = (lines: readonly string[]): ReplayReport =>
  replayStrace(parseStrace(`${lines.join('\n')}\n`, 'test.log'), { root: '/tmp/t', fs: 'ext4', kernel: 'mainline' });

describe('strace replay of descriptors opened outside the modelled tree', () => {
  it('keeps O_CLOEXEC of a skipped open, so F_GETFD answers FD_CLOEXEC', () => {
    const r = replay([
      '100 openat(AT_FDCWD, "/usr/lib/python3.11/os.py", O_RDONLY|O_CLOEXEC) = 3',
      '100 fcntl(3, F_GETFD)                 = 0x1 (flags FD_CLOEXEC)',
      '100 openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 4',
      '100 fcntl(4, F_GETFD)                 = 0',
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.matched).toBe(2);
  });

  it('skips F_GETFL on such a descriptor (its open flags are not the model\u2019s to know)', () => {
    const r = replay([
      '100 openat(AT_FDCWD, "/root/.pyenv/shims/python3", O_RDONLY) = 3',
      '100 dup2(3, 255)                      = 255',
      '100 fcntl(255, F_GETFL)               = 0x8000 (flags O_RDONLY|O_LARGEFILE)',
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.skippedByCall['fcntl']).toBe(1);
  });
});

describe('strace replay of a task whose cwd is outside the modelled tree', () => {
  it('treats the relative paths of its children as outside too (a child starts in its parent\u2019s cwd)', () => {
    const r = replay([
      '100 chdir("/root/.pyenv/libexec")     = 0',
      '100 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 101',
      '101 readlink("pyenv", 0x5646a8cd5b60, 64) = -1 EINVAL (Invalid argument)',
      '101 exit_group(0)                     = ?',
      '101 +++ exited with 0 +++',
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.skippedByCall['readlink']).toBe(1);
  });
});
