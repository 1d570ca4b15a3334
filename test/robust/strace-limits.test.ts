// strace logs at the kernel's limits: descriptors past RLIMIT_NOFILE's default, past NR_OPEN,
// and arguments nested absurdly deep. Each gets an answer, never a crash or a model bug.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../helpers/io.js';

const tmp = mkdtempSync(join(tmpdir(), 'relinklab-strace-limits-'));
const OPEN = '100 openat(AT_FDCWD, "a", O_RDWR|O_CREAT, 0644) = 3';

async function replay(name: string, lines: readonly string[], ...flags: string[]) {
  const log = join(tmp, `${name}.log`);
  writeFileSync(log, `${lines.join('\n')}\n`);
  const io = capture();
  const status = await main(['replay', '--strace', log, '--root', '/tmp/rl', ...flags], io);
  return { status, out: io.outs.join('\n'), err: io.errs.join('\n'), log };
}

describe('strace logs at the descriptor limits', () => {
  it('an fd in use past 1024 is an inherited fd, inferred and reported (exit 3), not a model bug', async () => {
    const r = await replay('fcntl4096', [OPEN, '100 fcntl(4096, F_GETFL) = 0x2 (flags O_RDWR)']);
    expect(r.status).toBe(3);
    expect(r.out).toContain('inferred: the programs started with fd 4096 open');
  });

  it('a descriptor handed out past NR_OPEN is bad input naming its line, at once', async () => {
    for (const fd of ['10000000', '2147483648']) {
      const r = await replay(`nr-open-${fd}`, [`100 openat(AT_FDCWD, "a", O_RDWR|O_CREAT, 0644) = ${fd}`]);
      expect(r).toMatchObject({ status: 2, err: `${r.log}:1: openat returned fd ${fd}, past NR_OPEN (1048576)` });
    }
  });

  const DUP = [OPEN, '100 dup2(3, 4000) = 4000', '100 fstat(4000, {st_mode=S_IFREG|0644, st_size=0, ...}) = 0'];

  it('dup2 to fd 4000 shows RLIMIT_NOFILE above the default: inferred and reported (exit 3)', async () => {
    const r = await replay('dup4000', DUP);
    expect(r.status).toBe(3);
    expect(r.out).toContain('inferred: RLIMIT_NOFILE is above 4000');
  });

  it('with --nofile stated, the same log is clean at 20000 and a mismatch at 1024 (dup2: EBADF)', async () => {
    expect((await replay('dup4000-20000', DUP, '--nofile', '20000')).status).toBe(0);
    const low = await replay('dup4000-1024', DUP, '--nofile', '1024');
    expect(low.status).toBe(1);
    expect(low.out).toContain('dup2(3, 4000): expected 4000; returned 4000, model EBADF');
  });

  it('--nofile outside 1..NR_OPEN is bad input', async () => {
    expect((await replay('nofile-bad', [OPEN], '--nofile', '0')).status).toBe(2);
    expect((await replay('nofile-big', [OPEN], '--nofile', '2000000')).status).toBe(2);
  });

  it('an argument nested 5,000 levels deep is not decoded, and says so (exit 3), without a stack overflow', async () => {
    const r = await replay('deep', [`100 write(1, ${'['.repeat(5000)}${']'.repeat(5000)}, 3) = 3`]);
    expect(r.status).toBe(3);
  });
});

describe('an fd argument no process can hold', () => {
  it('one the kernel accepted past NR_OPEN is a mismatch, not an inferred fd or a model bug', async () => {
    const r = await replay('accepted-huge', [OPEN, '100 fcntl(429496729610, F_GETFL) = 0x2 (flags O_RDWR)']);
    expect(r.status).toBe(1);
    expect(r.out).not.toContain('inferred');
  });
});

describe('a write whose buffer strace cut short', () => {
  it('of a gigabyte is not decoded, and the run says so (exit 3), rather than spelling it out', async () => {
    const r = await replay('gigawrite', [OPEN, '100 write(3, "abc"..., 1000000000) = 1000000000']);
    expect(r.status).toBe(3);
    expect(r.out).toContain('not compared');
  });

  it('of a few bytes past -s is written as its prefix and NULs, and compared', async () => {
    const r = await replay('smallwrite', [OPEN, '100 write(3, "abc"..., 10) = 10']);
    expect(r.status).toBe(0);
  });
});
