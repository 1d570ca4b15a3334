import { describe, expect, it } from 'vitest';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { filenameLookup, filenameParentat, LOOKUP_FOLLOW, type Walked } from '../../src/ops/vfs/namei.js';
import { rDentry, rTask } from '../../src/ops/vfs/world-draft.js';
import { AT_FDCWD } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { withTree } from '../helpers/tree.js';

const chain = (n: number): Record<string, { symlink: string }> => {
  const links: Record<string, { symlink: string }> = {};
  for (let i = 0; i < n; i++) links[`l${i}`] = { symlink: i + 1 < n ? `l${i + 1}` : 'f' };
  return links;
};

const world = withTree(bootWorld(), {
  f: 'data',
  d: { g: 'x', e: {} },
  up: { symlink: '../f' },
  abs: { symlink: '/d/g' },
  dirlink: { symlink: 'd' },
  dangling: { symlink: 'nowhere' },
  loop1: { symlink: 'loop2' },
  loop2: { symlink: 'loop1' },
  empty: { symlink: '' },
  ...chain(41),
});

function lookup(w: World, name: string, flags = LOOKUP_FOLLOW): Walked | string {
  const r = filenameLookup(w, rTask(w, 1), AT_FDCWD, name, flags);
  return r.ok ? r.value : r.errno;
}

function nameOf(w: World, r: Walked | string): string {
  if (typeof r === 'string') return r;
  if (r.kind !== 'path') return r.kind;
  return rDentry(w, r.path.dentry).d_name;
}

describe('path walk (fs/namei.c)', () => {
  it('builds a tree that satisfies every invariant', () => {
    expect(checkInvariants(world)).toEqual([]);
  });

  it('resolves plain, dotted and multi-slash names', () => {
    expect(nameOf(world, lookup(world, 'd/g'))).toBe('g');
    expect(nameOf(world, lookup(world, './d//./g'))).toBe('g');
    expect(nameOf(world, lookup(world, '/d/e/../g'))).toBe('g');
  });

  it('stays at the root on ".." (follow_dotdot)', () => {
    expect(nameOf(world, lookup(world, '/../../f'))).toBe('f');
  });

  it('gives ENOENT for an empty name without LOOKUP_EMPTY (getname_flags)', () => {
    expect(lookup(world, '')).toBe('ENOENT');
  });

  it('gives ENAMETOOLONG for a name of PATH_MAX bytes and for a component over NAME_MAX', () => {
    expect(lookup(world, 'a'.repeat(4096))).toBe('ENAMETOOLONG');
    expect(lookup(world, 'x'.repeat(256))).toBe('ENAMETOOLONG');
    expect(lookup(world, 'x'.repeat(255))).toBe('ENOENT');
  });

  it('gives ENOTDIR when a file is walked through or named with a trailing slash', () => {
    expect(lookup(world, 'f/x')).toBe('ENOTDIR');
    expect(lookup(world, 'f/')).toBe('ENOTDIR');
    expect(nameOf(world, lookup(world, 'd/'))).toBe('d');
  });

  it('follows relative, "..", absolute and directory symlinks', () => {
    expect(nameOf(world, lookup(world, 'up'))).toBe('f');
    expect(nameOf(world, lookup(world, 'abs'))).toBe('g');
    expect(nameOf(world, lookup(world, 'dirlink/g'))).toBe('g');
  });

  it('returns the symlink itself when the last component is not followed', () => {
    expect(nameOf(world, lookup(world, 'up', 0))).toBe('up');
    expect(nameOf(world, lookup(world, 'dirlink/', 0))).toBe('d');
  });

  it('gives ENOENT through a dangling or empty symlink', () => {
    expect(lookup(world, 'dangling')).toBe('ENOENT');
    expect(lookup(world, 'empty')).toBe('ENOENT');
  });

  it('gives ELOOP for a loop and past MAXSYMLINKS (40) links', () => {
    expect(lookup(world, 'loop1')).toBe('ELOOP');
    expect(lookup(world, 'l1')).not.toBe('ELOOP'); // 40 links
    expect(lookup(world, 'l0')).toBe('ELOOP'); // 41 links
  });

  it('gives EBADF for a bad dirfd', () => {
    const bad = filenameLookup(world, rTask(world, 1), 7, 'f', 0);
    expect(bad.ok ? 'ok' : bad.errno).toBe('EBADF');
  });

  it('splits the last component off for create and delete (path_parentat)', () => {
    const r = filenameParentat(world, rTask(world, 1), AT_FDCWD, 'd/e/new/');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.last).toBe('new');
      expect(r.value.trailingSlash).toBe(true);
      expect(r.value.lastType).toBe('norm');
    }
    const dots = filenameParentat(world, rTask(world, 1), AT_FDCWD, 'd/..');
    expect(dots.ok && dots.value.lastType).toBe('dotdot');
  });

  it('walks /proc/self/fd only to open descriptors', () => {
    expect(lookup(world, '/proc/self/fd/3')).toBe('ENOENT');
    expect(lookup(world, '/proc/self/fd')).toEqual({ kind: 'proc-dir', pid: 1, level: 'fd' });
    expect(lookup(world, '/proc/99/fd/0')).toBe('ENOENT');
  });
});
