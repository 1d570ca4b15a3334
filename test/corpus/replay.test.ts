// The recorded corpus (scripts/record-corpus.sh, scripts/record-coreutils.sh): logs of real runs on
// this machine's kernel, which the model must answer call for call.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStrace } from '../../src/trace/strace-parse.js';
import { replayStrace, type ReplayReport } from '../../src/trace/strace-replay.js';

const DIR = join(import.meta.dirname, 'strace');
const LOGS = readdirSync(DIR).filter((f) => f.endsWith('.log'));

function replay(file: string, text?: string): ReplayReport {
  const name = file.replace(/\.log$/, '');
  const body = text ?? readFileSync(join(DIR, file), 'latin1');
  return replayStrace(parseStrace(body, file), { root: `/tmp/rlroot/${name}`, fs: 'ext4', kernel: 'mainline' });
}

/** The syscalls and errnos the foundation issue lists; the corpus must exercise each. */
const LISTED_CALLS = [
  'open', 'openat', 'creat', 'close', 'read', 'write', 'pread64', 'pwrite64', 'lseek', 'truncate', 'ftruncate',
  'stat', 'lstat', 'fstat', 'newfstatat', 'statx', 'link', 'linkat', 'unlink', 'unlinkat', 'mkdir', 'mkdirat',
  'rmdir', 'rename', 'renameat', 'renameat2', 'symlink', 'symlinkat', 'readlink', 'readlinkat', 'mknod',
  'mknodat', 'chdir', 'fchdir', 'dup', 'dup2', 'dup3', 'fcntl', 'fork', 'vfork', 'clone', 'exit', 'exit_group',
  'getdents64', 'umask', 'mount', 'umount2',
];
const LISTED_ERRNOS = [
  'EACCES', 'EAGAIN', 'EBADF', 'EBUSY', 'EEXIST', 'EINVAL', 'EISDIR', 'ELOOP', 'EMFILE', 'ENAMETOOLONG',
  'ENOENT', 'ENOTDIR', 'ENOTEMPTY', 'ENXIO', 'EPERM', 'EPIPE', 'EROFS', 'ESPIPE', 'EXDEV',
];

describe('the recorded strace corpus', () => {
  it('holds the nine C programs and the coreutils session', () => {
    expect(LOGS.sort()).toEqual(
      ['coreutils', 'fifo', 'inherited', 'links', 'mounts', 'names', 'open', 'procs', 'rw', 'stat'].map(
        (n) => `${n}.log`,
      ),
    );
  });

  for (const file of LOGS) {
    it(`${file} replays with 0 mismatches and 0 unknowns`, () => {
      const r = replay(file);
      expect(r.mismatches).toEqual([]);
      expect(r.unknown).toBe(0);
      expect(r.calls).toBeGreaterThan(file === 'inherited.log' ? 10 : 30);
    });
  }

  it('infers the fds a program inherited besides 0-2 (10 and 251 for inherited.log, none elsewhere)', () => {
    for (const file of LOGS) expect(replay(file).inheritedFds, file).toEqual(file === 'inherited.log' ? [10, 251] : []);
  });

  it('does not take a wrong fd for an inherited one when the fds below it were open in the model', () => {
    // After close(10), F_DUPFD from 10 must give 10; 11 is held by the model, so nothing explains 12.
    const text = readFileSync(join(DIR, 'inherited.log'), 'latin1').replace(
      /fcntl\(3, F_DUPFD, 10\)(\s+)= 10/,
      'fcntl(3, F_DUPFD, 10)$1= 12',
    );
    const r = replay('inherited.log', text);
    expect(r.mismatches[0]?.model).toBe('returned 12, model 10');
    expect(r.inheritedFds).toEqual([10, 251]);
  });

  it('does not take a closed fd for an inherited one (a second close(10) that succeeds)', () => {
    const text = readFileSync(join(DIR, 'inherited.log'), 'latin1').replace(
      /close\(10\)(\s+)= -1 EBADF \(Bad file descriptor\)/,
      'close(10)$1= 0',
    );
    const r = replay('inherited.log', text);
    expect(r.mismatches.map((m) => m.model)).toEqual(['returned 0, model EBADF']);
  });

  it('exercises every listed syscall and errno', () => {
    const calls = new Set<string>();
    const errnos = new Set<string>();
    for (const file of LOGS) {
      for (const [call, c] of Object.entries(replay(file).coverage)) {
        calls.add(call);
        c.errnos.forEach((e) => errnos.add(e));
      }
    }
    expect(LISTED_CALLS.filter((c) => !calls.has(c))).toEqual([]);
    expect(LISTED_ERRNOS.filter((e) => !errnos.has(e))).toEqual([]);
  });

  it('reports a mismatch when the log disagrees with the model (a tampered st_nlink)', () => {
    const text = readFileSync(join(DIR, 'stat.log'), 'latin1').replace(/st_nlink=0,/, 'st_nlink=1,');
    const r = replay('stat.log', text);
    expect(r.mismatched).toBe(1);
    expect(r.mismatches[0]?.model).toContain('st_nlink 1, model 0');
  });

  it('reports a mismatch for a tampered return value and for tampered read data', () => {
    const text = readFileSync(join(DIR, 'rw.log'), 'latin1')
      .replace(/read\((\d+), "0123", 4\)/, 'read($1, "0124", 4)')
      .replace(/unlink\("u"\)(\s+)= 0/, 'unlink("u")$1= -1 ENOENT (No such file or directory)');
    expect(replay('rw.log', text).mismatched).toBe(2);
  });
});
