// The block size is the superblock's s_blocksize, set by the file system's type and mkfs: SEEK_DATA
// and SEEK_HOLE see allocation in its units (fs/iomap/seek.c via ext4_llseek, shmem_file_llseek
// by pages, btrfs by sectors). Figures measured on ext4 images made with mkfs.ext4 -b 1024 and
// -b 4096 (docs/block-size.md).
import { describe, expect, it } from 'vitest';
import { O_CREAT, O_DIRECTORY, O_RDONLY, O_RDWR, SEEK_DATA, SEEK_HOLE } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { Unmodelled } from '../../src/model/errors.js';
import type { StatOut, SysResult } from '../../src/ops/vfs/result.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { boot, ERR, must, openSc, res } from '../helpers/spec.js';

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

/** The probe of docs/block-size.md, step by step: its calls, and st_blocks after each. */
const PROBE: readonly { readonly what: string; readonly sc: Syscall }[] = [
  { what: '8 bytes at 0', sc: { call: 'pwrite64', fd: 3, data: '12345678', offset: 0 } },
  { what: 'truncate up to 10000', sc: { call: 'ftruncate', fd: 3, length: 10000 } },
  { what: '1 byte at 6000', sc: { call: 'pwrite64', fd: 3, data: 'x', offset: 6000 } },
  { what: '1 byte at 1500', sc: { call: 'pwrite64', fd: 3, data: 'y', offset: 1500 } },
  { what: '4 NULs at 9000', sc: { call: 'pwrite64', fd: 3, data: '\0\0\0\0', offset: 9000 } },
  { what: 'truncate down to 6001', sc: { call: 'ftruncate', fd: 3, length: 6001 } },
  { what: 'truncate up to 20000', sc: { call: 'ftruncate', fd: 3, length: 20000 } },
  { what: 'truncate down to 1100', sc: { call: 'ftruncate', fd: 3, length: 1100 } },
  { what: 'truncate to 0', sc: { call: 'ftruncate', fd: 3, length: 0 } },
];

/** st_blocks after each probe step, as the kernels answered (1 KiB ext4; 4 KiB ext4, btrfs, tmpfs). */
const MEASURED_1K = [2, 2, 4, 6, 8, 6, 6, 4, 0];
const MEASURED_4K = [8, 8, 16, 16, 24, 16, 16, 8, 0];
/** mkfs.ext4 -b 2048, measured the same way. */
const MEASURED_2K = [4, 4, 8, 8, 12, 8, 8, 4, 0];

const CASES: readonly (readonly [string, () => World, number, readonly number[]])[] = [
  ['ext4 with 1 KiB blocks', () => ext4(1024), 1024, MEASURED_1K],
  ['ext4 with 2 KiB blocks', () => ext4(2048), 2048, MEASURED_2K],
  ['ext4 with 4 KiB blocks', () => ext4(4096), 4096, MEASURED_4K],
  ['btrfs (4 KiB sectors)', () => boot('btrfs'), 4096, MEASURED_4K],
  ['tmpfs (4 KiB pages)', () => boot('tmpfs'), 4096, MEASURED_4K],
];

const statOf = (w: World, sc: Syscall): StatOut => {
  const r = res(w, sc);
  if (r.ok !== true || r.stat === undefined) throw new Error(`no stat: ${JSON.stringify(r)}`);
  return r.stat;
};
const fstat3 = (w: World): StatOut => statOf(w, { call: 'fstat', fd: 3 });
const seek = (w: World, offset: number, whence: number): SysResult => res(w, { call: 'lseek', fd: 3, offset, whence });

describe.each(CASES)('st_blocks and st_blksize on %s', (_name, fresh, blksize, measured) => {
  it('st_blocks counts the blocks the written ranges touch, through writes, holes and truncates', () => {
    let w = must(fresh(), openSc('/f', O_CREAT | O_RDWR));
    const got: number[] = [];
    for (const p of PROBE) {
      w = must(w, p.sc);
      got.push(fstat3(w).st_blocks);
    }
    expect(got).toEqual(measured);
  });

  it(`st_blksize is ${blksize} for files, directories and fifos`, () => {
    const w = must(fresh(), openSc('/f', O_CREAT | O_RDWR), { call: 'mknod', path: '/p', mode: 0o10644, dev: 0 });
    expect(fstat3(w).st_blksize).toBe(blksize);
    expect(statOf(w, { call: 'stat', path: '/' }).st_blksize).toBe(blksize);
    expect(statOf(w, { call: 'stat', path: '/p' })).toMatchObject({ st_blksize: blksize, st_blocks: 0 });
  });
});

describe('SEEK_DATA and SEEK_HOLE through the probe (answers of the kernels)', () => {
  /** The file after '1 byte at 1500' of the probe: data at [0, 8), 1500 and 6000, size 10000. */
  const sparse = (w: World): World => must(w, openSc('/f', O_CREAT | O_RDWR), ...PROBE.slice(0, 4).map((p) => p.sc));

  it('with 1 KiB blocks the data is blocks 0, 1 and 5: holes at 2048 and from 6144', () => {
    const w = sparse(ext4(1024));
    expect([seek(w, 0, SEEK_HOLE), seek(w, 2048, SEEK_DATA), seek(w, 3000, SEEK_HOLE)]).toEqual([
      { ok: true, ret: 2048 },
      { ok: true, ret: 5120 },
      { ok: true, ret: 3000 },
    ]);
    expect([seek(w, 6000, SEEK_HOLE), seek(w, 6200, SEEK_DATA)]).toEqual([{ ok: true, ret: 6144 }, ERR('ENXIO')]);
  });

  it('with 4 KiB blocks the same file is data up to 8192, then a hole to the end', () => {
    for (const w of [sparse(ext4(4096)), sparse(boot('btrfs')), sparse(boot('tmpfs'))]) {
      expect([seek(w, 0, SEEK_HOLE), seek(w, 2048, SEEK_DATA), seek(w, 8192, SEEK_DATA)]).toEqual([
        { ok: true, ret: 8192 },
        { ok: true, ret: 2048 },
        ERR('ENXIO'),
      ]);
    }
  });

  it('a truncate inside a block keeps the block: data runs to the new size, then to the block end after growth', () => {
    const w = must(sparse(ext4(1024)), ...PROBE.slice(4, 7).map((p) => p.sc));
    expect([seek(w, 6001, SEEK_DATA), seek(w, 6001, SEEK_HOLE), seek(w, 7000, SEEK_DATA)]).toEqual([
      { ok: true, ret: 6001 },
      { ok: true, ret: 6144 },
      ERR('ENXIO'),
    ]);
  });
});

describe('a truncate into an allocated block', () => {
  it('keeps the block even when its written bytes lay past the new size: 1 KiB ext4, a byte at 1500 cut to 1100', () => {
    const w = must(ext4(1024), openSc('/f', O_CREAT | O_RDWR), ...PROBE.map((p) => p.sc).slice(0, 8));
    expect([seek(w, 0, SEEK_HOLE), seek(w, 1024, SEEK_DATA), seek(w, 1099, SEEK_HOLE)]).toEqual([
      { ok: true, ret: 1100 },
      { ok: true, ret: 1024 },
      { ok: true, ret: 1100 },
    ]);
    expect(res(w, { call: 'pread64', fd: 3, count: 2000, offset: 0 })).toMatchObject({
      ret: 1100,
      data: '12345678' + '\0'.repeat(1092),
    });
  });
});

describe('st_blocks of directories and symlinks', () => {
  it('an ext4 directory holds one block, kept after rmdir while it is open', () => {
    for (const [bs, blocks] of [
      [1024, 2],
      [4096, 8],
    ] as const) {
      const w = must(ext4(bs), { call: 'mkdir', path: '/d', mode: 0o755 }, openSc('/d', O_RDONLY | O_DIRECTORY), {
        call: 'rmdir',
        path: '/d',
      });
      expect(fstat3(w)).toMatchObject({ st_size: 0, st_blocks: blocks });
      expect(statOf(w, { call: 'stat', path: '/' })).toMatchObject({ st_size: bs, st_blocks: blocks });
    }
  });

  it('btrfs and tmpfs directories hold none, but mkfs.btrfs gives the root nodesize bytes (32 sectors)', () => {
    const mk = { call: 'mkdir', path: '/d', mode: 0o755 } as const;
    expect(statOf(must(boot('btrfs'), mk), { call: 'stat', path: '/d' }).st_blocks).toBe(0);
    expect(statOf(boot('btrfs'), { call: 'stat', path: '/' }).st_blocks).toBe(32);
    expect(statOf(must(boot('tmpfs'), mk), { call: 'stat', path: '/d' }).st_blocks).toBe(0);
  });

  it('a symlink takes a block once its target no longer fits in the inode: ext4 at 60 bytes, tmpfs at 128, btrfs always', () => {
    const blocks = (w: World, len: number): number => {
      const w2 = must(w, { call: 'symlink', target: 'a'.repeat(len), linkpath: `/l${len}` });
      return statOf(w2, { call: 'lstat', path: `/l${len}` }).st_blocks;
    };
    expect([59, 60, 127, 128].map((n) => blocks(ext4(1024), n))).toEqual([0, 2, 2, 2]);
    expect([59, 60, 127, 128].map((n) => blocks(ext4(4096), n))).toEqual([0, 8, 8, 8]);
    expect([59, 60, 127, 128].map((n) => blocks(boot('btrfs'), n))).toEqual([8, 8, 8, 8]);
    expect([59, 60, 127, 128].map((n) => blocks(boot('tmpfs'), n))).toEqual([0, 0, 0, 8]);
  });
});

describe('block-map blocks, which come with writeback', () => {
  const extents = (w: World, n: number): World =>
    must(
      w,
      openSc('/f', O_CREAT | O_RDWR),
      ...Array.from({ length: n }, (_, i): Syscall => ({ call: 'pwrite64', fd: 3, data: 'z', offset: i * 65536 })),
    );

  it('an ext4 file of 4 extents, all in the inode, counts its data blocks only', () => {
    expect(fstat3(extents(ext4(1024), 4)).st_blocks).toBe(8);
    expect(fstat3(extents(ext4(4096), 4)).st_blocks).toBe(32);
  });

  it('an ext4 file of 5 extents is not answered: 10 or 12 st_blocks (1 KiB) depending on writeback', () => {
    expect(() => step(extents(ext4(1024), 5), 1, { call: 'fstat', fd: 3 })).toThrow(Unmodelled);
  });

  it('btrfs and tmpfs keep no such blocks: 5 extents are 40 st_blocks', () => {
    expect(fstat3(extents(boot('btrfs'), 5)).st_blocks).toBe(40);
    expect(fstat3(extents(boot('tmpfs'), 5)).st_blocks).toBe(40);
  });
});

describe("ext4's largest file follows the block size (ext4_max_size: 2^32 - 1 blocks)", () => {
  const LIMIT_1K = 4398046510080; // measured: a 2-byte pwrite 1 byte below writes 1, at it EFBIG
  it('with 1 KiB blocks a write is cut at 4 TiB less 1 KiB and refused from there', () => {
    const w = must(ext4(1024), openSc('/f', O_CREAT | O_RDWR));
    expect(res(w, { call: 'pwrite64', fd: 3, data: 'ab', offset: LIMIT_1K - 1 })).toEqual({ ok: true, ret: 1 });
    expect(res(w, { call: 'pwrite64', fd: 3, data: 'ab', offset: LIMIT_1K })).toEqual(ERR('EFBIG'));
    expect(res(w, { call: 'ftruncate', fd: 3, length: LIMIT_1K + 1 })).toEqual(ERR('EFBIG'));
  });

  it('with 4 KiB blocks the same write is whole', () => {
    const w = must(ext4(4096), openSc('/f', O_CREAT | O_RDWR));
    expect(res(w, { call: 'pwrite64', fd: 3, data: 'ab', offset: LIMIT_1K })).toEqual({ ok: true, ret: 2 });
  });
});

describe('copy_file_range over a hole (measured: 8 bytes at 0, a byte at 8192, all 8193 copied)', () => {
  const withSource = (w: World): World =>
    must(
      w,
      openSc('/s', O_CREAT | O_RDWR),
      openSc('/d', O_CREAT | O_RDWR),
      { call: 'pwrite64', fd: 3, data: '12345678', offset: 0 },
      { call: 'pwrite64', fd: 3, data: 'x', offset: 8192 },
    );
  const cfr: Syscall = { call: 'copy_file_range', fd_in: 3, off_in: 0, fd_out: 4, off_out: 0, len: 8193, flags: 0 };

  it('ext4 and tmpfs copy through the page cache: the hole becomes written zeros (24 st_blocks, no hole)', () => {
    for (const w0 of [ext4(4096), boot('tmpfs')]) {
      const w = must(withSource(w0), cfr);
      expect(statOf(w, { call: 'fstat', fd: 4 }).st_blocks).toBe(24);
      expect(res(w, { call: 'lseek', fd: 4, offset: 0, whence: SEEK_HOLE })).toEqual({ ok: true, ret: 8193 });
    }
  });

  it('btrfs may clone instead, keeping the hole (16 st_blocks, SEEK_HOLE 4096): not answered', () => {
    expect(() => step(withSource(boot('btrfs')), 1, cfr)).toThrow(Unmodelled);
  });

  it('btrfs over written data only is a copy either way, and answered', () => {
    const w = must(withSource(boot('btrfs')), { ...cfr, len: 8 });
    expect(statOf(w, { call: 'fstat', fd: 4 }).st_blocks).toBe(8);
  });
});
