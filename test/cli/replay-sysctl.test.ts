// replay --sysctl: the fs.protected_* sysctls the traced machine ran with, over Debian 12's boot
// values, for strace logs and native traces alike; a setting sysctl(8) would refuse is bad input.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../helpers/io.js';

const tmp = mkdtempSync(join(tmpdir(), 'relinklab-sysctl-'));
const file = (name: string, body: string): string => {
  const p = join(tmp, name);
  writeFileSync(p, body);
  return p;
};

/** Root opens with O_CREAT a file 1001 owns in its sticky, world-writable directory s. */
const LOG = file(
  'sticky.log',
  [
    '100 mkdir("s", 0755)                  = 0',
    '100 chmod("s", 01777)                 = 0',
    '100 open("s/r", O_RDWR|O_CREAT, 0666) = 3',
    '100 fchown(3, 1001, 1001)             = 0',
    '100 open("s/r", O_RDWR|O_CREAT, 0666) = -1 EACCES (Permission denied)',
    '',
  ].join('\n'),
);

const NATIVE = file(
  'sticky.jsonl',
  [
    '{"pid":1,"call":"mkdir","args":{"path":"/s","mode":"0755"}}',
    '{"pid":1,"call":"chmod","args":{"path":"/s","mode":"01777"}}',
    '{"pid":1,"call":"open","args":{"path":"/s/r","flags":"O_RDWR|O_CREAT","mode":"0666"},"expect":{"ret":3}}',
    '{"pid":1,"call":"fchown","args":{"fd":3,"owner":1001,"group":1001}}',
    '{"pid":1,"call":"open","args":{"path":"/s/r","flags":"O_RDWR|O_CREAT","mode":"0666"},"expect":{"errno":"EACCES"}}',
    '',
  ].join('\n'),
);

const run = async (argv: string[]): Promise<{ code: number; outs: string[]; errs: string[] }> => {
  const io = capture();
  const code = await main(argv, io);
  return { code, outs: io.outs, errs: io.errs };
};

describe('replay --sysctl', () => {
  it('replays an strace log on Debian 12’s values by default: protected_regular=2 refuses root too', async () => {
    expect((await run(['replay', '--strace', LOG, '--root', '/tmp/t', '--fds', '0,1,2'])).code).toBe(0);
  });

  it('replays it with the values given: at fs.protected_regular=0 the EACCES is a mismatch', async () => {
    const r = await run(['replay', '--strace', LOG, '--fds', '0,1,2', '--sysctl', 'fs.protected_regular=0']);
    expect(r.code).toBe(1);
    expect(r.outs.join('\n')).toContain('open("s/r", O_RDWR|O_CREAT, 0666): expected EACCES; returned EACCES, model 4');
  });

  it('sets a native trace’s machine the same way', async () => {
    expect((await run(['replay', NATIVE])).code).toBe(0);
    expect((await run(['replay', NATIVE, '--sysctl', 'fs.protected_regular=0,fs.protected_fifos=0'])).code).toBe(1);
  });

  it.each([
    ['fs.protected_regular=3', '--sysctl: fs.protected_regular takes an integer from 0 to 2, not 3'],
    ['kernel.hung_task_timeout_secs=10', '--sysctl: unknown sysctl "kernel.hung_task_timeout_secs"'],
    ['fs.protected_regular', '--sysctl: must list NAME=VALUE settings like fs.protected_regular=0'],
  ])('refuses %s in one line, exit 2', async (value, says) => {
    const r = await run(['replay', '--strace', LOG, '--sysctl', value]);
    expect(r.code).toBe(2);
    expect(r.errs).toHaveLength(1);
    expect(r.errs[0]).toContain(says);
  });
});
