// The world diff is the narration's only source: it must see every change and nothing else.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { diffWorlds } from '../../src/teach/diff.js';

const boot = () => bootWorld({ kernel: 'relink', rootFs: 'ext4', outsideFds: [0, 1, 2] });

describe('diffWorlds', () => {
  it('finds nothing between a world and itself', () => {
    const w = boot();
    expect(diffWorlds(w, w)).toEqual({ added: [], removed: [], fields: [] });
  });

  it('reports a changed field with its table, id, old and new value', () => {
    const w = boot();
    const v = produce(w, (d) => {
      const i = d.inodes[1];
      if (i !== undefined) i.i_count += 1;
    });
    expect(diffWorlds(w, v).fields).toEqual([{ table: 'inodes', id: 1, field: 'i_count', from: 1, to: 2 }]);
  });

  it('reports a record that appeared and one that went', () => {
    const w = boot();
    const v = produce(w, (d) => {
      const i = d.inodes[1];
      if (i === undefined) throw new Error('no root inode');
      d.inodes[99] = { ...i, id: 99 as never };
      delete d.files[1];
    });
    const diff = diffWorlds(w, v);
    expect(diff.added).toEqual([{ table: 'inodes', id: 99 }]);
    expect(diff.removed).toEqual([{ table: 'files', id: 1 }]);
  });
});
