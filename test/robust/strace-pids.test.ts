// strace logs whose pids do what a single traced program would not: calls after an exit, with or
// without the `+++ exited` line, and calls from a task asleep in another call. Each gets an
// answer (a new program for a reused pid, "not compared" for what cannot be), never a crash.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../helpers/io.js';

const tmp = mkdtempSync(join(tmpdir(), 'relinklab-strace-pids-'));

async function replay(name: string, lines: readonly string[]) {
  const log = join(tmp, `${name}.log`);
  writeFileSync(log, `${lines.join('\n')}\n`);
  const io = capture();
  const status = await main(['replay', '--strace', log, '--root', '/tmp/rl', '--json'], io);
  return { status, report: JSON.parse(io.outs.join('\n') || '{}') as { programs?: number; matched?: number } };
}

describe('strace logs with pids past their exit', () => {
  it('a call after exit_group with no `+++ exited` line is a new program (the pid was reused)', async () => {
    const r = await replay('lost-exit', ['7 mkdir("d", 0755) = 0', '7 exit_group(0) = ?', '7 mkdir("e", 0755) = 0']);
    expect(r.status).toBe(0);
    expect(r.report).toMatchObject({ programs: 2, matched: 3 });
  });

  it('a call after `+++ exited` is a new program too', async () => {
    const r = await replay('reused', [
      '7 mkdir("d", 0755) = 0',
      '7 exit_group(0) = ?',
      '7 +++ exited with 0 +++',
      '7 rmdir("d") = 0',
    ]);
    expect(r.status).toBe(0);
    expect(r.report).toMatchObject({ programs: 2 });
  });

  it('a call from a task asleep in a blocking open is not compared, and the run says so (exit 3)', async () => {
    const r = await replay('asleep', [
      '7 mknodat(AT_FDCWD, "p", S_IFIFO|0644) = 0',
      '7 openat(AT_FDCWD, "p", O_RDONLY <unfinished ...>',
      '7 mkdir("e", 0755) = 0',
    ]);
    expect(r.status).toBe(3);
  });
});
