// read, write, pread64, pwrite64, lseek, truncate, ftruncate (fs/read_write.c, fs/open.c).
import { describe, expect, it } from 'vitest';
import {
  O_APPEND,
  O_CREAT,
  O_NONBLOCK,
  O_PATH,
  O_RDONLY,
  O_RDWR,
  O_WRONLY,
  SEEK_CUR,
  SEEK_DATA,
  SEEK_END,
  SEEK_HOLE,
  SEEK_SET,
} from '../../src/model/flags.js';
import { step } from '../../src/ops/run/step.js';
import { boot, ERR, must, openSc, res } from '../helpers/spec.js';

const withFile = (data: string) => must(boot(), openSc('/f', O_CREAT | O_RDWR), { call: 'write', fd: 3, data });

describe('read and write', () => {
  it('read returns what is there from f_pos and advances it; 0 at the end', () => {
    const w = must(withFile('0123456789'), { call: 'lseek', fd: 3, offset: 6, whence: SEEK_SET });
    expect(res(w, { call: 'read', fd: 3, count: 100 })).toEqual({ ok: true, ret: 4, data: '6789' });
    const end = must(w, { call: 'read', fd: 3, count: 100 });
    expect(res(end, { call: 'read', fd: 3, count: 100 })).toEqual({ ok: true, ret: 0, data: '' });
  });

  it('a write past the end leaves a hole that reads as NUL bytes', () => {
    const w = must(withFile('ab'), { call: 'pwrite64', fd: 3, data: 'Z', offset: 5 });
    expect(res(w, { call: 'pread64', fd: 3, count: 10, offset: 0 })).toMatchObject({ data: 'ab\0\0\0Z' });
  });

  it('pwrite on an O_APPEND file appends anyway (Linux)', () => {
    const w = must(withFile('abc'), openSc('/f', O_WRONLY | O_APPEND), {
      call: 'pwrite64',
      fd: 4,
      data: 'Z',
      offset: 0,
    });
    expect(res(w, { call: 'pread64', fd: 3, count: 10, offset: 0 })).toMatchObject({ data: 'abcZ' });
  });

  it('EBADF for a file not open for that direction and for O_PATH files', () => {
    const w = must(withFile('x'), openSc('/f', O_RDONLY), openSc('/f', O_WRONLY), openSc('/f', O_PATH));
    expect(res(w, { call: 'write', fd: 4, data: 'y' })).toEqual(ERR('EBADF'));
    expect(res(w, { call: 'read', fd: 5, count: 1 })).toEqual(ERR('EBADF'));
    expect(res(w, { call: 'read', fd: 6, count: 1 })).toEqual(ERR('EBADF'));
  });

  it('reading a directory is EISDIR; a negative pread offset is EINVAL', () => {
    const w = must(boot(), openSc('/', O_RDONLY));
    expect(res(w, { call: 'read', fd: 3, count: 1 })).toEqual(ERR('EISDIR'));
    expect(res(withFile('x'), { call: 'pread64', fd: 3, count: 1, offset: -1 })).toEqual(ERR('EINVAL'));
  });

  it('GiB-sized files cost nothing until written', () => {
    const w = must(
      withFile(''),
      { call: 'ftruncate', fd: 3, length: 2 ** 32 },
      { call: 'pwrite64', fd: 3, data: 'end', offset: 2 ** 32 - 3 },
    );
    expect(res(w, { call: 'pread64', fd: 3, count: 8, offset: 2 ** 32 - 5 })).toMatchObject({ data: '\0\0end' });
    expect(res(w, { call: 'fstat', fd: 3 })).toMatchObject({ stat: { st_size: 2 ** 32 } });
  });
});

describe('lseek', () => {
  it('SEEK_SET, SEEK_CUR and SEEK_END; a negative result or a bad whence is EINVAL', () => {
    const w = withFile('0123456789');
    expect(res(w, { call: 'lseek', fd: 3, offset: -3, whence: SEEK_END })).toEqual({ ok: true, ret: 7 });
    expect(res(w, { call: 'lseek', fd: 3, offset: 0, whence: SEEK_CUR })).toEqual({ ok: true, ret: 10 });
    expect(res(w, { call: 'lseek', fd: 3, offset: -11, whence: SEEK_END })).toEqual(ERR('EINVAL'));
    expect(res(w, { call: 'lseek', fd: 3, offset: 0, whence: 17 })).toEqual(ERR('EINVAL'));
  });

  it('SEEK_DATA and SEEK_HOLE see 4 KiB blocks; at or past the end they are ENXIO', () => {
    const w = must(withFile('x'), { call: 'pwrite64', fd: 3, data: 'y', offset: 1 << 20 });
    expect(res(w, { call: 'lseek', fd: 3, offset: 0, whence: SEEK_HOLE })).toEqual({ ok: true, ret: 4096 });
    expect(res(w, { call: 'lseek', fd: 3, offset: 8192, whence: SEEK_DATA })).toEqual({ ok: true, ret: 1 << 20 });
    expect(res(w, { call: 'lseek', fd: 3, offset: (1 << 20) + 1, whence: SEEK_DATA })).toEqual(ERR('ENXIO'));
  });

  it('a fifo cannot seek: ESPIPE, as for pread and pwrite', () => {
    const w = must(boot(), { call: 'mknod', path: '/p', mode: 0o10600, dev: 0 }, openSc('/p', O_RDWR));
    expect(res(w, { call: 'lseek', fd: 3, offset: 0, whence: SEEK_SET })).toEqual(ERR('ESPIPE'));
    expect(res(w, { call: 'pread64', fd: 3, count: 1, offset: 0 })).toEqual(ERR('ESPIPE'));
  });
});

describe('truncate and ftruncate', () => {
  it('shrink and grow the file; an unlinked open file can be truncated', () => {
    const w = must(withFile('0123456789'), { call: 'unlink', path: '/f' }, { call: 'ftruncate', fd: 3, length: 4 });
    expect(res(w, { call: 'pread64', fd: 3, count: 10, offset: 0 })).toMatchObject({ data: '0123' });
  });

  it('truncate: EISDIR for a directory, EINVAL for a negative length or a fifo, ENOENT', () => {
    const w = must(
      boot(),
      { call: 'mkdir', path: '/d', mode: 0o755 },
      { call: 'mknod', path: '/p', mode: 0o10600, dev: 0 },
    );
    expect(res(w, { call: 'truncate', path: '/d', length: 0 })).toEqual(ERR('EISDIR'));
    expect(res(w, { call: 'truncate', path: '/p', length: 0 })).toEqual(ERR('EINVAL'));
    expect(res(w, { call: 'truncate', path: '/d', length: -1 })).toEqual(ERR('EINVAL'));
    expect(res(w, { call: 'truncate', path: '/none', length: 0 })).toEqual(ERR('ENOENT'));
  });

  it('ftruncate of a file not open for writing is EINVAL, of a bad fd EBADF', () => {
    const w = must(withFile('x'), openSc('/f', O_RDONLY));
    expect(res(w, { call: 'ftruncate', fd: 4, length: 0 })).toEqual(ERR('EINVAL'));
    expect(res(w, { call: 'ftruncate', fd: 9, length: 0 })).toEqual(ERR('EBADF'));
  });
});

describe('fifo reads and writes (fs/pipe.c)', () => {
  const fifo = (flags = O_RDWR | O_NONBLOCK) =>
    must(boot(), { call: 'mknod', path: '/p', mode: 0o10600, dev: 0 }, openSc('/p', flags));

  it('data comes out in order; an empty fifo with a writer is EAGAIN when non-blocking', () => {
    const w = must(fifo(), { call: 'write', fd: 3, data: 'hello' });
    expect(res(w, { call: 'read', fd: 3, count: 3 })).toEqual({ ok: true, ret: 3, data: 'hel' });
    const empty = must(w, { call: 'read', fd: 3, count: 10 });
    expect(res(empty, { call: 'read', fd: 3, count: 10 })).toEqual(ERR('EAGAIN'));
  });

  it('holds 16 pages: small writes merge, then a full pipe is EAGAIN or a partial write', () => {
    let w = fifo();
    for (let i = 0; i < 16; i++) w = must(w, { call: 'write', fd: 3, data: 'x'.repeat(4096) });
    expect(res(w, { call: 'write', fd: 3, data: 'y' })).toEqual(ERR('EAGAIN'));
    let m = fifo();
    for (let i = 0; i < 10; i++) m = must(m, { call: 'write', fd: 3, data: 'ab' });
    expect(m.inodes[Object.values(m.inodes).find((x) => x.type === 'fifo')?.id ?? 0]?.i_pipe?.pages).toHaveLength(1);
  });

  it('without writers a read is EOF (0); without readers a write is EPIPE', () => {
    const r = must(fifo(O_RDONLY | O_NONBLOCK));
    expect(res(r, { call: 'read', fd: 3, count: 1 })).toEqual({ ok: true, ret: 0, data: '' });
    const w = must(
      boot(),
      { call: 'mknod', path: '/p', mode: 0o10600, dev: 0 },
      openSc('/p', O_RDWR),
      openSc('/p', O_WRONLY),
      { call: 'close', fd: 3 },
    );
    expect(res(w, { call: 'write', fd: 4, data: 'x' })).toEqual(ERR('EPIPE'));
  });

  it('a blocking read of an empty fifo sleeps and is woken by a write', () => {
    const w = must(boot(), { call: 'mknod', path: '/p', mode: 0o10600, dev: 0 }, openSc('/p', O_RDWR), {
      call: 'fork',
      child: 2,
    });
    const sleeping = step(w, 2, { call: 'read', fd: 3, count: 5 });
    expect(sleeping.result.ok).toBe('blocked');
    const woken = step(sleeping.world, 1, { call: 'write', fd: 3, data: 'hi' });
    expect(woken.wakeups).toEqual([
      { pid: 2, syscall: { call: 'read', fd: 3, count: 5 }, result: { ok: true, ret: 2, data: 'hi' } },
    ]);
  });
});
