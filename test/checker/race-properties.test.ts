// The properties races break: a name under a removed directory, a deleted file linked again outside
// relink_dir (a cleanup that removes another inode's name: test/checker/laws.test.ts).
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { deadDirsAreEmpty } from '../../src/invariants/dead-dirs.js';
import { deletedStaysDeleted } from '../../src/invariants/deleted-stays-deleted.js';
import { startWorld } from '../../src/checker/relink-alphabet.js';
import { AT_EMPTY_PATH, AT_FDCWD, O_CREAT, O_RDWR } from '../../src/model/flags.js';
import { S_DEAD } from '../../src/model/inode.js';
import type { World } from '../../src/model/world.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

const run = (w: World, ...calls: [number, Syscall][]): World =>
  calls.reduce((cur, [pid, sc]) => step(cur, pid, sc).world, w);
const open = (path: string): Syscall => ({ call: 'open', path, flags: O_CREAT | O_RDWR, mode: 0o644 });
const relink = (newpath: string): Syscall => ({
  call: 'linkat',
  olddirfd: 3,
  oldpath: '',
  newdirfd: AT_FDCWD,
  newpath,
  flags: AT_EMPTY_PATH,
});
/** Worker 2 holds /a open as fd 3 after /a is gone. */
const unlinked = (): World => run(startWorld('relink'), [2, open('/a')], [2, { call: 'unlink', path: '/a' }]);

describe('deadDirsAreEmpty', () => {
  it('holds after an rmdir of an empty directory', () => {
    expect(deadDirsAreEmpty(run(startWorld('relink'), [1, { call: 'rmdir', path: '/ckpt' }]))).toEqual([]);
  });

  it('reports a name left in a directory marked removed', () => {
    const w = run(startWorld('relink'), [2, open('/ckpt/r')]);
    const ckpt = Object.values(w.dentries).find((d) => d.d_name === 'ckpt')?.d_inode ?? -1;
    const dead = produce(w, (d) => {
      const inode = d.inodes[ckpt];
      if (inode !== undefined) inode.i_flags |= S_DEAD;
    });
    expect(deadDirsAreEmpty(dead).map((v) => v.message)).toEqual([expect.stringContaining('has the name r')]);
  });
});

describe('deletedStaysDeleted', () => {
  it('allows a relink into relink_dir', () => {
    const before = unlinked();
    expect(deletedStaysDeleted(before, run(before, [2, relink('/ckpt/r')]))).toEqual([]);
  });

  it('reports a deleted file given a name elsewhere', () => {
    const before = unlinked();
    // The same relink, but with relink_dir moved to /data in `before`: /ckpt is no door any more.
    const moved = run(before, [
      1,
      { call: 'mount', source: '', target: '/', fstype: '', flags: 32, data: 'relink=/data' },
    ]);
    const after = run(before, [2, relink('/ckpt/r')]);
    expect(deletedStaysDeleted(moved, after).map((v) => v.invariant)).toEqual(['deletedStaysDeleted']);
  });
});
