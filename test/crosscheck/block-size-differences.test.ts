// The cross-check compares st_blocks and st_blksize: the model's block size must be the guest's.
import { describe, expect, it } from 'vitest';
import { differences, runOnModel } from '../../src/crosscheck/host.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

const trace: Syscall[] = [
  { call: 'open', path: 'f', flags: 0o102, mode: 0o644 },
  { call: 'write', fd: 3, data: '12345678' },
  { call: 'fstat', fd: 3 },
];

describe('block size in the cross-check', () => {
  it('the model answers fstat with the default ext4 block size: 8 sectors of a 4 KiB block', () => {
    expect(runOnModel(trace)[2]).toMatchObject({ st_blocks: 8, st_blksize: 4096 });
  });

  it('a kernel with 1 KiB blocks (as a 32 MiB mkfs.ext4 without -b) differs from it', () => {
    const model = runOnModel(trace);
    const kernel = model.map((a, i) => (i === 2 ? { ...a, st_blocks: 2, st_blksize: 1024 } : a));
    expect(differences(trace, kernel, model).map((d) => d.index)).toEqual([2]);
    const onlyBlksize = model.map((a, i) => (i === 2 ? { ...a, st_blksize: 1024 } : a));
    expect(differences(trace, onlyBlksize, model).map((d) => d.index)).toEqual([2]);
  });
});
