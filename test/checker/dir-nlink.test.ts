/**
 * nlinkMatchesNames on directories with more subdirectories than EXT4_LINK_MAX: ext4 sets such a
 * directory's count to 1 and keeps it there (fs/ext4/namei.c: ext4_inc_count, ext4_dec_count).
 * The world is built with 65,000 real mkdir calls on the in-place runner, not by editing counts.
 */
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { fastCheckInvariants } from '../../src/invariants/invariants-fast.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { InPlaceRunner } from '../../src/ops/run/inplace.js';

const SUBDIRS = 65_000;

function bigDirectory(): { world: World; dir: number } {
  const r = new InPlaceRunner(bootWorld({ rootFs: 'ext4' }));
  r.step(1, { call: 'mkdir', path: '/d', mode: 0o755 });
  for (let i = 0; i < SUBDIRS; i++) {
    const out = r.step(1, { call: 'mkdir', path: `/d/${i}`, mode: 0o755 });
    if (out.result.ok !== true) throw new Error(`mkdir /d/${i}: ${JSON.stringify(out.result)}`);
  }
  // Removing most of them again does not bring the count back (ext4_dec_count keeps 1).
  for (let i = 0; i < SUBDIRS - 3; i++) r.step(1, { call: 'rmdir', path: `/d/${i}` });
  const w = r.snapshot();
  const root = Object.values(w.dentries).find((d) => d.d_parent === d.id);
  const dir = root?.d_children['d'];
  const ino = dir === undefined ? null : w.dentries[dir]?.d_inode;
  if (ino === null || ino === undefined) throw new Error('no /d');
  return { world: w, dir: ino };
}

describe('an ext4 directory that once had more than EXT4_LINK_MAX subdirectories', () => {
  const { world, dir } = bigDirectory();

  it('counts 1 link, even after most subdirectories are gone', () => {
    expect(world.inodes[dir]?.i_nlink).toBe(1);
  });

  it('satisfies every invariant, in the full and the fast check', () => {
    expect(checkInvariants(world)).toEqual([]);
    expect(fastCheckInvariants(world)).toEqual([]);
  });

  it('still fails nlinkMatchesNames with any other wrong count', () => {
    const wrong = produce(world, (w) => {
      const inode = w.inodes[dir];
      if (inode !== undefined) inode.i_nlink = 4;
    });
    expect(checkInvariants(wrong).map((v) => v.invariant)).toEqual(['nlinkMatchesNames']);
  });
});
