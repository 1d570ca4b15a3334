// A native trace whose line names a task that cannot make a call is bad input at that line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../helpers/io.js';

const tmp = mkdtempSync(join(tmpdir(), 'relinklab-pids-'));
const MKDIR = (pid: number) => ({ pid, call: 'mkdir', args: { path: `/d${pid}`, mode: '0755' } });

async function replayLines(name: string, lines: readonly object[]): Promise<{ status: number; err: string }> {
  const file = join(tmp, `${name}.jsonl`);
  writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  const io = capture();
  const status = await main(['replay', file], io);
  return { status, err: io.errs.join('\n') };
}

describe('native replay of calls no task can make', () => {
  it('a pid that was never forked is bad input naming its line', async () => {
    const r = await replayLines('unforked', [MKDIR(1), MKDIR(3)]);
    expect(r).toEqual({ status: 2, err: expect.stringMatching(/unforked\.jsonl:2: no task with pid 3$/) as string });
  });

  it('fork onto a pid in use is bad input', async () => {
    const r = await replayLines('pid-in-use', [{ pid: 1, call: 'fork', args: { child: 1 } }]);
    expect(r).toEqual({ status: 2, err: expect.stringMatching(/pid-in-use\.jsonl:1: .*already in use$/) as string });
  });

  it('fork with a negative child pid is bad input', async () => {
    const r = await replayLines('negative', [{ pid: 1, call: 'fork', args: { child: -5 } }]);
    expect(r).toEqual({ status: 2, err: expect.stringMatching(/negative\.jsonl:1: .*bad child pid -5$/) as string });
  });

  it('a call after the task exited is bad input', async () => {
    const r = await replayLines('exited', [
      { pid: 1, call: 'fork', args: { child: 2 } },
      { pid: 2, call: 'exit', args: { status: 0 } },
      MKDIR(2),
    ]);
    expect(r).toEqual({ status: 2, err: expect.stringMatching(/exited\.jsonl:3: task 2 is zombie$/) as string });
  });

  it('a call by a task asleep in a blocking open is bad input', async () => {
    const r = await replayLines('asleep', [
      { pid: 1, call: 'mknod', args: { path: '/p', mode: 'S_IFIFO|0644', dev: 0 } },
      { pid: 1, call: 'fork', args: { child: 2 } },
      { pid: 2, call: 'open', args: { path: '/p', flags: 'O_RDONLY', mode: 0 } },
      MKDIR(2),
    ]);
    expect(r).toEqual({ status: 2, err: expect.stringMatching(/asleep\.jsonl:4: task 2 is blocked$/) as string });
  });
});
