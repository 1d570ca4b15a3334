// link, linkat (fs/namei.c do_linkat, vfs_link), unlink, unlinkat, rmdir (do_unlinkat, do_rmdir),
// rename, renameat, renameat2 (do_renameat2, vfs_rename).
import { describe, expect, it } from 'vitest';
import {
  AT_EMPTY_PATH,
  AT_REMOVEDIR,
  AT_SYMLINK_FOLLOW,
  MS_BIND,
  O_CREAT,
  O_RDWR,
  RENAME_EXCHANGE,
  RENAME_NOREPLACE,
} from '../../src/model/flags.js';
import { rSb } from '../../src/ops/vfs/world-draft.js';
import { step } from '../../src/ops/run/step.js';
import { boot, call, ERR, must, openSc, res } from '../helpers/spec.js';

const OK0 = { ok: true, ret: 0 };
const nlink = (w: Parameters<typeof res>[0], path: string): number => {
  const r = res(w, { call: 'lstat', path });
  return r.ok === true ? (r.stat?.st_nlink ?? -1) : -1;
};

describe('link and linkat', () => {
  it('adds a name: i_nlink goes up, both names are one inode', () => {
    const w = must(boot(), openSc('/a', O_CREAT | O_RDWR), { call: 'link', oldpath: '/a', newpath: '/b' });
    expect(nlink(w, '/a')).toBe(2);
  });

  it('EEXIST, EPERM for a directory, ENOENT for a missing source, EINVAL for unknown flags', () => {
    const w = must(boot(), openSc('/a', O_CREAT | O_RDWR), { call: 'mkdir', path: '/d', mode: 0o755 });
    expect(res(w, { call: 'link', oldpath: '/a', newpath: '/a' })).toEqual(ERR('EEXIST'));
    expect(res(w, { call: 'link', oldpath: '/d', newpath: '/d2' })).toEqual(ERR('EPERM'));
    expect(res(w, { call: 'link', oldpath: '/none', newpath: '/x' })).toEqual(ERR('ENOENT'));
    expect(
      res(w, { call: 'linkat', olddirfd: -100, oldpath: '/a', newdirfd: -100, newpath: '/x', flags: 0x8000 }),
    ).toEqual(ERR('EINVAL'));
  });

  it('links a symlink itself unless AT_SYMLINK_FOLLOW', () => {
    const w = must(boot(), openSc('/a', O_CREAT | O_RDWR), { call: 'symlink', target: 'a', linkpath: '/s' });
    const plain = must(w, { call: 'linkat', olddirfd: -100, oldpath: '/s', newdirfd: -100, newpath: '/h', flags: 0 });
    expect(nlink(plain, '/s')).toBe(2);
    const follow = must(w, {
      call: 'linkat',
      olddirfd: -100,
      oldpath: '/s',
      newdirfd: -100,
      newpath: '/h',
      flags: AT_SYMLINK_FOLLOW,
    });
    expect(nlink(follow, '/a')).toBe(2);
  });

  it('refuses an unlinked inode (i_nlink 0, not I_LINKABLE) with ENOENT, by fd or through /proc', () => {
    const w = must(boot(), openSc('/a', O_CREAT | O_RDWR), { call: 'unlink', path: '/a' });
    expect(
      res(w, { call: 'linkat', olddirfd: 3, oldpath: '', newdirfd: -100, newpath: '/b', flags: AT_EMPTY_PATH }),
    ).toEqual(ERR('ENOENT'));
    expect(
      res(w, {
        call: 'linkat',
        olddirfd: -100,
        oldpath: '/proc/self/fd/3',
        newdirfd: -100,
        newpath: '/b',
        flags: AT_SYMLINK_FOLLOW,
      }),
    ).toEqual(ERR('ENOENT'));
  });

  it('links a live file through /proc/self/fd/N with AT_SYMLINK_FOLLOW, but without it the link is on procfs (EXDEV)', () => {
    const w = must(boot(), openSc('/a', O_CREAT | O_RDWR));
    expect(
      res(w, {
        call: 'linkat',
        olddirfd: -100,
        oldpath: '/proc/self/fd/3',
        newdirfd: -100,
        newpath: '/b',
        flags: AT_SYMLINK_FOLLOW,
      }),
    ).toEqual(OK0);
    expect(
      res(w, { call: 'linkat', olddirfd: -100, oldpath: '/proc/self/fd/3', newdirfd: -100, newpath: '/b', flags: 0 }),
    ).toEqual(ERR('EXDEV'));
  });

  it('is EXDEV across mounts even of one file system (a bind mount)', () => {
    const w = must(
      boot(),
      { call: 'mkdir', path: '/s', mode: 0o755 },
      { call: 'mkdir', path: '/b', mode: 0o755 },
      openSc('/s/f', O_CREAT | O_RDWR),
      { call: 'mount', source: '/s', target: '/b', fstype: '', flags: MS_BIND, data: '' },
    );
    expect(res(w, { call: 'link', oldpath: '/b/f', newpath: '/s/g' })).toEqual(ERR('EXDEV'));
    expect(res(w, { call: 'rename', oldpath: '/b/f', newpath: '/s/g' })).toEqual(ERR('EXDEV'));
    expect(res(w, { call: 'link', oldpath: '/b/f', newpath: '/b/g' })).toEqual(OK0);
  });

  it('is EMLINK at ext4\u2019s 65000 links', () => {
    let w = must(boot(), openSc('/a', O_CREAT | O_RDWR));
    w = {
      ...w,
      inodes: Object.fromEntries(
        Object.entries(w.inodes).map(([k, i]) => [k, i.type === 'reg' ? { ...i, i_nlink: 65000 } : i]),
      ),
    };
    // The count is set by hand (65000 names would be slow), so only the answer and "nothing changed" are checked.
    const out = step(w, 1, { call: 'link', oldpath: '/a', newpath: '/b' });
    expect(out.result).toEqual(ERR('EMLINK'));
    expect(out.world).toBe(w);
  });
});

describe('unlink, unlinkat and rmdir', () => {
  it('unlink of an open file keeps the inode, on the ext4 orphan list; the last close frees it', () => {
    const w = must(boot(), openSc('/a', O_CREAT | O_RDWR), { call: 'unlink', path: '/a' });
    const sb = Object.values(w.superblocks).find((s) => s.s_type === 'ext4');
    expect(sb?.s_orphans).toHaveLength(1);
    const closed = must(w, { call: 'close', fd: 3 });
    expect(rSb(closed, sb?.id ?? 0).s_orphans).toHaveLength(0);
  });

  it('EISDIR for a directory, ENOTDIR for "file/", ENOENT, EINVAL for unknown flags', () => {
    const w = must(boot(), openSc('/a', O_CREAT | O_RDWR), { call: 'mkdir', path: '/d', mode: 0o755 });
    expect(res(w, { call: 'unlink', path: '/d' })).toEqual(ERR('EISDIR'));
    expect(res(w, { call: 'unlink', path: '/a/' })).toEqual(ERR('ENOTDIR'));
    expect(res(w, { call: 'unlink', path: '/none' })).toEqual(ERR('ENOENT'));
    expect(res(w, { call: 'unlinkat', dirfd: -100, path: '/d', flags: 0x4 })).toEqual(ERR('EINVAL'));
    expect(res(w, { call: 'unlinkat', dirfd: -100, path: '/d', flags: AT_REMOVEDIR })).toEqual(OK0);
  });

  it('rmdir: ENOTEMPTY, EINVAL for ".", ENOTEMPTY for "..", EBUSY for a mountpoint', () => {
    const w = must(
      boot(),
      { call: 'mkdir', path: '/d', mode: 0o755 },
      { call: 'mkdir', path: '/d/e', mode: 0o755 },
      { call: 'mkdir', path: '/m', mode: 0o755 },
    );
    const m = must(w, { call: 'mount', source: 'none', target: '/m', fstype: 'tmpfs', flags: 0, data: '' });
    expect(res(w, { call: 'rmdir', path: '/d' })).toEqual(ERR('ENOTEMPTY'));
    expect(res(w, { call: 'rmdir', path: '/d/.' })).toEqual(ERR('EINVAL'));
    expect(res(w, { call: 'rmdir', path: '/d/e/..' })).toEqual(ERR('ENOTEMPTY'));
    expect(res(m, { call: 'rmdir', path: '/m' })).toEqual(ERR('EBUSY'));
  });

  it('a removed directory is dead: creating in it is ENOENT, and the parent loses a link', () => {
    let w = must(boot(), { call: 'mkdir', path: '/d', mode: 0o755 }, { call: 'chdir', path: '/d' });
    w = must(w, { call: 'rmdir', path: '/d' });
    expect(res(w, openSc('x', O_CREAT | O_RDWR))).toEqual(ERR('ENOENT'));
    expect(nlink(w, '/')).toBe(2);
  });

  it('in a sticky directory only the owner removes a name (EPERM)', () => {
    let w = must(boot(), { call: 'mkdir', path: '/t', mode: 0o777 }, openSc('/t/f', O_CREAT | O_RDWR, 0o666), {
      call: 'fork',
      child: 2,
    });
    w = must(w, { call: 'umask', mask: 0 });
    w = {
      ...w,
      inodes: Object.fromEntries(
        Object.entries(w.inodes).map(([k, i]) => [
          k,
          i.type === 'dir' && i.i_ino !== 2 ? { ...i, i_mode: 0o41777 } : i,
        ]),
      ),
    };
    w = call(w, { call: 'setuid', uid: 1000 }, 2).world;
    expect(call(w, { call: 'unlink', path: '/t/f' }, 2).result).toEqual(ERR('EPERM'));
  });
});

describe('rename, renameat and renameat2', () => {
  const two = () =>
    must(boot(), openSc('/a', O_CREAT | O_RDWR), openSc('/b', O_CREAT | O_RDWR), {
      call: 'mkdir',
      path: '/d',
      mode: 0o755,
    });

  it('moves a name, replacing a file (which becomes an open, unlinked file if held)', () => {
    const w = must(two(), { call: 'rename', oldpath: '/a', newpath: '/b' });
    expect(res(w, { call: 'stat', path: '/a' })).toEqual(ERR('ENOENT'));
    expect(res(w, { call: 'fstat', fd: 4 })).toMatchObject({ stat: { st_nlink: 0 } });
  });

  it('two names of one inode: a successful no-op', () => {
    const w = must(
      two(),
      { call: 'link', oldpath: '/a', newpath: '/a2' },
      { call: 'rename', oldpath: '/a', newpath: '/a2' },
    );
    expect(nlink(w, '/a')).toBe(2);
  });

  it('RENAME_NOREPLACE is EEXIST; RENAME_EXCHANGE swaps, and needs both names (ENOENT)', () => {
    const w = two();
    const r2 = (oldpath: string, newpath: string, flags: number) => ({
      call: 'renameat2' as const,
      olddirfd: -100,
      oldpath,
      newdirfd: -100,
      newpath,
      flags,
    });
    expect(res(w, r2('/a', '/b', RENAME_NOREPLACE))).toEqual(ERR('EEXIST'));
    expect(res(w, r2('/a', '/none', RENAME_EXCHANGE))).toEqual(ERR('ENOENT'));
    expect(res(w, r2('/a', '/b', RENAME_EXCHANGE | RENAME_NOREPLACE))).toEqual(ERR('EINVAL'));
    const x = must(w, r2('/a', '/d', RENAME_EXCHANGE));
    expect(res(x, { call: 'stat', path: '/a' })).toMatchObject({ stat: { st_mode: 0o40755 } });
  });

  it('EISDIR, ENOTDIR, ENOTEMPTY, EINVAL into its own subtree, EBUSY for "."', () => {
    const w = must(two(), { call: 'mkdir', path: '/d/e', mode: 0o755 }, { call: 'mkdir', path: '/f', mode: 0o755 });
    expect(res(w, { call: 'rename', oldpath: '/a', newpath: '/d' })).toEqual(ERR('EISDIR'));
    expect(res(w, { call: 'rename', oldpath: '/d', newpath: '/a' })).toEqual(ERR('ENOTDIR'));
    expect(res(w, { call: 'rename', oldpath: '/f', newpath: '/d' })).toEqual(ERR('ENOTEMPTY'));
    expect(res(w, { call: 'rename', oldpath: '/d', newpath: '/d/e/x' })).toEqual(ERR('EINVAL'));
    expect(res(w, { call: 'rename', oldpath: '/d/.', newpath: '/x' })).toEqual(ERR('EBUSY'));
    expect(res(w, { call: 'rename', oldpath: '/a/', newpath: '/x' })).toEqual(ERR('ENOTDIR'));
  });

  it('moving a directory moves its ".." link between parents (not on btrfs)', () => {
    for (const fs of ['ext4', 'btrfs'] as const) {
      const w = must(
        boot(fs),
        { call: 'mkdir', path: '/p', mode: 0o755 },
        { call: 'mkdir', path: '/q', mode: 0o755 },
        { call: 'mkdir', path: '/p/c', mode: 0o755 },
        { call: 'rename', oldpath: '/p/c', newpath: '/q/c' },
      );
      expect([nlink(w, '/p'), nlink(w, '/q')], fs).toEqual(fs === 'btrfs' ? [1, 1] : [2, 3]);
    }
  });
});
