// The fast pass remembers each table's records between checks (src/invariants/record-index.ts); a
// replay changes its one world in place, so every change to a table it has seen must be noticed:
// records added, removed, replaced, re-keyed, and fields changed inside a remembered record.
import { describe, expect, it } from 'vitest';
import { fastCheckInvariants, invariantsHold } from '../../src/invariants/invariants-fast.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { O_CREAT, O_RDWR } from '../../src/model/flags.js';
import type { Draft } from 'immer';
import type { InodeId } from '../../src/model/ids.js';
import type { Inode } from '../../src/model/inode.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { step } from '../../src/ops/run/step.js';

const run = (w: World, calls: readonly Syscall[]): World => calls.reduce((x, sc) => step(x, 1, sc).world, w);

/** A mutable world (as the in-place runner holds one): two files in /, one of them open. */
function mutableWorld(): { w: World; inodes: Record<number, Draft<Inode>> } {
  const frozen = run(bootWorld({ outsideFds: [0, 1, 2] }), [
    { call: 'open', path: '/a', flags: O_CREAT | O_RDWR, mode: 0o644 },
    { call: 'open', path: '/b', flags: O_CREAT | O_RDWR, mode: 0o644 },
    { call: 'close', fd: 4 },
  ]);
  const w = structuredClone(frozen);
  return { w, inodes: w.inodes as Record<number, Draft<Inode>> };
}

/** The fast answers are the full one, which finds something. */
function noticed(w: World): void {
  const full = checkInvariants(w);
  expect(full).not.toEqual([]);
  expect(invariantsHold(w)).toBe(false);
  expect(fastCheckInvariants(w)).toEqual(full);
}

const fileInode = (inodes: Record<number, Draft<Inode>>): Draft<Inode> => {
  const i = Object.values(inodes).find((x) => x.type === 'reg');
  if (i === undefined) throw new Error('no regular file');
  return i;
};

describe('the fast pass on a world changed in place between checks', () => {
  it('notices a record added to a table it has seen', () => {
    const { w, inodes } = mutableWorld();
    expect(invariantsHold(w)).toBe(true);
    const id = 1_000 as InodeId;
    inodes[id] = { ...structuredClone(fileInode(inodes)), id, i_nlink: 0, i_count: 0 };
    noticed(w);
    delete inodes[id];
    expect(invariantsHold(w)).toBe(true);
  });

  it('notices a record removed', () => {
    const { w, inodes } = mutableWorld();
    expect(invariantsHold(w)).toBe(true);
    const gone = fileInode(inodes);
    delete inodes[gone.id];
    noticed(w);
    inodes[gone.id] = gone;
    expect(invariantsHold(w)).toBe(true);
  });

  it('notices a record replaced by another under the same id', () => {
    const { w, inodes } = mutableWorld();
    expect(invariantsHold(w)).toBe(true);
    const old = fileInode(inodes);
    inodes[old.id] = { ...structuredClone(old), i_nlink: old.i_nlink + 1 };
    noticed(w);
  });

  it('notices one record removed and another added: as many keys as before, not the same ones', () => {
    const { w, inodes } = mutableWorld();
    expect(invariantsHold(w)).toBe(true);
    const old = fileInode(inodes);
    delete inodes[old.id];
    inodes[5_000] = { ...old, id: 5_000 as InodeId };
    noticed(w);
  });

  it('answers as the full check does for a record whose own id changed under the same key', () => {
    const { w, inodes } = mutableWorld();
    expect(invariantsHold(w)).toBe(true);
    fileInode(inodes).id = 7_000 as InodeId;
    // The full check goes by key and finds nothing; the pass, which goes by id, defers to it.
    expect(invariantsHold(w)).toBe(false);
    expect(fastCheckInvariants(w)).toEqual(checkInvariants(w));
  });

  it('notices a field changed inside a remembered record', () => {
    const { w, inodes } = mutableWorld();
    expect(invariantsHold(w)).toBe(true);
    fileInode(inodes).i_count++;
    noticed(w);
  });
});
