// The model against the kernel this machine runs (ext4 under /tmp), through the static executor.
import { describe, expect, it } from 'vitest';
import { buildExecutor, differences, runOnHost, runOnModel } from '../../src/crosscheck/host.js';
import { randomTraces } from '../../src/crosscheck/gen.js';
import { O_CREAT, O_RDWR } from '../../src/model/flags.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

const exe = buildExecutor();

describe('cross-check against the host kernel', () => {
  it('the executor answers like the kernel: an unlinked open file keeps its data', () => {
    const trace: Syscall[] = [
      { call: 'open', path: 'a', flags: O_CREAT | O_RDWR, mode: 0o644 },
      { call: 'write', fd: 3, data: 'h\u00e9llo' },
      { call: 'unlink', path: 'a' },
      { call: 'fstat', fd: 3 },
      { call: 'pread64', fd: 3, count: 10, offset: 0 },
      { call: 'unlink', path: 'a' },
    ];
    const host = runOnHost(exe, trace);
    expect(host.map((a) => a.ret ?? a.errno)).toEqual([3, 5, 0, 0, 5, 'ENOENT']);
    expect(host[3]?.st_nlink).toBe(0);
    expect(host[4]?.data).toBe('h\u00e9llo');
    expect(differences(trace, host, runOnModel(trace))).toEqual([]);
  });

  it('60 random traces of 40 calls answer identically on the kernel and the model', () => {
    for (const t of randomTraces(60, 40, 20261125)) {
      expect(differences(t, runOnHost(exe, t), runOnModel(t))).toEqual([]);
    }
  });

  it('reports a difference when the answers differ', () => {
    const trace: Syscall[] = [{ call: 'unlink', path: 'missing' }];
    const host = runOnHost(exe, trace);
    expect(differences(trace, host, [{ ret: 0 }])).toHaveLength(1);
  });
});
