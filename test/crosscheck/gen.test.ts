// The random traces the QEMU cross-check runs: they must reach the states the series is about.
import { castDraft } from 'immer';
import { describe, expect, it } from 'vitest';
import { randomTraces, RELINK_SETUP } from '../../src/crosscheck/gen.js';
import { bootWorld } from '../../src/ops/boot.js';
import { fdLookup } from '../../src/ops/fdtable.js';
import { step } from '../../src/ops/step.js';
import type { World } from '../../src/model/world.js';

/** Successful relinks (linkat AT_EMPTY_PATH of an fd whose inode has i_nlink 0), by file type. */
function relinksOfUnlinkedFiles(traces: readonly ReturnType<typeof randomTraces>[number][]): {
  reg: number;
  fifo: number;
} {
  const n = { reg: 0, fifo: 0 };
  for (const t of traces) {
    let w: World = bootWorld({ kernel: 'relink', rootFs: 'ext4', outsideFds: [0, 1, 2] });
    for (const sc of t) {
      const file = sc.call === 'linkat' ? fdLookup(castDraft(w), 1, sc.olddirfd) : null;
      const inode = file === null ? undefined : w.inodes[w.dentries[w.files[file]?.f_path.dentry ?? -1]?.d_inode ?? -1];
      const s = step(w, 1, sc);
      if (inode !== undefined && inode.i_nlink === 0 && s.result.ok)
        n[(inode.i_mode & 0o170000) === 0o010000 ? 'fifo' : 'reg'] += 1;
      w = s.world;
    }
  }
  return n;
}

describe('random cross-check traces', () => {
  it('are reproducible from their seed', () => {
    expect(randomTraces(5, 30, 11, true)).toEqual(randomTraces(5, 30, 11, true));
  });

  it('have the requested length and start by setting relink_dir when relinking', () => {
    for (const t of randomTraces(20, 30, 3, true)) {
      expect(t).toHaveLength(30);
      expect(t.slice(0, RELINK_SETUP.length)).toEqual(RELINK_SETUP);
    }
  });

  it('relink open regular files and fifos whose last name is gone', () => {
    const n = relinksOfUnlinkedFiles(randomTraces(100, 30, 2026, true));
    expect(n.reg).toBeGreaterThan(10);
    expect(n.fifo).toBeGreaterThan(10);
  });
});
