/**
 * fs.protected_fifos and fs.protected_regular (fs/namei.c: do_open → may_create_in_sticky): an
 * O_CREAT open of an existing fifo or regular file in a sticky directory. Each case of
 * test/corpus/programs/creds/protected.c (its .log beside it): `s` is root's 01777 with 1001's
 * files, `g` is root:1000 01770; uid 1000 opens them. The last cases, a symlink opened with
 * O_CREAT|O_NOFOLLOW and a file reached through a trailing symlink, are symlinks.c's.
 */
import { describe, expect, it } from 'vitest';
import { O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_RDWR } from '../../src/model/flags.js';
import { S_IFIFO } from '../../src/model/modes.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { becomeChild, bootWith, make } from '../helpers/creds-world.js';
import { ERR, call, must } from '../helpers/spec.js';

const U1 = 1000;
const U2 = 1001;

const open = (path: string, flags: number): Syscall => ({ call: 'open', path, flags, mode: 0o666 });
const opens = (r: SysResult): boolean => r.ok === true;

/** protected.c's directories and files with the sysctls given, then pid 2 as 1000. */
function world(fifos: number, regular: number): World {
  let w = must(
    bootWith({ protected_fifos: fifos, protected_regular: regular }),
    { call: 'mkdir', path: 's', mode: 0o755 },
    { call: 'chmod', path: 's', mode: 0o1777 },
    { call: 'mknod', path: 's/p', mode: S_IFIFO | 0o666, dev: 0 },
    { call: 'chmod', path: 's/p', mode: 0o666 },
    { call: 'chown', path: 's/p', owner: U2, group: U2 },
  );
  w = make(w, 's/r', 0o666, U2, U2);
  w = make(w, 's/root', 0o666, 0, 0);
  w = must(
    w,
    { call: 'mkdir', path: 'g', mode: 0o755 },
    { call: 'chmod', path: 'g', mode: 0o1770 },
    { call: 'chown', path: 'g', owner: 0, group: U1 },
  );
  w = make(w, 'g/r', 0o666, U2, U2);
  return becomeChild(w, 2, U1, U1);
}

const as1000 = (w: World, sc: Syscall) => call(w, sc, 2).result;

describe('protected_fifos=1, protected_regular=1: another’s file in a world-writable sticky directory', () => {
  const w = world(1, 1);

  it('refuses an O_CREAT open of 1001’s fifo with EACCES; without O_CREAT it opens', () => {
    expect(as1000(w, open('s/p', O_RDWR | O_CREAT))).toEqual(ERR('EACCES'));
    expect(opens(as1000(w, open('s/p', O_RDWR)))).toBe(true);
  });

  it('refuses an O_CREAT open of 1001’s regular file, read-only too', () => {
    expect(as1000(w, open('s/r', O_RDWR | O_CREAT))).toEqual(ERR('EACCES'));
    expect(as1000(w, open('s/r', O_RDONLY | O_CREAT))).toEqual(ERR('EACCES'));
  });

  it('answers O_EXCL’s EEXIST first, and opens the file without O_CREAT', () => {
    expect(as1000(w, open('s/r', O_RDWR | O_CREAT | O_EXCL))).toEqual(ERR('EEXIST'));
    expect(opens(as1000(w, open('s/r', O_RDWR)))).toBe(true);
  });

  it('allows a file the directory’s owner owns, and a name it creates', () => {
    expect(opens(as1000(w, open('s/root', O_RDWR | O_CREAT)))).toBe(true);
    expect(opens(as1000(w, open('s/new', O_RDWR | O_CREAT)))).toBe(true);
  });

  it('allows it in a sticky directory that is only group-writable', () => {
    expect(opens(as1000(w, open('g/r', O_RDWR | O_CREAT)))).toBe(true);
  });

  it('refuses root too: no capability overrides it', () => {
    expect(call(w, open('s/r', O_RDWR | O_CREAT)).result).toEqual(ERR('EACCES'));
    expect(call(w, open('s/p', O_RDWR | O_CREAT)).result).toEqual(ERR('EACCES'));
  });
});

describe('protected_fifos=2, protected_regular=2', () => {
  it('refuses it in a group-writable sticky directory as well', () => {
    expect(as1000(world(2, 2), open('g/r', O_RDWR | O_CREAT))).toEqual(ERR('EACCES'));
  });
});

describe('protected_fifos=0, protected_regular=0', () => {
  it('lets 1000 open 1001’s fifo and regular file with O_CREAT', () => {
    const w = world(0, 0);
    expect(opens(as1000(w, open('s/p', O_RDWR | O_CREAT)))).toBe(true);
    expect(opens(as1000(w, open('s/r', O_RDWR | O_CREAT)))).toBe(true);
  });

  it('still refuses another’s symlink opened O_CREAT|O_NOFOLLOW: no sysctl lets a symlink through (symlinks.c)', () => {
    const w = must(
      world(0, 0),
      { call: 'symlink', target: 'r', linkpath: 's/l' },
      {
        call: 'lchown',
        path: 's/l',
        owner: U2,
        group: U2,
      },
    );
    expect(as1000(w, open('s/l', O_RDWR | O_CREAT | O_NOFOLLOW))).toEqual(ERR('EACCES'));
    expect(as1000(w, open('s/l', O_RDWR | O_NOFOLLOW))).toEqual(ERR('ELOOP'));
  });
});

describe('the directory asked about is the one the file is found in, after a trailing symlink', () => {
  it('refuses a file in `s` reached through root’s symlink in a plain directory (symlinks.c)', () => {
    let w = world(0, 1);
    w = must(w, { call: 'mkdir', path: 'd', mode: 0o755 }, { call: 'symlink', target: '/s/r', linkpath: 'd/tor' });
    expect(as1000(w, open('d/tor', O_RDWR | O_CREAT))).toEqual(ERR('EACCES'));
  });
});
