// deletedInodesEvicted: the last iput of an inode with i_nlink 0 evicts it (fs/inode.c: iput_final).
import { castDraft, produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { fastCheckInvariants } from '../../src/invariants/invariants-fast.js';
import { open, startWorld } from '../../src/checker/relink-alphabet.js';
import type { World } from '../../src/model/world.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

const run = (w: World, calls: readonly Syscall[]): World => calls.reduce((cur, sc) => step(cur, 2, sc).world, w);

/** /a opened as fd 3 by task 2, then unlinked: the open file is the inode's only holder. */
const unlinkedOpen = (): World => run(startWorld('relink'), [open('/a'), { call: 'unlink', path: '/a' }]);
const fileInode = (w: World): number => {
  const f = Object.values(w.files).find((x) => w.dentries[x.f_path.dentry]?.d_name === 'a');
  if (f === undefined) throw new Error('no open /a');
  return f.f_inode;
};

describe('deletedInodesEvicted', () => {
  it('holds while an open file holds an inode whose last name is gone', () => {
    const w = unlinkedOpen();
    expect(w.inodes[fileInode(w)]?.i_nlink).toBe(0);
    expect(checkInvariants(w)).toEqual([]);
  });

  it('holds after the last close, which evicts that inode', () => {
    const before = unlinkedOpen();
    const after = run(before, [{ call: 'close', fd: 3 }]);
    expect(after.inodes[fileInode(before)]).toBeUndefined();
    expect(checkInvariants(after)).toEqual([]);
  });

  it('reports an inode the last close left in place with i_nlink 0 and i_count 0, which no other invariant sees', () => {
    const before = unlinkedOpen();
    const ino = fileInode(before);
    const inode = before.inodes[ino];
    if (inode === undefined) throw new Error('no inode');
    // The close as if iput_final had skipped evict: the inode stays, unheld, and keeps its number.
    const leaked = produce(run(before, [{ call: 'close', fd: 3 }]), (d) => {
      d.inodes[ino] = castDraft({ ...inode, i_count: 0 });
      const sb = d.superblocks[inode.i_sb];
      if (sb !== undefined) sb.s_free_inos = sb.s_free_inos.filter((n) => n !== inode.i_ino);
    });
    expect(checkInvariants(leaked).map((v) => v.invariant)).toEqual(['deletedInodesEvicted']);
    expect(fastCheckInvariants(leaked)).toEqual(checkInvariants(leaked));
  });
});
