/**
 * chmod and chown families, each expectation measured on this machine by
 * test/corpus/programs/creds/chmod.c and chown.c (their .log beside them).
 */
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, O_PATH, O_RDONLY } from '../../src/model/flags.js';
import { S_IFIFO } from '../../src/model/modes.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { inodeOf } from '../../src/ops/vfs/world-draft.js';
import { asUser } from '../helpers/as-user.js';
import { walk } from '../helpers/fixtures.js';
import { ERR, boot, call, must, res } from '../helpers/spec.js';

const OK0 = { ok: true, ret: 0 };
const U1 = 1000;
const U2 = 1001;
const G3 = 1002;

/** A world with /f owned by `uid:gid` with permission bits `mode`, and a symlink /lnk to it. */
function world(mode = 0o644, uid = U1, gid = U1): World {
  const w = must(
    boot(),
    { call: 'open', path: '/f', flags: 0o101, mode: 0o644 },
    { call: 'close', fd: 3 },
    { call: 'symlink', target: 'f', linkpath: '/lnk' },
    { call: 'mkdir', path: '/d', mode: 0o755 },
    { call: 'mknod', path: '/p', mode: S_IFIFO | 0o644, dev: 0 },
  );
  return setOwner(w, '/f', mode, uid, gid);
}

function setOwner(w: World, path: string, mode: number, uid: number, gid: number): World {
  return produce(w, (d) => {
    const ino = d.dentries[walk(d, path).dentry]?.d_inode;
    if (ino === undefined || ino === null) throw new Error(`no ${path}`);
    const i = inodeOf(d, ino);
    i.i_mode = (i.i_mode & ~0o7777) | mode;
    i.i_uid = uid;
    i.i_gid = gid;
  });
}

/** What lstat answers: the mode's permission bits, the owner and the group. */
const stat = (w: World, path: string): { mode: number; uid: number; gid: number } => {
  const r = call(w, { call: 'lstat', path }).result;
  if (r.ok !== true || r.stat === undefined) throw new Error(`lstat ${path} failed`);
  return { mode: r.stat.st_mode & 0o7777, uid: r.stat.st_uid, gid: r.stat.st_gid };
};

const chmod = (path: string, mode: number): Syscall => ({ call: 'chmod', path, mode });
const chown = (path: string, owner: number, group: number): Syscall => ({ call: 'chown', path, owner, group });

describe('chmod (fs/open.c: chmod_common → notify_change)', () => {
  it('root changes any file, keeping only the 07777 bits', () => {
    expect(stat(must(world(), chmod('/f', 0o170600)), '/f').mode).toBe(0o600);
  });

  it('the owner may set S_ISUID and the sticky bit', () => {
    const w = asUser(world(), U1, U1);
    expect(stat(must(w, chmod('/f', 0o4755)), '/f').mode).toBe(0o4755);
    expect(stat(must(w, chmod('/f', 0o1644)), '/f').mode).toBe(0o1644);
  });

  it("drops S_ISGID silently for an owner outside the file's group (setattr_prepare)", () => {
    const w = asUser(setOwner(world(), '/f', 0o644, U1, G3), U1, U1);
    expect(res(w, chmod('/f', 0o2755))).toEqual(OK0);
    expect(stat(must(w, chmod('/f', 0o2755)), '/f').mode).toBe(0o755);
  });

  it("keeps S_ISGID for an owner in the file's group, and for root (CAP_FSETID)", () => {
    expect(stat(must(asUser(world(), U1, U1), chmod('/f', 0o2755)), '/f').mode).toBe(0o2755);
    expect(stat(must(setOwner(world(), '/f', 0o644, U1, G3), chmod('/f', 0o2755)), '/f').mode).toBe(0o2755);
  });

  it('refuses another user with EPERM, through a descriptor too', () => {
    const w = asUser(world(), U2, U2);
    expect(res(w, chmod('/f', 0o777))).toEqual(ERR('EPERM'));
    const opened = call(w, { call: 'open', path: '/f', flags: O_RDONLY, mode: 0 });
    expect(res(opened.world, { call: 'fchmod', fd: 3, mode: 0o777 })).toEqual(ERR('EPERM'));
  });

  it('follows a symlink: the target changes, fchmodat included (6.1 has no flags argument)', () => {
    const w = must(world(), { call: 'fchmodat', dirfd: AT_FDCWD, path: '/lnk', mode: 0o600 });
    expect(stat(w, '/f').mode).toBe(0o600);
    expect(stat(w, '/lnk').mode).toBe(0o777);
  });

  it("is EOPNOTSUPP on the symlink itself, reached through an O_PATH descriptor's /proc link", () => {
    const opened = call(world(), { call: 'open', path: '/lnk', flags: O_PATH | 0o400000, mode: 0 });
    expect(res(opened.world, chmod('/proc/self/fd/3', 0o600))).toEqual(ERR('EOPNOTSUPP'));
  });

  it('fchmod of an O_PATH descriptor is EBADF', () => {
    const opened = call(world(), { call: 'open', path: '/f', flags: O_PATH, mode: 0 });
    expect(res(opened.world, { call: 'fchmod', fd: 3, mode: 0o600 })).toEqual(ERR('EBADF'));
  });

  it('needs search permission on the way: EACCES', () => {
    const w = asUser(setOwner(world(), '/d', 0o700, 0, 0), U1, U1);
    expect(res(w, chmod('/d/x', 0o600))).toEqual(ERR('EACCES'));
  });
});

describe('chown (fs/open.c: chown_common, fs/attr.c: chown_ok, chgrp_ok)', () => {
  it('root gives a file to anyone; -1 leaves the owner or group as it is', () => {
    const w = must(world(), chown('/f', U2, U2), chown('/f', U1, -1), chown('/f', -1, G3));
    expect(stat(w, '/f')).toMatchObject({ uid: U1, gid: G3 });
  });

  it('the owner may not give a file away, nor chgrp to a group it is not in', () => {
    const w = asUser(world(), U1, U1);
    expect(res(w, chown('/f', U2, -1))).toEqual(ERR('EPERM'));
    expect(res(w, chown('/f', -1, G3))).toEqual(ERR('EPERM'));
    expect(res(w, chown('/f', U1, U1))).toEqual(OK0);
  });

  it('a supplementary group lets the owner chgrp to it', () => {
    const w = produce(asUser(world(), U1, U1), (d) => {
      const t = d.tasks[1];
      if (t !== undefined) t.cred.groups = [G3];
    });
    expect(stat(must(w, chown('/f', -1, G3)), '/f').gid).toBe(G3);
  });

  it('another user is refused even the group the file has, but -1 -1 checks nothing', () => {
    const w = asUser(world(), U2, U2);
    expect(res(w, chown('/f', -1, U1))).toEqual(ERR('EPERM'));
    expect(res(w, chown('/f', -1, -1))).toEqual(OK0);
  });

  it('lchown and fchownat with AT_SYMLINK_NOFOLLOW change the symlink itself', () => {
    const w = must(
      world(),
      { call: 'lchown', path: '/lnk', owner: U2, group: -1 },
      { call: 'fchownat', dirfd: AT_FDCWD, path: '/lnk', owner: -1, group: G3, flags: AT_SYMLINK_NOFOLLOW },
    );
    expect(stat(w, '/lnk')).toMatchObject({ uid: U2, gid: G3 });
    expect(stat(w, '/f')).toMatchObject({ uid: U1, gid: U1 });
  });

  it('fchownat refuses other flags with EINVAL, and takes an O_PATH descriptor with AT_EMPTY_PATH', () => {
    expect(res(world(), { call: 'fchownat', dirfd: AT_FDCWD, path: '/f', owner: -1, group: -1, flags: 0x200 })).toEqual(
      ERR('EINVAL'),
    );
    const opened = call(asUser(world(), U1, U1), { call: 'open', path: '/f', flags: O_PATH, mode: 0 });
    expect(res(opened.world, { call: 'fchown', fd: 3, owner: -1, group: -1 })).toEqual(ERR('EBADF'));
    const r = call(opened.world, { call: 'fchownat', dirfd: 3, path: '', owner: -1, group: U1, flags: AT_EMPTY_PATH });
    expect(r.result).toEqual(OK0);
  });
});

describe('chown clears set-id bits (chown_common: ATTR_KILL_SUID, setattr_should_drop_sgid)', () => {
  it('S_ISUID always goes, even for root; group-executable S_ISGID too', () => {
    expect(stat(must(world(0o6755), chown('/f', U2, U2)), '/f').mode).toBe(0o755);
    expect(stat(must(world(0o6755), chown('/f', -1, -1)), '/f').mode).toBe(0o755);
  });

  it('a non-group-executable S_ISGID stays for root and for an owner in the group', () => {
    expect(stat(must(world(0o6745), chown('/f', U2, U2)), '/f').mode).toBe(0o2745);
    expect(stat(must(asUser(world(0o6745), U1, U1), chown('/f', -1, -1)), '/f').mode).toBe(0o2745);
  });

  it('goes for an owner outside the group it had', () => {
    const w = asUser(world(0o2745, U1, G3), U1, U1);
    expect(stat(must(w, chown('/f', -1, U1)), '/f').mode).toBe(0o745);
  });

  it('makes chown by a non-owner of a set-id file a mode change: EPERM', () => {
    for (const mode of [0o4755, 0o2755, 0o2745]) {
      expect(res(asUser(world(mode), U2, U2), chown('/f', -1, -1))).toEqual(ERR('EPERM'));
    }
  });

  it('a directory keeps both bits; a fifo loses them as a file does', () => {
    const dir = must(setOwner(world(), '/d', 0o7755, 0, 0), chown('/d', U1, U1));
    expect(stat(dir, '/d').mode).toBe(0o7755);
    const fifo = must(setOwner(world(), '/p', 0o6755, 0, 0), chown('/p', U1, U1));
    expect(stat(fifo, '/p').mode).toBe(0o755);
  });
});
