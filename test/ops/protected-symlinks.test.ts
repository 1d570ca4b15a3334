/**
 * fs.protected_symlinks (fs/namei.c: may_follow_link): a trailing symlink in a sticky,
 * world-writable directory is followed only by its owner or when the directory's owner owns it.
 * Each case of test/corpus/programs/creds/symlinks.c (its .log beside it, measured on this machine):
 * `t` is root's 01777 with 1001's links, `d` root's 0755, `s2` 1001's 01777, `g` root:1000 01770.
 */
import { describe, expect, it } from 'vitest';
import { O_CREAT, O_RDONLY, O_RDWR } from '../../src/model/flags.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { becomeChild, bootWith, make } from '../helpers/creds-world.js';
import { ERR, call, must } from '../helpers/spec.js';

const U1 = 1000;
const U2 = 1001;

/** A symlink `linkpath` → `target` owned by `uid` (made by root, then lchown). */
const symlink = (w: World, target: string, linkpath: string, uid: number): World =>
  must(w, { call: 'symlink', target, linkpath }, { call: 'lchown', path: linkpath, owner: uid, group: uid });

function world(symlinks: number): World {
  let w = must(
    bootWith({ protected_symlinks: symlinks }),
    { call: 'mkdir', path: '/t', mode: 0o755 },
    { call: 'chmod', path: '/t', mode: 0o1777 },
    { call: 'mkdir', path: '/d', mode: 0o755 },
    { call: 'mkdir', path: '/s2', mode: 0o755 },
    { call: 'chmod', path: '/s2', mode: 0o1777 },
    { call: 'chown', path: '/s2', owner: U2, group: U2 },
    { call: 'mkdir', path: '/g', mode: 0o755 },
    { call: 'chmod', path: '/g', mode: 0o1770 },
    { call: 'chown', path: '/g', owner: 0, group: U1 },
  );
  w = make(w, '/t/f', 0o666, U2, U2);
  w = make(w, '/d/x', 0o666, 0, 0);
  w = symlink(w, 'f', '/t/l1001', U2);
  w = symlink(w, '/d', '/t/dl1001', U2);
  w = symlink(w, 'f', '/t/lroot', 0);
  w = symlink(w, '/t/l1001', '/d/toL', 0);
  w = symlink(w, '/t/dl1001/x', '/d/via', 0);
  w = symlink(w, '/t/dl1001', '/d/m', 0);
  w = symlink(w, 'x', '/s2/l1001', U2);
  w = symlink(w, '/d/x', '/s2/lroot', 0);
  w = symlink(w, '/d/x', '/g/l1001', U2);
  return becomeChild(w, 2, U1, U1);
}

const stat = (path: string): Syscall => ({ call: 'stat', path });
const by = (w: World, pid: number, sc: Syscall) => call(w, sc, pid).result;
const ok = (w: World, pid: number, sc: Syscall): boolean => by(w, pid, sc).ok === true;

describe('protected_symlinks=1: another’s trailing symlink in a sticky world-writable directory', () => {
  const w = world(1);

  it('is EACCES to follow, for stat, open and chmod alike', () => {
    expect(by(w, 2, stat('/t/l1001'))).toEqual(ERR('EACCES'));
    expect(by(w, 2, { call: 'open', path: '/t/l1001', flags: O_RDONLY, mode: 0 })).toEqual(ERR('EACCES'));
    expect(by(w, 2, { call: 'open', path: '/t/l1001', flags: O_RDWR | O_CREAT, mode: 0o666 })).toEqual(ERR('EACCES'));
    expect(by(w, 2, { call: 'chmod', path: '/t/l1001', mode: 0o666 })).toEqual(ERR('EACCES'));
  });

  it('refuses root as well: CAP_DAC_OVERRIDE does not count', () => {
    expect(by(w, 1, stat('/t/l1001'))).toEqual(ERR('EACCES'));
  });

  it('is no obstacle to lstat and readlink, which do not follow it', () => {
    expect(ok(w, 2, { call: 'lstat', path: '/t/l1001' })).toBe(true);
    expect(ok(w, 2, { call: 'readlink', path: '/t/l1001', bufsiz: 64 })).toBe(true);
  });

  it('lets the link’s owner follow it, and anyone follow a link the directory’s owner owns', () => {
    const as1001 = becomeChild(w, 3, U2, U2);
    expect(ok(as1001, 3, stat('/t/l1001'))).toBe(true);
    expect(ok(w, 2, stat('/t/lroot'))).toBe(true);
    expect(by(w, 2, stat('/s2/l1001'))).toEqual(ERR('ENOENT'));
    expect(by(w, 2, stat('/s2/lroot'))).toEqual(ERR('EACCES'));
  });

  it('asks only of a trailing link: one on the way is followed', () => {
    expect(ok(w, 2, stat('/t/dl1001/x'))).toBe(true);
    expect(by(w, 2, stat('/t/dl1001'))).toEqual(ERR('EACCES'));
    expect(by(w, 2, stat('/t/dl1001/'))).toEqual(ERR('EACCES'));
  });

  it('asks of the last link of a trailing link’s body, not of one inside a link met on the way', () => {
    expect(by(w, 2, stat('/d/toL'))).toEqual(ERR('EACCES'));
    expect(by(w, 2, stat('/d/m'))).toEqual(ERR('EACCES'));
    expect(ok(w, 2, stat('/d/via'))).toBe(true);
    expect(ok(w, 2, stat('/d/m/x'))).toBe(true);
  });

  it('lets it through in a sticky directory that is only group-writable', () => {
    expect(ok(w, 2, stat('/g/l1001'))).toBe(true);
  });
});

describe('protected_symlinks=0', () => {
  it('follows another’s link in a sticky world-writable directory', () => {
    expect(ok(world(0), 2, stat('/t/l1001'))).toBe(true);
  });
});
