// The block size is the superblock's s_blocksize, set by the file system's type and mkfs: SEEK_DATA
// and SEEK_HOLE see allocation in its units (fs/iomap/seek.c via ext4_llseek, shmem_file_llseek
// by pages, btrfs by sectors). Figures measured on ext4 images made with mkfs.ext4 -b 1024 and
// -b 4096 (docs/block-size.md).
import { describe, expect, it } from 'vitest';
import { O_CREAT, O_RDWR, SEEK_HOLE } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/boot.js';
import { must, openSc, res } from '../helpers/spec.js';

const ext4 = (blocksize: number): World =>
  bootWorld({ rootFs: 'ext4', blocksize, kernel: 'mainline', outsideFds: [0, 1, 2] });

describe('SEEK_HOLE follows the file system block size', () => {
  it('after an 8-byte write and a truncate up, SEEK_HOLE at 0 is 1024 on ext4 with 1 KiB blocks', () => {
    const w = must(
      ext4(1024),
      openSc('/f', O_CREAT | O_RDWR),
      { call: 'write', fd: 3, data: '12345678' },
      { call: 'ftruncate', fd: 3, length: 10000 },
    );
    expect(res(w, { call: 'lseek', fd: 3, offset: 0, whence: SEEK_HOLE })).toEqual({ ok: true, ret: 1024 });
  });

  it('the same file on ext4 with 4 KiB blocks has its first hole at 4096', () => {
    const w = must(
      ext4(4096),
      openSc('/f', O_CREAT | O_RDWR),
      { call: 'write', fd: 3, data: '12345678' },
      { call: 'ftruncate', fd: 3, length: 10000 },
    );
    expect(res(w, { call: 'lseek', fd: 3, offset: 0, whence: SEEK_HOLE })).toEqual({ ok: true, ret: 4096 });
  });

  it('ext4 without a block size is mkfs.ext4 without -b on a large device: 4 KiB', () => {
    expect(Object.values(bootWorld({ rootFs: 'ext4' }).superblocks)[0]?.s_blocksize).toBe(4096);
  });

  it('a block size the file system type cannot have is a bug of the caller', () => {
    expect(() => bootWorld({ rootFs: 'tmpfs', blocksize: 1024 })).toThrow(/tmpfs cannot have 1024-byte blocks/);
  });
});
