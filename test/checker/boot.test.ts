import { describe, expect, it } from 'vitest';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import type { MountableFsType } from '../../src/model/fstype.js';

describe('a freshly booted world', () => {
  for (const fs of ['ext4', 'ext3', 'btrfs', 'tmpfs'] as MountableFsType[]) {
    it(`satisfies every invariant on ${fs}`, () => {
      expect(checkInvariants(bootWorld({ rootFs: fs }))).toEqual([]);
    });
  }

  it('satisfies every invariant with descriptors opened outside the model', () => {
    expect(checkInvariants(bootWorld({ outsideFds: [0, 1, 2] }))).toEqual([]);
  });

  it('serialises to JSON and back unchanged', () => {
    const w = bootWorld({ outsideFds: [0, 1, 2] });
    expect(JSON.parse(JSON.stringify(w))).toEqual(w);
  });
});
