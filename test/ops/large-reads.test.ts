// Reads as long as the kernel allows, on files as large as the file system allows: fs/read_write.c
// vfs_read (access_ok, then at most MAX_RW_COUNT bytes). Checked with strace on this machine:
// read(fd, buf, 3000000000) of a 3 GB sparse file = 2147479552; read(fd, buf, (size_t)-1) = EFAULT.
import { describe, expect, it } from 'vitest';
import { O_CREAT, O_RDWR } from '../../src/model/flags.js';
import { MAX_RW_COUNT } from '../../src/ops/vfs/copy-checks.js';
import { bytesText } from '../../src/ops/vfs/pagecache.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { boot, ERR, must, openSc, res } from '../helpers/spec.js';

const sparse = (size: number) =>
  must(boot(), openSc('/f', O_CREAT | O_RDWR), { call: 'ftruncate', fd: 3, length: size });
const dataOf = (r: SysResult) => (r.ok === true && r.data !== undefined ? r.data : null);

describe('large reads (vfs_read)', () => {
  it('a gigabyte read of a sparse file returns a gigabyte of NULs without spelling it out', () => {
    const r = res(sparse(1e9), { call: 'read', fd: 3, count: 1e9 });
    expect(r.ok === true && r.ret).toBe(1e9);
    const data = dataOf(r);
    expect(data?.length).toBe(1e9);
    expect(data?.extents).toEqual([]);
    expect(bytesText(data ?? { length: 0, extents: [] }, 4)).toBe('\0\0\0\0');
  });

  it('a read is cut at MAX_RW_COUNT (2147479552 bytes)', () => {
    const r = res(sparse(3e9), { call: 'read', fd: 3, count: 3e9 });
    expect(r.ok === true && r.ret).toBe(MAX_RW_COUNT);
    expect(MAX_RW_COUNT).toBe(2147479552);
  });

  it('written bytes inside a huge read come back at their offsets', () => {
    const w = must(sparse(2e9), { call: 'pwrite64', fd: 3, data: 'mid', offset: 1e9 });
    const data = dataOf(res(w, { call: 'pread64', fd: 3, count: 2e9, offset: 1e9 - 2 }));
    expect(data?.length).toBe(1e9 + 2);
    expect(bytesText(data ?? { length: 0, extents: [] }, 6)).toBe('\0\0mid\0');
  });

  it('a count no user buffer can hold is EFAULT (access_ok), before anything is read', () => {
    expect(res(sparse(10), { call: 'read', fd: 3, count: -1 })).toEqual(ERR('EFAULT'));
    expect(res(sparse(10), { call: 'read', fd: 3, count: 2 ** 64 })).toEqual(ERR('EFAULT'));
  });

  it('a copy of a gigabyte hole is written as a run of NULs, not spelled out', () => {
    const w = must(sparse(1e9), openSc('/g', O_CREAT | O_RDWR));
    const copied = res(w, { call: 'copy_file_range', fd_in: 3, fd_out: 4, len: 1e9, flags: 0 });
    expect(copied.ok === true && copied.ret).toBe(1e9);
  });
});
