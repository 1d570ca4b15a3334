// Issue 12, item 1: a harness runs every step as its own process, traced into one log (strace -A,
// or one strace -p per process), so each process appears with no fork/clone line before it. Each
// such process is a program of its own; before the fix only the first was replayed (or the replay
// crashed on the recorded harness log).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStrace } from '../../src/trace/strace-parse.js';
import { replayStrace } from '../../src/trace/strace-replay.js';
import { replayLines } from '../helpers/strace.js';

const replay = replayLines;

describe('strace replay of a log of several programs', () => {
  it('replays a process that appears with no fork or clone as a new program, every call compared', () => {
    const r = replay([
      '100 openat(AT_FDCWD, "a", O_WRONLY|O_CREAT, 0644) = 3',
      '100 exit_group(0)                     = ?',
      '100 +++ exited with 0 +++',
      '200 openat(AT_FDCWD, "a", O_RDONLY)   = 3',
      '200 link("a", "b")                    = 0',
      '200 unlink("a")                       = 0',
    ]);
    expect(r.programs).toBe(2);
    expect(r.mismatches).toEqual([]);
    expect(r.calls).toBe(5);
    expect(r.skippedModelled).toBe(0);
    expect(r.verdict).toBe('clean');
  });

  it('starts each program in the root directory with only the stated fds open', () => {
    const r = replay([
      '100 mkdir("d", 0755)                  = 0',
      '100 chdir("d")                        = 0',
      '100 openat(AT_FDCWD, "x", O_WRONLY|O_CREAT, 0644) = 3',
      '100 exit_group(0)                     = ?',
      '100 +++ exited with 0 +++',
      '200 openat(AT_FDCWD, "x", O_RDONLY)   = -1 ENOENT (No such file or directory)',
      '200 openat(AT_FDCWD, "d/x", O_RDONLY) = 3',
      '200 close(4)                          = -1 EBADF (Bad file descriptor)',
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.calls).toBe(7);
  });

  it('finds a difference in a later program (it is compared, not skipped)', () => {
    const r = replay([
      '100 openat(AT_FDCWD, "a", O_WRONLY|O_CREAT, 0644) = 3',
      '100 exit_group(0)                     = ?',
      '100 +++ exited with 0 +++',
      '200 unlink("a")                       = -1 ENOENT (No such file or directory)',
    ]);
    expect(r.mismatches.map((m) => [m.line, m.model])).toEqual([[4, 'returned ENOENT, model 0']]);
    expect(r.verdict).toBe('mismatch');
  });

  it('keeps a program that is still running when the next one starts (one strace -p per process)', () => {
    const r = replay([
      '100 openat(AT_FDCWD, "a", O_WRONLY|O_CREAT, 0644) = 3',
      '200 openat(AT_FDCWD, "a", O_RDONLY)   = 3',
      '100 write(3, "hi", 2)                 = 2',
      '200 read(3, "hi", 10)                 = 2',
    ]);
    expect(r.programs).toBe(2);
    expect(r.mismatches).toEqual([]);
    expect(r.calls).toBe(4);
  });

  it('starts a program anew when the log reuses the pid of one that exited', () => {
    const r = replay([
      '100 openat(AT_FDCWD, "a", O_WRONLY|O_CREAT, 0644) = 3',
      '100 +++ exited with 0 +++',
      '100 openat(AT_FDCWD, "a", O_RDONLY)   = 3',
    ]);
    expect(r.programs).toBe(2);
    expect(r.mismatches).toEqual([]);
  });

  it('does not take the resumed line of an exit_group applied early for a new program', () => {
    const r = replay([
      '100 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 101',
      '101 openat(AT_FDCWD, "a", O_WRONLY|O_CREAT, 0644) = 3',
      '101 exit_group(0 <unfinished ...>',
      '100 openat(AT_FDCWD, "a", O_RDONLY)   = 3',
      '101 <... exit_group resumed>)         = ?',
      '101 +++ exited with 0 +++',
    ]);
    expect(r.programs).toBe(1);
    expect(r.mismatches).toEqual([]);
  });

  it('compares every modelled call of the recorded harness logs (strace -A, and strace -p per process)', () => {
    for (const name of ['harness', 'harness-p']) {
      const file = join(import.meta.dirname, '..', 'corpus', 'strace', `${name}.log`);
      const r = replayStrace(parseStrace(readFileSync(file, 'latin1'), file), {
        root: `/tmp/rlroot/${name}`,
        fs: 'ext4',
        kernel: 'mainline',
        fds: [0, 1, 2],
      });
      expect(r.programs, name).toBe(10);
      expect(r.skippedModelled, name).toBe(0);
      for (const call of ['unlinkat', 'renameat2', 'linkat', 'mkdir', 'symlinkat', 'getdents64'])
        expect(r.coverage[call]?.calls ?? 0, `${name}: ${call}`).toBeGreaterThan(0);
      expect(r.verdict, name).toBe('clean');
    }
  });
});
