/**
 * fs.protected_hardlinks (fs/namei.c: may_linkat, safe_hardlink_source) as world state: each case of
 * test/corpus/programs/creds/protected.c (its .log beside it, measured on this machine), with the
 * sysctl at 1 and at 0. Root's files in a 0777 directory `w`, linked by uid 1000.
 */
import { describe, expect, it } from 'vitest';
import { AT_FDCWD, AT_SYMLINK_FOLLOW } from '../../src/model/flags.js';
import { S_IFIFO } from '../../src/model/modes.js';
import { DEBIAN_BOOT_SYSCTLS } from '../../src/model/sysctl.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { becomeChild, bootWith, make } from '../helpers/creds-world.js';
import { ERR, call, must } from '../helpers/spec.js';

const OK0 = { ok: true, ret: 0 };
const U1 = 1000;

/** protected.c's directory `w` and its files, then a child of pid 1 as 1000 (pid 2). */
function world(hardlinks: number): World {
  let w = must(bootWith({ protected_hardlinks: hardlinks }), { call: 'mkdir', path: 'w', mode: 0o755 });
  w = must(w, { call: 'chmod', path: 'w', mode: 0o777 });
  w = make(w, 'w/ro', 0o644, 0, 0);
  w = make(w, 'w/rw', 0o666, 0, 0);
  w = make(w, 'w/suid', 0o4666, 0, 0);
  w = make(w, 'w/sgid-x', 0o2676, 0, 0);
  w = make(w, 'w/sgid', 0o2666, 0, 0);
  w = make(w, 'w/none', 0o000, U1, U1);
  w = must(
    w,
    { call: 'mknod', path: 'w/fifo', mode: S_IFIFO | 0o666, dev: 0 },
    { call: 'chmod', path: 'w/fifo', mode: 0o666 },
  );
  return becomeChild(w, 2, U1, U1);
}

const link = (w: World, from: string, pid = 2) =>
  call(w, { call: 'link', oldpath: from, newpath: `${from}-l` }, pid).result;

describe('fs.protected_hardlinks is the world’s, not the kernel variant’s', () => {
  it('a world boots with the sysctls it is given, and with Debian 12’s as it boots when none are', () => {
    expect(bootWorld({ sysctl: { ...DEBIAN_BOOT_SYSCTLS, protected_hardlinks: 0 } }).sysctl.protected_hardlinks).toBe(
      0,
    );
    expect(bootWorld().sysctl).toEqual({
      protected_symlinks: 1,
      protected_hardlinks: 1,
      protected_fifos: 1,
      protected_regular: 2,
    });
  });
});

describe('protected_hardlinks=1 (may_linkat): another user’s file must be a safe source', () => {
  const w = world(1);

  it('refuses root’s 0644 file (not writable by the linker) with EPERM, allows its 0666 one', () => {
    expect(link(w, 'w/ro')).toEqual(ERR('EPERM'));
    expect(link(w, 'w/rw')).toEqual(OK0);
  });

  it('refuses a set-uid file and a set-gid group-executable one; set-gid alone is safe', () => {
    expect(link(w, 'w/suid')).toEqual(ERR('EPERM'));
    expect(link(w, 'w/sgid-x')).toEqual(ERR('EPERM'));
    expect(link(w, 'w/sgid')).toEqual(OK0);
  });

  it('refuses a fifo, readable and writable as it is: only a regular file is safe', () => {
    expect(link(w, 'w/fifo')).toEqual(ERR('EPERM'));
  });

  it('lets the owner link its own 0000 file, and root (CAP_FOWNER) link anyone’s', () => {
    expect(link(w, 'w/none')).toEqual(OK0);
    expect(link(w, 'w/none', 1)).toEqual(OK0);
  });

  it('refuses linkat with AT_SYMLINK_FOLLOW the same way', () => {
    const sc = { call: 'linkat', olddirfd: AT_FDCWD, oldpath: 'w/ro', newdirfd: AT_FDCWD, newpath: 'w/l-ro2' } as const;
    expect(call(w, { ...sc, flags: AT_SYMLINK_FOLLOW }, 2).result).toEqual(ERR('EPERM'));
  });
});

describe('protected_hardlinks=0: no protection', () => {
  it('lets 1000 link root’s 0644 file and its set-uid one', () => {
    const w = world(0);
    expect(link(w, 'w/ro')).toEqual(OK0);
    expect(link(w, 'w/suid')).toEqual(OK0);
  });
});
