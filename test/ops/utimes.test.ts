/**
 * utimensat (fs/utimes.c), each expectation measured on this machine by
 * test/corpus/programs/creds/times.c and times-forms.c (their .log beside them). The model keeps
 * no timestamps: only the answer is specified, and that nothing else changes.
 */
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { AT_EMPTY_PATH, AT_FDCWD, AT_REMOVEDIR, AT_SYMLINK_NOFOLLOW, O_PATH, O_RDONLY } from '../../src/model/flags.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { timespec, timespecsBytes, UTIME_NOW, UTIME_OMIT } from '../../src/model/syscall/timespecs.js';
import type { World } from '../../src/model/world.js';
import { inodeOf } from '../../src/ops/vfs/world-draft.js';
import { asUser } from '../helpers/as-user.js';
import { walk } from '../helpers/fixtures.js';
import { ERR, boot, call, must, res } from '../helpers/spec.js';

const OK0 = { ok: true, ret: 0 };
const U1 = 1000;
const U2 = 1001;

const NULL_TIMES = '';
const NOW = timespecsBytes([timespec(0, UTIME_NOW), timespec(0, UTIME_NOW)]);
const SET = timespecsBytes([timespec(1e9, 0), timespec(1e9, 0)]);
const NOW_OMIT = timespecsBytes([timespec(0, UTIME_NOW), timespec(0, UTIME_OMIT)]);
const OMIT = timespecsBytes([timespec(0, UTIME_OMIT), timespec(0, UTIME_OMIT)]);
const BAD = timespecsBytes([timespec(0, 1e9), timespec(0, 0)]);

/** utimensat(dirfd, pathname, times, flags); an undefined pathname is NULL. */
function utimensat(dirfd: number, pathname: string | undefined, times: string, flags = 0): Syscall {
  return pathname === undefined
    ? { call: 'utimensat', dirfd, times, flags }
    : { call: 'utimensat', dirfd, pathname, times, flags };
}
const at = (pathname: string, times: string, flags = 0): Syscall => utimensat(AT_FDCWD, pathname, times, flags);

/** /mine 0644, /shared 0666 and /ro 0444, all owned by 1000:1000; a symlink /l to mine; /d. */
function world(): World {
  const w = must(
    boot(),
    ...['/mine', '/shared', '/ro'].flatMap((path): Syscall[] => [
      { call: 'open', path, flags: 0o101, mode: 0o644 },
      { call: 'close', fd: 3 },
    ]),
    { call: 'symlink', target: 'mine', linkpath: '/l' },
    { call: 'mkdir', path: '/d', mode: 0o755 },
  );
  return produce(w, (d) => {
    for (const [path, mode] of [
      ['/mine', 0o644],
      ['/shared', 0o666],
      ['/ro', 0o444],
    ] as const) {
      const ino = d.dentries[walk(d, path).dentry]?.d_inode;
      if (ino === undefined || ino === null) throw new Error(`no ${path}`);
      const i = inodeOf(d, ino);
      i.i_mode = (i.i_mode & ~0o7777) | mode;
      i.i_uid = U1;
      i.i_gid = U1;
    }
  });
}

const other = (): World => asUser(world(), U2, U2);
const owner = (): World => asUser(world(), U1, U1);

describe('utimensat: who may set the times (fs/attr.c: may_setattr, setattr_prepare)', () => {
  it('NULL times (a touch) need write permission from anyone but the owner', () => {
    expect(res(other(), at('/shared', NULL_TIMES))).toEqual(OK0);
    expect(res(other(), at('/mine', NULL_TIMES))).toEqual(ERR('EACCES'));
  });

  it('both UTIME_NOW is a touch, as NULL is', () => {
    expect(res(other(), at('/shared', NOW))).toEqual(OK0);
  });

  it('explicit times need the owner, even on a file anyone may write', () => {
    expect(res(other(), at('/shared', SET))).toEqual(ERR('EPERM'));
    expect(res(other(), at('/mine', SET))).toEqual(ERR('EPERM'));
  });

  it('UTIME_NOW with UTIME_OMIT counts as explicit times', () => {
    expect(res(other(), at('/shared', NOW_OMIT))).toEqual(ERR('EPERM'));
  });

  it('the owner may set and touch its file without write permission', () => {
    expect(res(owner(), at('/ro', SET))).toEqual(OK0);
    expect(res(owner(), at('/ro', NULL_TIMES))).toEqual(OK0);
  });

  it('root may set the times of any file (CAP_FOWNER)', () => {
    expect(res(world(), at('/mine', SET))).toEqual(OK0);
  });

  it('changes nothing in the world, which keeps no timestamps', () => {
    const w = world();
    expect(call(w, at('/mine', SET)).world).toBe(w);
  });
});

describe('utimensat: what is checked, and in which order (fs/utimes.c)', () => {
  it('both UTIME_OMIT return 0 before the name or the flags are looked at', () => {
    expect(res(other(), at('/mine', OMIT))).toEqual(OK0);
    expect(res(other(), at('/none', OMIT, AT_REMOVEDIR))).toEqual(OK0);
  });

  it('a tv_nsec out of range is EINVAL before the permission check', () => {
    expect(res(other(), at('/mine', BAD))).toEqual(ERR('EINVAL'));
  });

  it('flags beyond AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH are EINVAL', () => {
    expect(res(world(), at('/mine', SET, AT_REMOVEDIR))).toEqual(ERR('EINVAL'));
  });

  it('times that cannot be read whole are EFAULT', () => {
    expect(res(world(), at('/mine', SET.slice(0, 16)))).toEqual(ERR('EFAULT'));
  });

  it('a read-only mount is EROFS, after an invalid tv_nsec', () => {
    const w = must(world(), { call: 'mount', source: 'none', target: '/d', fstype: 'tmpfs', flags: 1, data: '' });
    expect(res(w, at('/d', BAD))).toEqual(ERR('EINVAL'));
    expect(res(w, at('/d', NULL_TIMES))).toEqual(ERR('EROFS'));
    expect(res(w, at('/d', SET))).toEqual(ERR('EROFS'));
  });

  it('AT_SYMLINK_NOFOLLOW asks about the symlink itself, which anyone may write', () => {
    expect(res(other(), at('/l', NULL_TIMES, AT_SYMLINK_NOFOLLOW))).toEqual(OK0);
    expect(res(other(), at('/l', SET, AT_SYMLINK_NOFOLLOW))).toEqual(ERR('EPERM'));
    expect(res(other(), at('/l', NULL_TIMES))).toEqual(ERR('EACCES'));
  });
});

describe('utimensat with a NULL name (futimens) or an empty one', () => {
  it("names the descriptor's file, asking about its inode as a name would", () => {
    const shared = must(other(), { call: 'open', path: '/shared', flags: O_RDONLY, mode: 0 });
    expect(res(shared, utimensat(3, undefined, NULL_TIMES))).toEqual(OK0);
    const mine = must(other(), { call: 'open', path: '/mine', flags: O_RDONLY, mode: 0 });
    expect(res(mine, utimensat(3, undefined, NULL_TIMES))).toEqual(ERR('EACCES'));
    expect(res(mine, utimensat(3, undefined, SET))).toEqual(ERR('EPERM'));
  });

  it('takes no flags (EINVAL)', () => {
    const w = must(other(), { call: 'open', path: '/shared', flags: O_RDONLY, mode: 0 });
    expect(res(w, utimensat(3, undefined, NULL_TIMES, AT_SYMLINK_NOFOLLOW))).toEqual(ERR('EINVAL'));
  });

  it('is EFAULT with AT_FDCWD, AT_EMPTY_PATH or not (getname of NULL)', () => {
    expect(res(world(), utimensat(AT_FDCWD, undefined, NULL_TIMES))).toEqual(ERR('EFAULT'));
    expect(res(world(), utimensat(AT_FDCWD, undefined, NULL_TIMES, AT_EMPTY_PATH))).toEqual(ERR('EFAULT'));
  });

  it('is EBADF for a closed or an O_PATH descriptor (fdget)', () => {
    expect(res(world(), utimensat(42, undefined, NULL_TIMES))).toEqual(ERR('EBADF'));
    const w = must(world(), { call: 'open', path: '/mine', flags: O_PATH, mode: 0 });
    expect(res(w, utimensat(3, undefined, NULL_TIMES))).toEqual(ERR('EBADF'));
  });

  it('an empty name is ENOENT without AT_EMPTY_PATH, and with it the descriptor, O_PATH included, or the cwd', () => {
    const w = must(world(), { call: 'open', path: '/mine', flags: O_PATH, mode: 0 });
    expect(res(w, utimensat(3, '', NULL_TIMES))).toEqual(ERR('ENOENT'));
    expect(res(w, utimensat(3, '', NULL_TIMES, AT_EMPTY_PATH))).toEqual(OK0);
    expect(res(w, at('', NULL_TIMES, AT_EMPTY_PATH))).toEqual(OK0);
    const mine = must(other(), { call: 'open', path: '/mine', flags: O_RDONLY, mode: 0 });
    expect(res(mine, utimensat(3, '', NULL_TIMES, AT_EMPTY_PATH))).toEqual(ERR('EACCES'));
  });
});
