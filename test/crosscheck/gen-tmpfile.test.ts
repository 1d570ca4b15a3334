// The random cross-check traces cover O_TMPFILE: plain ones linked, O_TMPFILE|O_EXCL ones refused
// even into relink_dir, so the QEMU cross-check holds the series' O_EXCL rule to the kernel's.
import { castDraft } from 'immer';
import { describe, expect, it } from 'vitest';
import { randomTraces } from '../../src/crosscheck/gen.js';
import { I_LINKABLE, I_TMPFILE_EXCL } from '../../src/model/inode.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { fdLookup } from '../../src/ops/vfs/fdtable.js';
import { Unmodelled } from '../../src/model/errors.js';
import { step } from '../../src/ops/run/step.js';

/** The model's answers to linkat of an O_TMPFILE fd, as "<kind> <into> <answer>" counts. */
function tmpfileLinks(traces: ReturnType<typeof randomTraces>): Map<string, number> {
  const n = new Map<string, number>();
  for (const t of traces) {
    let w: World = bootWorld({ kernel: 'relink', rootFs: 'ext4', outsideFds: [0, 1, 2] });
    for (const sc of t) {
      const file = sc.call === 'linkat' ? fdLookup(castDraft(w), 1, sc.olddirfd) : null;
      const inode = file === null ? undefined : w.inodes[w.files[file]?.f_inode ?? -1];
      let s: ReturnType<typeof step>;
      try {
        s = step(w, 1, sc);
      } catch (e) {
        if (e instanceof Unmodelled) break;
        throw e;
      }
      w = s.world;
      if (sc.call !== 'linkat' || inode === undefined) continue;
      const kind =
        (inode.i_state & I_TMPFILE_EXCL) !== 0 ? 'excl' : (inode.i_state & I_LINKABLE) !== 0 ? 'linkable' : null;
      if (kind === null) continue;
      const key = `${kind} ${sc.newpath.startsWith('ckpt/') ? 'relink_dir' : 'elsewhere'} ${s.result.ok ? 'ok' : s.result.errno}`;
      n.set(key, (n.get(key) ?? 0) + 1);
    }
  }
  return n;
}

describe('random cross-check traces: O_TMPFILE', () => {
  const n = tmpfileLinks(randomTraces(200, 30, 2026, true));

  it('link O_TMPFILE files without O_EXCL, into relink_dir and elsewhere', () => {
    expect(n.get('linkable relink_dir ok') ?? 0).toBeGreaterThan(5);
    expect(n.get('linkable elsewhere ok') ?? 0).toBeGreaterThan(5);
  });

  it('try to relink O_TMPFILE|O_EXCL files into relink_dir, which the series refuses with ENOENT', () => {
    expect(n.get('excl relink_dir ENOENT') ?? 0).toBeGreaterThan(5);
    expect([...n.keys()].filter((k) => k.startsWith('excl') && k.endsWith(' ok'))).toEqual([]);
  });
});
