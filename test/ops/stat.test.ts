// stat, lstat, fstat, newfstatat, statx (fs/stat.c), readlink (do_readlinkat), getdents64 (fs/readdir.c).
import { describe, expect, it } from 'vitest';
import {
  AT_EMPTY_PATH,
  AT_SYMLINK_NOFOLLOW,
  O_CREAT,
  O_DIRECTORY,
  O_PATH,
  O_RDONLY,
  O_RDWR,
} from '../../src/model/flags.js';
import { boot, ERR, must, openSc, res } from '../helpers/spec.js';

const stat = (w: Parameters<typeof res>[0], path: string) => {
  const r = res(w, { call: 'stat', path });
  if (r.ok !== true || r.stat === undefined) throw new Error(JSON.stringify(r));
  return r.stat;
};

describe('the stat family', () => {
  it('reports type and permission, links and size of a file, a symlink (lstat) and a fifo', () => {
    const w = must(
      boot(),
      openSc('/f', O_CREAT | O_RDWR, 0o640),
      { call: 'write', fd: 3, data: 'abc' },
      { call: 'symlink', target: 'f', linkpath: '/l' },
      { call: 'mknod', path: '/p', mode: 0o10600, dev: 0 },
    );
    expect(stat(w, '/f')).toMatchObject({ st_mode: 0o100640, st_nlink: 1, st_size: 3 });
    expect(stat(w, '/l')).toMatchObject({ st_mode: 0o100640 });
    expect(res(w, { call: 'lstat', path: '/l' })).toMatchObject({ stat: { st_mode: 0o120777, st_size: 1 } });
    expect(stat(w, '/p')).toMatchObject({ st_mode: 0o010600, st_size: 0 });
  });

  it('an unlinked open file has st_nlink 0; AT_EMPTY_PATH stats the fd, O_PATH ones too', () => {
    const w = must(boot(), openSc('/f', O_CREAT | O_RDWR), { call: 'unlink', path: '/f' }, openSc('/', O_PATH));
    expect(res(w, { call: 'fstat', fd: 3 })).toMatchObject({ stat: { st_nlink: 0 } });
    expect(res(w, { call: 'newfstatat', dirfd: 3, path: '', flags: AT_EMPTY_PATH })).toMatchObject({
      stat: { st_nlink: 0 },
    });
    expect(res(w, { call: 'fstat', fd: 4 }).ok).toBe(true);
  });

  it('directory links and sizes differ by file system: ext4, btrfs and tmpfs', () => {
    const sizes: Readonly<Record<'ext4' | 'btrfs' | 'tmpfs', readonly [number, number]>> = {
      ext4: [3, 4096],
      btrfs: [1, 4],
      tmpfs: [3, 80],
    };
    for (const fs of ['ext4', 'btrfs', 'tmpfs'] as const) {
      const w = must(
        boot(fs),
        { call: 'mkdir', path: '/d', mode: 0o755 },
        { call: 'mkdir', path: '/d/e', mode: 0o755 },
        openSc('/d/f', O_CREAT | O_RDWR),
      );
      const [nlink, size] = sizes[fs];
      expect(stat(w, '/d'), fs).toMatchObject({ st_nlink: nlink, st_size: size });
    }
  });

  it('errnos: ENOENT, ENOTDIR for a trailing slash on a file, EINVAL for unknown flags, EBADF', () => {
    const w = must(boot(), openSc('/f', O_CREAT | O_RDWR));
    expect(res(w, { call: 'stat', path: '/none' })).toEqual(ERR('ENOENT'));
    expect(res(w, { call: 'stat', path: '/f/' })).toEqual(ERR('ENOTDIR'));
    expect(res(w, { call: 'newfstatat', dirfd: -100, path: '/f', flags: 0x8000 })).toEqual(ERR('EINVAL'));
    expect(res(w, { call: 'statx', dirfd: -100, path: '/f', flags: 0, mask: 0x80000000 })).toEqual(ERR('EINVAL'));
    expect(res(w, { call: 'fstat', fd: 42 })).toEqual(ERR('EBADF'));
    expect(res(w, { call: 'statx', dirfd: -100, path: '/f', flags: AT_SYMLINK_NOFOLLOW, mask: 0x7ff }).ok).toBe(true);
  });
});

describe('readlink', () => {
  it('reads a target, cut to bufsiz; EINVAL for a non-link or bufsiz 0', () => {
    const w = must(boot(), { call: 'symlink', target: 'some/where', linkpath: '/l' }, openSc('/f', O_CREAT | O_RDWR));
    expect(res(w, { call: 'readlink', path: '/l', bufsiz: 64 })).toEqual({ ok: true, ret: 10, link: 'some/where' });
    expect(res(w, { call: 'readlink', path: '/l', bufsiz: 4 })).toEqual({ ok: true, ret: 4, link: 'some' });
    expect(res(w, { call: 'readlink', path: '/f', bufsiz: 64 })).toEqual(ERR('EINVAL'));
    expect(res(w, { call: 'readlink', path: '/l', bufsiz: 0 })).toEqual(ERR('EINVAL'));
  });

  it('reads /proc/self/fd/N as the path, with " (deleted)" once the name is gone', () => {
    let w = must(boot(), { call: 'mkdir', path: '/d', mode: 0o755 }, openSc('/d/f', O_CREAT | O_RDWR));
    expect(res(w, { call: 'readlink', path: '/proc/self/fd/3', bufsiz: 64 })).toMatchObject({ link: '/d/f' });
    w = must(w, { call: 'unlink', path: '/d/f' });
    expect(res(w, { call: 'readlink', path: '/proc/self/fd/3', bufsiz: 64 })).toMatchObject({ link: '/d/f (deleted)' });
  });
});

describe('getdents64', () => {
  it('lists ".", ".." and the names; then 0 at the end', () => {
    const w = must(
      boot(),
      openSc('/a', O_CREAT | O_RDWR),
      { call: 'mkdir', path: '/b', mode: 0o755 },
      openSc('/', O_RDONLY | O_DIRECTORY),
    );
    const r = res(w, { call: 'getdents64', fd: 4, count: 4096 });
    expect(r.ok === true && r.dents?.map((d) => d.d_name)).toEqual(['.', '..', 'a', 'b']);
    expect(r.ok === true && r.ret).toBe(24 + 24 + 24 + 24);
    const again = must(w, { call: 'getdents64', fd: 4, count: 4096 });
    expect(res(again, { call: 'getdents64', fd: 4, count: 4096 })).toEqual({ ok: true, ret: 0, dents: [] });
  });

  it('lists newest first on tmpfs', () => {
    const w = must(
      boot('tmpfs'),
      openSc('/a', O_CREAT | O_RDWR),
      openSc('/b', O_CREAT | O_RDWR),
      openSc('/', O_RDONLY),
    );
    const r = res(w, { call: 'getdents64', fd: 5, count: 4096 });
    expect(r.ok === true && r.dents?.map((d) => d.d_name)).toEqual(['.', '..', 'b', 'a']);
  });

  it('EINVAL when no record fits, ENOTDIR on a file, ENOENT in a removed directory, EBADF', () => {
    const w = must(
      boot(),
      { call: 'mkdir', path: '/d', mode: 0o755 },
      openSc('/d', O_RDONLY),
      openSc('/f', O_CREAT | O_RDWR),
    );
    expect(res(w, { call: 'getdents64', fd: 3, count: 8 })).toEqual(ERR('EINVAL'));
    expect(res(w, { call: 'getdents64', fd: 4, count: 4096 })).toEqual(ERR('ENOTDIR'));
    expect(res(must(w, { call: 'rmdir', path: '/d' }), { call: 'getdents64', fd: 3, count: 4096 })).toEqual(
      ERR('ENOENT'),
    );
    expect(res(w, { call: 'getdents64', fd: 9, count: 4096 })).toEqual(ERR('EBADF'));
  });
});
