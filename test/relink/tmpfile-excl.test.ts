// O_TMPFILE|O_EXCL and the relink series: open(2) promises such a file is never linked, and the
// series keeps that promise (docs/relink-series.md, "O_TMPFILE"). Checked on Linux: linkat of an
// O_TMPFILE|O_EXCL fd, by AT_EMPTY_PATH or by /proc/self/fd/N, is ENOENT; without O_EXCL it links.
import { describe, expect, it } from 'vitest';
import { AT_SYMLINK_FOLLOW, O_EXCL, O_RDWR, O_TMPFILE } from '../../src/model/flags.js';
import { I_LINKABLE } from '../../src/model/inode.js';
import type { World } from '../../src/model/world.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { checkpointWorld } from '../../src/cr/cr-flow.js';
import { rFile, rInode, rSb, rTask } from '../../src/ops/vfs/world-draft.js';
import { ERR, OK0, call, must, relinkAt, relinkWorld, write } from './setup.js';

const tmpfile = (flags: number) =>
  ({ call: 'open', path: '/', flags: O_TMPFILE | O_RDWR | flags, mode: 0o600 }) as const;

function fdInode(w: World, fd: number, pid = 1) {
  const f = w.fdtables[rTask(w, pid).files]?.fds[fd]?.file;
  if (f === undefined) throw new Error(`pid ${pid} fd ${fd} not open`);
  return rInode(w, rFile(w, f).f_inode);
}

describe('O_TMPFILE|O_EXCL under the relink series: never linked', () => {
  it('a relink into relink_dir is refused with ENOENT, as on mainline, on ext4, ext3 and btrfs', () => {
    for (const fs of ['ext4', 'ext3', 'btrfs'] as const) {
      const w = must(relinkWorld(fs), tmpfile(O_EXCL), write(3, 'secret'));
      expect(call(w, relinkAt(3, '/ckpt/x')).result, fs).toEqual(ERR('ENOENT'));
    }
  });

  it('a relink through /proc/self/fd/N with AT_SYMLINK_FOLLOW is refused with ENOENT too', () => {
    const w = must(relinkWorld(), tmpfile(O_EXCL));
    const viaProc = {
      call: 'linkat',
      olddirfd: -100,
      oldpath: '/proc/self/fd/3',
      newdirfd: -100,
      newpath: '/ckpt/x',
      flags: AT_SYMLINK_FOLLOW,
    } as const;
    expect(call(w, viaProc).result).toEqual(ERR('ENOENT'));
  });

  it('the refused file keeps i_nlink 0, stays on the orphan list, and relink_dir stays empty', () => {
    const w0 = must(relinkWorld(), tmpfile(O_EXCL));
    const w = call(w0, relinkAt(3, '/ckpt/x')).world;
    const ino = fdInode(w, 3);
    expect(ino.i_nlink).toBe(0);
    expect(rSb(w, ino.i_sb).s_orphans).toContain(ino.id);
    expect(call(w, { call: 'stat', path: '/ckpt/x' }).result).toEqual(ERR('ENOENT'));
    expect(checkInvariants(w)).toEqual([]);
  });
});

describe('O_TMPFILE without O_EXCL under the relink series: linkable as before', () => {
  it('is linked into relink_dir through ->link (it is I_LINKABLE), and I_LINKABLE is cleared', () => {
    const w0 = must(relinkWorld(), tmpfile(0), write(3, 'scratch'));
    expect(fdInode(w0, 3).i_state & I_LINKABLE).toBe(I_LINKABLE);
    const w = must(w0, relinkAt(3, '/ckpt/x'));
    expect(fdInode(w, 3).i_nlink).toBe(1);
    expect(fdInode(w, 3).i_state & I_LINKABLE).toBe(0);
    expect(checkInvariants(w)).toEqual([]);
  });

  it('linked, then unlinked again, is an ordinary unlinked file: relinked into relink_dir, refused elsewhere', () => {
    const w = must(relinkWorld(), tmpfile(0), relinkAt(3, '/n'), { call: 'unlink', path: '/n' });
    expect(call(w, relinkAt(3, '/elsewhere')).result).toEqual(ERR('ENOENT'));
    expect(call(w, relinkAt(3, '/ckpt/x')).result).toEqual(OK0);
  });
});

describe('checkpoint (relink strategy) of a task holding an O_TMPFILE|O_EXCL file', () => {
  it('fails with the ENOENT of its relink, creates no name, and leaves the file as it was', () => {
    const w0 = must(relinkWorld(), { call: 'fork', child: 2 });
    // The child opens it: pid 1 only checkpoints.
    const opened = call(w0, tmpfile(O_EXCL), 2);
    expect(opened.result).toEqual({ ok: true, ret: 3 });
    const { world, result } = checkpointWorld(opened.world, { checkpointer: 1, pids: [2], strategy: 'relink' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errno).toBe('ENOENT');
    expect(result.createdNames).toEqual([]);
    expect(fdInode(world, 3, 2).i_nlink).toBe(0);
    expect(checkInvariants(world)).toEqual([]);
  });

  it('succeeds for a plain O_TMPFILE file, which it links into relink_dir', () => {
    const w0 = must(relinkWorld(), { call: 'fork', child: 2 });
    const opened = call(w0, tmpfile(0), 2);
    const { result } = checkpointWorld(opened.world, { checkpointer: 1, pids: [2], strategy: 'relink' });
    expect(result.ok && result.image.createdNames.map((c) => c.path)).toEqual([
      `/ckpt/unlink-at-restart-${fdInode(opened.world, 3, 2).i_ino}-0`,
    ]);
  });
});
