// The credential logs that set fs.protected_* through /proc/sys (protected.c, symlinks.c) replay
// with each write applied to the model's world, and the ones of 6.10's linkat rule (flink.c,
// flink-dirfd.c) replay on mainline-6.10: recorded on this 6.18 host, whose boot values were
// protected_symlinks 0, protected_hardlinks 1, protected_fifos 0, protected_regular 0 (each log
// reads or sets the ones it depends on) and whose bounding set lacks CAP_SYS_RESOURCE.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStrace } from '../../src/trace/strace-parse.js';
import { replayStrace, type ReplayReport } from '../../src/trace/strace-replay.js';
import { replayLines } from '../helpers/strace.js';

const DIR = join(import.meta.dirname, '..', 'corpus', 'programs', 'creds');
const HOST = { protected_symlinks: 0, protected_hardlinks: 1, protected_fifos: 0, protected_regular: 0 };

function replayLog(name: string, kernel: string): ReplayReport {
  const text = readFileSync(join(DIR, `${name}.log`), 'latin1');
  return replayStrace(parseStrace(text, `${name}.log`), {
    root: `/tmp/rlroot/creds/${name}`,
    fs: 'ext4',
    kernel,
    fds: [0, 1, 2],
    caps: 0x1fffeffffff,
    sysctl: HOST,
  });
}

describe('sysctl writes in an strace log', () => {
  it.each([
    ['protected', 'mainline'],
    ['symlinks', 'mainline'],
    ['flink-dirfd', 'mainline-6.10'],
  ])('%s.log replays on %s with every modelled call compared and matched', (name, kernel) => {
    const r = replayLog(name, kernel);
    expect(r.mismatches.map((m) => `${m.line}: ${m.shown}: ${m.expected}; ${m.model}`)).toEqual([]);
    expect(r.verdict).toBe('clean');
    expect(r.calls).toBeGreaterThan(20);
  });

  it('flink.log replays on mainline-6.10 with 0 mismatches; after prctl, which the model lacks, two answers are unknown', () => {
    const r = replayLog('flink', 'mainline-6.10');
    expect(r.mismatches).toEqual([]);
    expect(Object.entries(r.skipReasons).filter(([, v]) => v.kind === 'unknown')).toEqual([
      ['credentials a skipped call changed (first: prctl at line 103)', { kind: 'unknown', count: 2, firstLine: 104 }],
    ]);
  });

  it('flink.log does not replay on 6.1, whose AT_EMPTY_PATH asks CAP_DAC_READ_SEARCH of everyone', () => {
    expect(replayLog('flink', 'mainline').mismatched).toBeGreaterThan(0);
  });

  it('applies a write that succeeded, from the call after it on', () => {
    const lines = [
      '100 open("/proc/sys/fs/protected_regular", O_WRONLY) = 3',
      '100 write(3, "0", 1)                   = 1',
      '100 close(3)                           = 0',
      '100 mkdir("s", 0755)                   = 0',
      '100 chmod("s", 01777)                  = 0',
      '100 open("s/r", O_RDWR|O_CREAT, 0666)  = 3',
      '100 fchown(3, 1001, 1001)              = 0',
      '100 open("s/r", O_RDWR|O_CREAT, 0666)  = 4',
    ];
    expect(replayLines(lines).mismatches).toEqual([]);
    expect(replayLines(lines.filter((l) => !l.includes('write('))).mismatches.map((m) => m.line)).toEqual([7]);
  });

  it('ignores a refused write, and refuses a log where a value no kernel takes was written', () => {
    const opened = '100 open("/proc/sys/fs/protected_hardlinks", O_WRONLY) = 3';
    expect(replayLines([opened, '100 write(3, "2", 1) = -1 EINVAL (Invalid argument)']).mismatches).toEqual([]);
    expect(() => replayLines([opened, '100 write(3, "2", 1) = 1'])).toThrow(
      /:2: a write to \/proc\/sys\/fs\/protected_hardlinks no kernel takes succeeded: fs\.protected_hardlinks takes an integer from 0 to 1, not 2/,
    );
  });
});
