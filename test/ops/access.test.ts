/**
 * access, faccessat and faccessat2 (fs/open.c: do_faccessat). Each rule was measured under
 * `strace -f -v -s 256` on this machine (Linux 6.18, ext4, as root and as uid 1000 after
 * setgid/setuid; test/corpus/programs/access.c records most of them). 6.18's do_faccessat differs
 * from 6.1's only in skipping access_override_creds when it would change nothing
 * (access_need_override_creds) and in reading the name with getname_uflags: no answer here
 * depends on either, so the model follows 6.1 and agrees with both.
 */
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { Unmodelled } from '../../src/model/errors.js';
import {
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_SYMLINK_FOLLOW,
  AT_SYMLINK_NOFOLLOW,
  MS_BIND,
  MS_NOEXEC,
} from '../../src/model/flags.js';
import { MS_RDONLY, MS_REMOUNT, O_CREAT, O_PATH, O_RDWR } from '../../src/model/flags.js';
import { S_IMMUTABLE } from '../../src/model/inode.js';
import { renderCall } from '../../src/model/syscall/render.js';
import { AT_EACCESS, F_OK, R_OK, W_OK, X_OK } from '../../src/model/syscall/flag-sets.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { dentryOf, inodeOf } from '../../src/ops/vfs/world-draft.js';
import { walk } from '../helpers/fixtures.js';
import { boot, ERR, must, openSc, res } from '../helpers/spec.js';

const OK0 = { ok: true, ret: 0 };
const access = (path: string, mode: number): Syscall => ({ call: 'access', path, mode });
const faccessat2 = (dirfd: number, path: string, mode: number, flags: number): Syscall => ({
  call: 'faccessat2',
  dirfd,
  path,
  mode,
  flags,
});
const asUser: readonly Syscall[] = [
  { call: 'setgid', gid: 1000 },
  { call: 'setuid', uid: 1000 },
];
const mkdir = (path: string, mode = 0o755): Syscall => ({ call: 'mkdir', path, mode });
const mount = (source: string, target: string, fstype: string, flags: number, data = ''): Syscall => ({
  call: 'mount',
  source,
  target,
  fstype,
  flags,
  data,
});

/** /f 0644 open as fd 3, /x0 0000, /x100 0100, /x001 0001, /d0 0000, /p a 0644 fifo, links. */
function files(): World {
  return must(
    boot(),
    openSc('/f', O_CREAT | O_RDWR, 0o644),
    openSc('/x0', O_CREAT | O_RDWR, 0),
    { call: 'close', fd: 4 },
    openSc('/x100', O_CREAT | O_RDWR, 0o100),
    { call: 'close', fd: 4 },
    openSc('/x001', O_CREAT | O_RDWR, 0o001),
    { call: 'close', fd: 4 },
    mkdir('/d0', 0),
    { call: 'mknod', path: '/p', mode: 0o10644, dev: 0 },
    { call: 'symlink', target: 'nowhere', linkpath: '/dangling' },
    { call: 'symlink', target: 'f', linkpath: '/lf' },
  );
}

/** /m holds g (0644), e, lg -> g and a fifo p; /b binds it read-only (MNT_READONLY, not the superblock). */
function readonlyBind(): World {
  return must(
    boot(),
    mkdir('/m'),
    openSc('/m/g', O_CREAT | O_RDWR, 0o644),
    { call: 'close', fd: 3 },
    mkdir('/m/e'),
    { call: 'symlink', target: 'g', linkpath: '/m/lg' },
    { call: 'mknod', path: '/m/p', mode: 0o10644, dev: 0 },
    mkdir('/b'),
    mount('/m', '/b', '', MS_BIND),
    mount('', '/b', '', MS_REMOUNT | MS_BIND | MS_RDONLY),
  );
}

/** A tmpfs on /t holding g (0644) and a fifo p, remounted read-only (SB_RDONLY). */
function readonlyTmpfs(): World {
  return must(
    boot(),
    mkdir('/t'),
    mount('none', '/t', 'tmpfs', 0, 'mode=0755'),
    openSc('/t/g', O_CREAT | O_RDWR, 0o644),
    { call: 'close', fd: 3 },
    { call: 'mknod', path: '/t/p', mode: 0o10644, dev: 0 },
    mount('', '/t', '', MS_REMOUNT | MS_RDONLY),
  );
}

/** Set the immutable flag (FS_IOC_SETFLAGS, not modelled as a call) on what `name` leads to. */
function immutable(w: World, name: string): World {
  const p = walk(w, name);
  return produce(w, (d) => {
    const ino = dentryOf(d, p.dentry).d_inode;
    if (ino === null) throw new Error(`${name} is negative`);
    inodeOf(d, ino).i_flags |= S_IMMUTABLE;
  });
}

describe('access, faccessat, faccessat2: the arguments (do_faccessat)', () => {
  it('render as strace prints them: the mode by R_OK/W_OK/X_OK, 0 as F_OK, faccessat2 flags by AT_ name', () => {
    expect(renderCall(access('/x', R_OK | W_OK))).toBe('access("/x", R_OK|W_OK)');
    expect(renderCall(faccessat2(AT_FDCWD, 'x', F_OK, AT_EACCESS))).toBe('faccessat2(AT_FDCWD, "x", F_OK, AT_EACCESS)');
    expect(renderCall({ call: 'faccessat', dirfd: 3, path: '', mode: 8 })).toBe('faccessat(3, "", 0x8 /* ?_OK */)');
    expect(renderCall(access('f', -1))).toBe('access("f", R_OK|W_OK|X_OK|0xfffffff8)');
  });

  it('mode bits beyond S_IRWXO are EINVAL, before the name is looked up', () => {
    const w = files();
    expect(res(w, access('/none', 8))).toEqual(ERR('EINVAL'));
    expect(res(w, access('/f', -1))).toEqual(ERR('EINVAL'));
    expect(res(w, { call: 'faccessat', dirfd: AT_FDCWD, path: '/f', mode: 0x10 })).toEqual(ERR('EINVAL'));
  });

  it('faccessat2 flags beyond AT_EACCESS, AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH are EINVAL, before the lookup', () => {
    const w = files();
    expect(res(w, faccessat2(AT_FDCWD, '/none', F_OK, AT_SYMLINK_FOLLOW))).toEqual(ERR('EINVAL'));
    expect(res(w, faccessat2(AT_FDCWD, '/f', F_OK, 0x10000))).toEqual(ERR('EINVAL'));
    const all = AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH;
    expect(res(w, faccessat2(AT_FDCWD, '/f', R_OK | W_OK, all))).toEqual(OK0);
  });
});

describe('access: the lookup (user_path_at)', () => {
  it('F_OK asks only that the name resolves: ENOENT for a missing one, 0 for a file without permission bits', () => {
    const w = must(files(), ...asUser);
    expect(res(w, access('/none', F_OK))).toEqual(ERR('ENOENT'));
    expect(res(w, access('/x0', F_OK))).toEqual(OK0);
  });

  it('a trailing symlink is followed (LOOKUP_FOLLOW) unless AT_SYMLINK_NOFOLLOW', () => {
    const w = files();
    expect(res(w, access('/dangling', F_OK))).toEqual(ERR('ENOENT'));
    expect(res(w, faccessat2(AT_FDCWD, '/dangling', F_OK, AT_SYMLINK_NOFOLLOW))).toEqual(OK0);
  });

  it('an empty name is ENOENT unless AT_EMPTY_PATH, which asks about the dirfd itself (LOOKUP_EMPTY)', () => {
    const w = files();
    expect(res(w, access('', F_OK))).toEqual(ERR('ENOENT'));
    expect(res(w, { call: 'faccessat', dirfd: 3, path: '', mode: F_OK })).toEqual(ERR('ENOENT'));
    expect(res(w, faccessat2(3, '', R_OK | W_OK, AT_EMPTY_PATH))).toEqual(OK0);
    expect(res(w, faccessat2(AT_FDCWD, '', F_OK, AT_EMPTY_PATH))).toEqual(OK0);
  });

  it('a relative name needs a directory dirfd (path_init): ENOTDIR for a file, EBADF for a closed fd', () => {
    const w = files();
    expect(res(w, { call: 'faccessat', dirfd: 3, path: 'x', mode: F_OK })).toEqual(ERR('ENOTDIR'));
    expect(res(w, { call: 'faccessat', dirfd: 99, path: 'x', mode: F_OK })).toEqual(ERR('EBADF'));
  });

  it('a directory on the way needs search permission (may_lookup): EACCES', () => {
    const w = must(files(), ...asUser);
    expect(res(w, access('/d0/q', F_OK))).toEqual(ERR('EACCES'));
  });
});

describe('access: permission (inode_permission → generic_permission)', () => {
  it('root reads and writes whatever the mode bits say (CAP_DAC_OVERRIDE)', () => {
    const w = files();
    expect(res(w, access('/x0', R_OK | W_OK))).toEqual(OK0);
    expect(res(w, access('/d0', R_OK | W_OK | X_OK))).toEqual(OK0);
  });

  it("root's X_OK on a non-directory needs some exec bit: EACCES for 0000, 0644 and a 0644 fifo", () => {
    const w = files();
    expect(res(w, access('/x0', X_OK))).toEqual(ERR('EACCES'));
    expect(res(w, access('/f', X_OK))).toEqual(ERR('EACCES'));
    expect(res(w, access('/p', X_OK))).toEqual(ERR('EACCES'));
  });

  it("root's X_OK on a non-directory passes with any one exec bit: 0100 and 0001", () => {
    const w = files();
    expect(res(w, access('/x100', X_OK))).toEqual(OK0);
    expect(res(w, access('/x001', X_OK))).toEqual(OK0);
  });

  it("another uid gets the bits that apply to it: the other bits of root's files (acl_permission_check)", () => {
    const w = must(files(), ...asUser);
    expect(res(w, access('/f', R_OK))).toEqual(OK0);
    expect(res(w, access('/f', W_OK))).toEqual(ERR('EACCES'));
    expect(res(w, access('/x0', R_OK))).toEqual(ERR('EACCES'));
    expect(res(w, access('/x100', X_OK))).toEqual(ERR('EACCES'));
    expect(res(w, access('/x001', X_OK))).toEqual(OK0);
  });

  it('AT_EACCESS makes no difference while real and effective ids agree', () => {
    for (const w of [files(), must(files(), ...asUser)]) {
      for (const [path, mode] of [
        ['/x0', R_OK],
        ['/f', W_OK],
        ['/x100', X_OK],
      ] as const) {
        expect(res(w, faccessat2(AT_FDCWD, path, mode, AT_EACCESS))).toEqual(res(w, access(path, mode)));
      }
    }
  });

  it('a set-user-ID root program is asked with its real uid: EACCES, and 0 with AT_EACCESS (access_override_creds)', () => {
    const w = must(files(), { call: 'setresuid', ruid: 1000, euid: 0, suid: 0 });
    expect(res(w, access('/x0', R_OK))).toEqual(ERR('EACCES'));
    expect(res(w, faccessat2(AT_FDCWD, '/x0', R_OK, AT_EACCESS))).toEqual(OK0);
  });

  it("a real root with another effective uid gets root's permitted capabilities back for access", () => {
    const w = must(files(), { call: 'setresuid', ruid: 0, euid: 1000, suid: 0 });
    expect(res(w, access('/x0', R_OK))).toEqual(OK0);
    expect(res(w, faccessat2(AT_FDCWD, '/x0', R_OK, AT_EACCESS))).toEqual(ERR('EACCES'));
  });

  it('a symlink not followed is asked about itself: 0777, so X_OK passes', () => {
    expect(res(files(), faccessat2(AT_FDCWD, '/lf', X_OK, AT_SYMLINK_NOFOLLOW))).toEqual(OK0);
  });

  it('an immutable file is EPERM for W_OK (inode_permission: IS_IMMUTABLE)', () => {
    const w = immutable(files(), '/f');
    expect(res(w, access('/f', W_OK))).toEqual(ERR('EPERM'));
    expect(res(w, access('/f', R_OK))).toEqual(OK0);
  });
});

describe('access: an unlinked open file', () => {
  const unlinked = (): World => must(files(), { call: 'unlink', path: '/f' });

  it('is asked about through its fd with AT_EMPTY_PATH, its name being gone', () => {
    const w = unlinked();
    expect(res(w, access('/f', F_OK))).toEqual(ERR('ENOENT'));
    expect(res(w, faccessat2(3, '', R_OK | W_OK, AT_EMPTY_PATH))).toEqual(OK0);
    expect(res(w, faccessat2(3, '', X_OK, AT_EMPTY_PATH))).toEqual(ERR('EACCES'));
  });

  it('is reached through its /proc/self/fd link, which the lookup follows to the file', () => {
    const w = unlinked();
    expect(res(w, access('/proc/self/fd/3', R_OK | W_OK))).toEqual(OK0);
    expect(res(w, access('/proc/self/fd/3', X_OK))).toEqual(ERR('EACCES'));
    expect(res(w, access('/proc/self/fd/9', F_OK))).toEqual(ERR('ENOENT'));
  });

  it('has a /proc link that exists for F_OK when not followed', () => {
    expect(res(unlinked(), faccessat2(AT_FDCWD, '/proc/self/fd/3', F_OK, AT_SYMLINK_NOFOLLOW))).toEqual(OK0);
  });

  it('has a /proc link whose own mode and owner the model does not keep: a mode on it is not modelled', () => {
    expect(() => res(unlinked(), faccessat2(AT_FDCWD, '/proc/self/fd/3', X_OK, AT_SYMLINK_NOFOLLOW))).toThrow(
      Unmodelled,
    );
  });

  it('opened O_PATH answers AT_EMPTY_PATH by the file, like any other fd', () => {
    const w = must(files(), openSc('/x100', O_PATH));
    expect(res(w, faccessat2(4, '', X_OK, AT_EMPTY_PATH))).toEqual(OK0);
  });
});

describe('access: read-only and noexec mounts', () => {
  it('W_OK on a read-only mount is EROFS for a file, a directory and a symlink (__mnt_is_readonly)', () => {
    const w = readonlyBind();
    expect(res(w, access('/b/g', W_OK))).toEqual(ERR('EROFS'));
    expect(res(w, access('/b/e', W_OK))).toEqual(ERR('EROFS'));
    expect(res(w, faccessat2(AT_FDCWD, '/b/lg', W_OK, AT_SYMLINK_NOFOLLOW))).toEqual(ERR('EROFS'));
  });

  it('W_OK on a fifo of a read-only mount is 0: a special file (special_file)', () => {
    expect(res(readonlyBind(), access('/b/p', W_OK))).toEqual(OK0);
  });

  it('R_OK on a read-only mount is answered as on a writable one', () => {
    expect(res(readonlyBind(), access('/b/g', R_OK))).toEqual(OK0);
  });

  it('a read-only mount comes after the mode bits: EACCES for a uid without write permission', () => {
    expect(res(must(readonlyBind(), ...asUser), access('/b/g', W_OK))).toEqual(ERR('EACCES'));
  });

  it('an immutable file on a read-only mount is EPERM: inode_permission comes first', () => {
    expect(res(immutable(readonlyBind(), '/b/g'), access('/b/g', W_OK))).toEqual(ERR('EPERM'));
  });

  it('a read-only superblock is EROFS before the mode bits (sb_permission), for root and another uid', () => {
    expect(res(readonlyTmpfs(), access('/t/g', W_OK))).toEqual(ERR('EROFS'));
    expect(res(readonlyTmpfs(), access('/t', W_OK))).toEqual(ERR('EROFS'));
    expect(res(must(readonlyTmpfs(), ...asUser), access('/t/g', W_OK))).toEqual(ERR('EROFS'));
  });

  it('a read-only superblock is EROFS before the immutable flag (sb_permission, then IS_IMMUTABLE)', () => {
    expect(res(immutable(readonlyTmpfs(), '/t/g'), access('/t/g', W_OK))).toEqual(ERR('EROFS'));
  });

  it('a fifo of a read-only superblock is asked by its bits: 0 for root, EACCES for another uid', () => {
    expect(res(readonlyTmpfs(), access('/t/p', W_OK))).toEqual(OK0);
    expect(res(must(readonlyTmpfs(), ...asUser), access('/t/p', W_OK))).toEqual(ERR('EACCES'));
  });

  it('X_OK on a regular file of a noexec mount is EACCES even for root (path_noexec); a directory or fifo by its bits', () => {
    const w = must(
      boot(),
      mkdir('/n'),
      mount('none', '/n', 'tmpfs', MS_NOEXEC, 'mode=0755'),
      openSc('/n/x', O_CREAT | O_RDWR, 0o755),
      { call: 'mknod', path: '/n/p', mode: 0o10755, dev: 0 },
    );
    expect(res(w, access('/n/x', X_OK))).toEqual(ERR('EACCES'));
    expect(res(w, access('/n/x', R_OK))).toEqual(OK0);
    expect(res(w, access('/n/p', X_OK))).toEqual(OK0);
    expect(res(w, access('/n', X_OK))).toEqual(OK0);
  });
});
