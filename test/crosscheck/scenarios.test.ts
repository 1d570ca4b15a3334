// How a lowered scenario's calls and answers cross into and out of the QEMU guest.
import { describe, expect, it } from 'vitest';
import { fromGuest, kernelCall } from '../../src/crosscheck/scenarios.js';
import { MS_BIND } from '../../src/model/flags.js';

describe('scenario calls in the guest', () => {
  it('makes absolute paths relative to the trace root, "/" being "."', () => {
    expect(kernelCall({ call: 'open', path: '/a/b', flags: 0, mode: 0 })).toMatchObject({ path: 'a/b' });
    expect(kernelCall({ call: 'open', path: '/', flags: 0, mode: 0 })).toMatchObject({ path: '.' });
    expect(kernelCall({ call: 'link', oldpath: '/a', newpath: 'b' })).toMatchObject({ oldpath: 'a', newpath: 'b' });
  });

  it('leaves /proc paths absolute: they name the guest /proc', () => {
    expect(kernelCall({ call: 'readlink', path: '/proc/self/fd/3', bufsiz: 64 })).toMatchObject({
      path: '/proc/self/fd/3',
    });
  });

  it('makes a bind mount source and target relative, and keeps the relink= path as the file system sees it', () => {
    expect(
      kernelCall({ call: 'mount', source: '/data', target: '/c', fstype: '', flags: MS_BIND, data: 'relink=/ckpt' }),
    ).toMatchObject({ source: 'data', target: 'c', data: 'relink=/ckpt' });
  });

  it('makes an umount2 target relative: "/t" is the trace root\'s t', () => {
    expect(kernelCall({ call: 'umount2', target: '/t', flags: 0 })).toMatchObject({ target: 't' });
  });

  it("keeps the root device as it is: the executor maps /dev/root to the trace root's device", () => {
    expect(
      kernelCall({ call: 'mount', source: '/dev/root', target: '/m', fstype: 'ext4', flags: 0, data: 'relink=/c' }),
    ).toMatchObject({ source: '/dev/root', target: 'm' });
  });

  it('after a task changed directory, reaches the trace root through the executor root fd', () => {
    expect(kernelCall({ call: 'open', path: '/a/b', flags: 0, mode: 0 }, true)).toMatchObject({
      path: '/proc/self/fd/1022/a/b',
    });
    expect(kernelCall({ call: 'chdir', path: '/' }, true)).toMatchObject({ path: '/proc/self/fd/1022' });
    expect(kernelCall({ call: 'umount2', target: '/t', flags: 0 }, true)).toMatchObject({
      target: '/proc/self/fd/1022/t',
    });
    expect(kernelCall({ call: 'link', oldpath: '/a', newpath: 'b' }, true)).toMatchObject({
      oldpath: '/proc/self/fd/1022/a',
      newpath: 'b',
    });
    expect(kernelCall({ call: 'readlink', path: '/proc/self/cwd', bufsiz: 64 }, true)).toMatchObject({
      path: '/proc/self/cwd',
    });
  });

  it('keeps /proc itself absolute', () => {
    expect(kernelCall({ call: 'stat', path: '/proc' })).toMatchObject({ path: '/proc' });
  });

  it('reads a /proc link by readlinkat relative to the guest mount point too', () => {
    const sc = { call: 'readlinkat' as const, dirfd: -100, path: '/proc/self/cwd', bufsiz: 64 };
    expect(fromGuest(sc, { ret: 8, link: '/mnt/3/d' })).toEqual({ ret: 2, link: '/d' });
  });

  it('reads a /proc fd link relative to the guest mount point, length included', () => {
    const sc = { call: 'readlink' as const, path: '/proc/self/fd/3', bufsiz: 64 };
    expect(fromGuest(sc, { ret: 21, link: '/mnt/1/#13 (deleted)' })).toEqual({ ret: 14, link: '/#13 (deleted)' });
    expect(fromGuest({ call: 'readlink', path: 'l', bufsiz: 64 }, { ret: 6, link: '/mnt/1' })).toEqual({
      ret: 6,
      link: '/mnt/1',
    });
  });
});
