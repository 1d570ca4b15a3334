// st_rdev and statx's mnt_id (fs/stat.c: vfs_statx, cp_statx; fs/inode.c: init_special_inode),
// measured under strace on Linux: statx reports the mount id /proc/self/fdinfo shows, whatever mask
// was asked; a fifo's st_rdev is 0 even when mknod was given a device number.
import { describe, expect, it } from 'vitest';
import { S_IFIFO } from '../../src/model/modes.js';
import type { World } from '../../src/model/world.js';
import { boot, must, res } from '../helpers/spec.js';

const statx = (w: World, path: string, mask = 0) => {
  const r = res(w, { call: 'statx', dirfd: -100, path, flags: 0, mask });
  if (r.ok !== true || r.stat === undefined) throw new Error(JSON.stringify(r));
  return r.stat;
};

const withMount = (): World =>
  must(
    boot(),
    { call: 'mkdir', path: '/m', mode: 0o755 },
    { call: 'mkdir', path: '/d', mode: 0o755 },
    { call: 'mount', source: 'none', target: '/m', fstype: 'tmpfs', flags: 0, data: '' },
  );

describe('statx mnt_id', () => {
  it('names the mount the path is on, whatever mask was asked', () => {
    const w = withMount();
    expect(statx(w, '/d').mnt_id).toBe(statx(w, '/').mnt_id);
    expect(statx(w, '/d', 0x1000).mnt_id).toBe(statx(w, '/d', 0).mnt_id);
    expect(statx(w, '/m').mnt_id).not.toBe(statx(w, '/').mnt_id);
  });

  it('is not part of what stat, lstat and fstat report', () => {
    const r = res(withMount(), { call: 'stat', path: '/m' });
    expect(r.ok === true && r.stat !== undefined && 'mnt_id' in r.stat).toBe(false);
  });
});

describe('st_rdev', () => {
  it('is 0 for a fifo made with a device number, a file and a directory', () => {
    const w = must(
      boot(),
      { call: 'mknod', path: '/p', mode: S_IFIFO | 0o644, dev: 0x102 },
      { call: 'mkdir', path: '/d', mode: 0o755 },
    );
    expect(statx(w, '/p').st_rdev).toBe(0);
    expect(statx(w, '/d').st_rdev).toBe(0);
  });
});
