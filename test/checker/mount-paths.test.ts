// pathsOnTheirMount: a path pairs a mount with a dentry of the mount's own superblock.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { startWorld } from '../../src/checker/relink-alphabet.js';
import { O_CREAT, O_RDWR } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { step } from '../../src/ops/run/step.js';

const opened = (): World =>
  step(startWorld('relink'), 2, { call: 'open', path: '/c/f', flags: O_CREAT | O_RDWR, mode: 0o644 }).world;
/** A mount of the anon superblock (pipes, the kern_mount), and one of its dentries. */
const anon = (w: World) => {
  const m = Object.values(w.mounts).find((x) => w.superblocks[x.mnt_sb]?.s_type === 'anon');
  if (m === undefined) throw new Error('no anon mount');
  return m;
};

describe('pathsOnTheirMount', () => {
  it('holds in the worlds the model makes', () => {
    expect(checkInvariants(opened()).map((v) => v.invariant)).toEqual([]);
  });

  it("reports an open file whose path pairs the ext4 dentry with the anon superblock's mount", () => {
    const w = opened();
    const file = Object.values(w.files).find((f) => w.dentries[f.f_path.dentry]?.d_name === 'f');
    if (file === undefined) throw new Error('no file');
    const bad = produce(w, (d) => {
      const f = d.files[file.id];
      if (f !== undefined) f.f_path.mnt = anon(w).id;
    });
    expect(checkInvariants(bad).map((v) => v.invariant)).toContain('pathsOnTheirMount');
  });

  it('reports a relink_dir that is a dentry of another superblock', () => {
    const w = opened();
    const bad = produce(w, (d) => {
      const ext4 = Object.values(d.superblocks).find((s) => s.s_type === 'ext4');
      if (ext4 !== undefined) ext4.s_relink_dir = anon(w).mnt_root;
    });
    expect(checkInvariants(bad).map((v) => v.invariant)).toContain('pathsOnTheirMount');
  });
});
