// The invariants the fast pass decides besides the ledger's (deadDirsAreEmpty, pathsOnTheirMount,
// deletedInodesEvicted, and inflightIdsLive by leaving every world with a call in flight to the full
// check): on a world that breaks one of them, the pass says no and fastCheckInvariants returns what
// checkInvariants returns.
import { castDraft, produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { fastCheckInvariants, invariantsHold } from '../../src/invariants/invariants-fast.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { O_CREAT, O_RDWR } from '../../src/model/flags.js';
import type { DentryId, InodeId } from '../../src/model/ids.js';
import { S_DEAD } from '../../src/model/inode.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { step } from '../../src/ops/run/step.js';

const run = (w: World, calls: readonly Syscall[]): World => calls.reduce((x, sc) => step(x, 1, sc).world, w);

/** /d holding the file f, and / holding g, both closed; fds 0-2 held from outside (another superblock). */
const base = run(bootWorld({ outsideFds: [0, 1, 2] }), [
  { call: 'mkdir', path: '/d', mode: 0o755 },
  { call: 'open', path: '/d/f', flags: O_CREAT | O_RDWR, mode: 0o644 },
  { call: 'close', fd: 3 },
  { call: 'open', path: '/g', flags: O_CREAT | O_RDWR, mode: 0o644 },
  { call: 'close', fd: 3 },
]);

const dentryAt = (w: World, parent: number, name: string): number => {
  const id = w.dentries[parent]?.d_children[name];
  if (id === undefined) throw new Error(`no ${name}`);
  return id;
};
const rootDentry = (w: World): number => w.tasks[1]?.root.dentry ?? -1;

/** Only `name` is broken, the pass says no, and the fast answer is the full one. */
function onlyBroken(w: World, name: string): void {
  const full = checkInvariants(w);
  expect(new Set(full.map((v) => v.invariant))).toEqual(new Set([name]));
  expect(invariantsHold(w)).toBe(false);
  expect(fastCheckInvariants(w)).toEqual(full);
}

describe('the fast pass', () => {
  it('holds on the world the damaged ones start from', () => {
    expect(checkInvariants(base)).toEqual([]);
    expect(invariantsHold(base)).toBe(true);
  });

  it('sees a name in a removed directory (deadDirsAreEmpty)', () => {
    const bad = produce(base, (w) => {
      const d = w.dentries[dentryAt(w, rootDentry(w), 'd')];
      const dir = d?.d_inode === null || d === undefined ? undefined : w.inodes[d.d_inode];
      if (dir === undefined) throw new Error('no /d');
      // Removed as rmdir leaves a directory still held: dead, no links, on the orphan list.
      dir.i_flags |= S_DEAD;
      dir.i_nlink = 0;
      w.superblocks[dir.i_sb]?.s_orphans.push(dir.id);
    });
    onlyBroken(bad, 'deadDirsAreEmpty');
  });

  it("sees a file whose path pairs a mount with another superblock's dentry (pathsOnTheirMount)", () => {
    const bad = produce(base, (w) => {
      const file = Object.values(w.files)[0];
      const root = w.tasks[1]?.root.mnt;
      if (file === undefined || root === undefined || file.f_path.mnt === root) throw new Error('no outside file');
      const from = w.mounts[file.f_path.mnt];
      const to = w.mounts[root];
      if (from === undefined || to === undefined) throw new Error('no mounts');
      from.mnt_count--;
      to.mnt_count++;
      file.f_path.mnt = root;
    });
    onlyBroken(bad, 'pathsOnTheirMount');
  });

  it('sees an inode with no name and no holder left in the table (deletedInodesEvicted)', () => {
    const g = base.dentries[dentryAt(base, rootDentry(base), 'g')];
    const inode = g?.d_inode === null || g === undefined ? undefined : base.inodes[g.d_inode];
    if (inode === undefined) throw new Error('no /g');
    const bad = produce(base, (w) => {
      const id = w.next.inode++ as InodeId;
      w.inodes[id] = castDraft({ ...structuredClone(inode), id, i_nlink: 0, i_count: 0 });
    });
    onlyBroken(bad, 'deletedInodesEvicted');
  });

  it('leaves a world with a call in flight to the full check (inflightIdsLive)', () => {
    const bad = produce(base, (w) => {
      w.inflight = {
        1: {
          call: { call: 'close', fd: 3 },
          next: 'fput',
          refs: { victim: { kind: 'dentry', dentry: 99_999 as DentryId } },
          locks: [],
          data: {},
          errno: null,
        },
      };
    });
    const full = checkInvariants(bad);
    expect(full.map((v) => v.invariant)).toContain('inflightIdsLive');
    expect(invariantsHold(bad)).toBe(false);
    expect(fastCheckInvariants(bad)).toEqual(full);
  });
});
