// Issue 12, item 4: the inference of inherited fds could absorb a wrong answer. A first open that
// returned 4 instead of 3, or a dup2(99, 11) that succeeded, made the replay decide the program
// inherited fd 3 or 99, compare fewer calls and exit 0. Now anything inferred is reported with the
// line that forced it and makes the run incomplete; stated fds (--fds) turn inference off.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStrace } from '../../src/trace/strace-parse.js';
import { replayStrace, type ReplayReport } from '../../src/trace/strace-replay.js';

const CORPUS = join(import.meta.dirname, '..', 'corpus', 'strace');

function tampered(name: string, from: RegExp, to: string, fds?: readonly number[]): ReplayReport {
  const text = readFileSync(join(CORPUS, `${name}.log`), 'latin1');
  const changed = text.replace(from, to);
  expect(changed).not.toBe(text);
  return replayStrace(parseStrace(changed, `${name}.log`), {
    root: `/tmp/rlroot/${name}`,
    fs: 'ext4',
    kernel: 'mainline',
    ...(fds === undefined ? {} : { fds }),
  });
}

const FIRST_OPEN = /open\("f", O_WRONLY\|O_CREAT, 0644\) = 3/;
const FIRST_OPEN_4 = 'open("f", O_WRONLY|O_CREAT, 0644) = 4';
const BAD_DUP2 = /dup2\(99, 11\)(\s+)= -1 EBADF \(Bad file descriptor\)/;

describe('inherited fds inferred from a strace log', () => {
  it('reports an fd inferred from a first open that returned 4, with its line, and is not clean', () => {
    const r = tampered('open', FIRST_OPEN, FIRST_OPEN_4);
    expect(r.inferred).toContainEqual({ what: 'fd', fd: 3, line: 15 });
    expect(r.verdict).not.toBe('clean');
  });

  it('reports fd 99 inferred from a dup2(99, 11) that succeeded, with its line, and is not clean', () => {
    const r = tampered('procs', BAD_DUP2, 'dup2(99, 11)$1= 11');
    expect(r.inferred).toContainEqual({ what: 'fd', fd: 99, line: 22 });
    expect(r.verdict).not.toBe('clean');
  });

  it('infers nothing when the fds are stated: the first open that returned 4 is a mismatch', () => {
    const r = tampered('open', FIRST_OPEN, FIRST_OPEN_4, [0, 1, 2]);
    expect(r.inferred).toEqual([]);
    expect(r.mismatches[0]).toMatchObject({ line: 15, model: 'returned 4, model 3' });
    expect(r.verdict).toBe('mismatch');
  });

  it('infers nothing when the fds are stated: the dup2(99, 11) that succeeded is a mismatch', () => {
    const r = tampered('procs', BAD_DUP2, 'dup2(99, 11)$1= 11', [0, 1, 2]);
    expect(r.mismatches[0]).toMatchObject({ line: 22, model: 'returned 11, model EBADF' });
    expect(r.verdict).toBe('mismatch');
  });

  it('reports the root mode it inferred, with its line, and is not clean', () => {
    const stat =
      '100 newfstatat(AT_FDCWD, "/tmp/t", {st_dev=makedev(0, 0x27), st_ino=1, st_mode=S_IFDIR|S_ISVTX|0777, st_nlink=2, st_uid=0, st_gid=0, st_blksize=4096, st_blocks=8, st_size=4096}, 0) = 0';
    const r = replayStrace(parseStrace(`${stat}\n`, 't.log'), { root: '/tmp/t', fs: 'ext4', kernel: 'mainline' });
    expect(r.inferred).toEqual([{ what: 'rootMode', mode: 0o1777, line: 1 }]);
    expect(r.verdict).toBe('incomplete');
    const stated = replayStrace(parseStrace(`${stat}\n`, 't.log'), {
      root: '/tmp/t',
      fs: 'ext4',
      kernel: 'mainline',
      rootMode: 0o1777,
    });
    expect(stated.verdict).toBe('clean');
  });
});
