/**
 * Who may relink, and into what (our port's may_relink, kernel-patches/0006; docs/security.md):
 * checkpoint_restore_ns_capable, and a relink_dir private to root, checked at each relink.
 */
import { castDraft, produce } from 'immer';
import { describe, expect, it } from 'vitest';
import {
  CAP_CHECKPOINT_RESTORE,
  CAP_DAC_READ_SEARCH,
  CAP_FULL_SET,
  CAP_SYS_ADMIN,
  capMinus,
  capSet,
} from '../../src/model/cred.js';
import { AT_FDCWD, AT_SYMLINK_FOLLOW, O_RDONLY } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { taskOf } from '../../src/ops/vfs/world-draft.js';
import { deletedStaysDeleted } from '../../src/invariants/deleted-stays-deleted.js';
import { checkpointWorld } from '../../src/cr/cr-flow.js';
import { asUser } from '../helpers/as-user.js';
import { ERR, OK0, call, must, relinkAt, relinkWorld, unlinkedOpen } from './setup.js';

/** Task 1 acting with exactly `caps` as its effective and permitted sets, still uid 0. */
function withCaps(w: World, caps: number): World {
  return produce(w, (d) => {
    const t = taskOf(d, 1);
    t.cred = castDraft({ ...t.cred, cap_effective: caps, cap_permitted: caps });
  });
}

const relinkByProc = {
  call: 'linkat',
  olddirfd: AT_FDCWD,
  oldpath: '/proc/self/fd/3',
  newdirfd: AT_FDCWD,
  newpath: '/ckpt/r',
  flags: AT_SYMLINK_FOLLOW,
} as const;

describe('who may relink (checkpoint_restore_ns_capable)', () => {
  it('root relinks into a private relink_dir', () => {
    expect(call(unlinkedOpen(relinkWorld()), relinkAt(3, '/ckpt/r')).result).toEqual(OK0);
  });

  it('without CAP_CHECKPOINT_RESTORE and CAP_SYS_ADMIN the relink is ENOENT, as on mainline', () => {
    const w = withCaps(
      unlinkedOpen(relinkWorld()),
      capMinus(CAP_FULL_SET, capSet(CAP_CHECKPOINT_RESTORE, CAP_SYS_ADMIN)),
    );
    expect(call(w, relinkAt(3, '/ckpt/r')).result).toEqual(ERR('ENOENT'));
    expect(call(w, relinkByProc).result).toEqual(ERR('ENOENT'));
  });

  it('CAP_CHECKPOINT_RESTORE alone is enough for a root-owned task (the /proc link needs no other)', () => {
    const w = withCaps(unlinkedOpen(relinkWorld()), capSet(CAP_CHECKPOINT_RESTORE));
    expect(call(w, relinkByProc).result).toEqual(OK0);
  });

  it("6.1's AT_EMPTY_PATH still asks CAP_DAC_READ_SEARCH first", () => {
    const w = withCaps(unlinkedOpen(relinkWorld()), capSet(CAP_CHECKPOINT_RESTORE));
    expect(call(w, relinkAt(3, '/ckpt/r')).result).toEqual(ERR('ENOENT'));
    const both = withCaps(unlinkedOpen(relinkWorld()), capSet(CAP_CHECKPOINT_RESTORE, CAP_DAC_READ_SEARCH));
    expect(call(both, relinkAt(3, '/ckpt/r')).result).toEqual(OK0);
  });

  it('a file with names left is linked as usual: the rule is only for the relink', () => {
    const w = withCaps(must(relinkWorld(), { call: 'open', path: '/f', flags: 0o102, mode: 0o644 }), capSet());
    expect(call(w, { ...relinkByProc, newpath: '/g' }).result).toEqual(OK0);
  });
});

describe('relink_dir must be private to root (owned by uid 0, no group or other bits)', () => {
  const chmodCkpt = (w: World, mode: number): World => must(w, { call: 'chmod', path: '/ckpt', mode });

  it('a relink_dir others may search is refused: ENOENT', () => {
    expect(call(chmodCkpt(unlinkedOpen(relinkWorld()), 0o755), relinkAt(3, '/ckpt/r')).result).toEqual(ERR('ENOENT'));
  });

  it('so is one with only group bits, or owned by another user', () => {
    expect(call(chmodCkpt(unlinkedOpen(relinkWorld()), 0o710), relinkAt(3, '/ckpt/r')).result).toEqual(ERR('ENOENT'));
    const owned = must(unlinkedOpen(relinkWorld()), { call: 'chown', path: '/ckpt', owner: 1000, group: -1 });
    expect(call(owned, relinkAt(3, '/ckpt/r')).result).toEqual(ERR('ENOENT'));
  });

  it('is checked at each relink: a chmod after relink= takes effect at once, and back again', () => {
    const opened = chmodCkpt(unlinkedOpen(relinkWorld()), 0o755);
    expect(call(opened, relinkAt(3, '/ckpt/r')).result).toEqual(ERR('ENOENT'));
    expect(call(chmodCkpt(opened, 0o700), relinkAt(3, '/ckpt/r')).result).toEqual(OK0);
  });

  it('keeps an unprivileged task from the relinked name: EACCES on the way', () => {
    const relinked = must(unlinkedOpen(relinkWorld()), relinkAt(3, '/ckpt/r'));
    const user = asUser(relinked, 1000, 1000);
    expect(call(user, { call: 'open', path: '/ckpt/r', flags: O_RDONLY, mode: 0 }).result).toEqual(ERR('EACCES'));
  });
});

describe('the law deletedStaysDeleted sees who relinked', () => {
  it('names a step by a task that may not checkpoint, though the name is in relink_dir', () => {
    const before = unlinkedOpen(relinkWorld());
    const after = must(before, relinkAt(3, '/ckpt/r'));
    const unprivileged = withCaps(before, capSet());
    expect(deletedStaysDeleted(before, after, 1)).toEqual([]);
    expect(deletedStaysDeleted(unprivileged, after, 1).map((v) => v.invariant)).toEqual(['deletedStaysDeleted']);
  });
});

describe('checkpoint refuses a relink_dir that is not private (the tool, beside the kernel)', () => {
  /** /a open by a child 2, linked as /b, /a unlinked: checkpoint links it, an ordinary link. */
  function aliased(mode: number): World {
    const w = must(relinkWorld(), { call: 'chmod', path: '/ckpt', mode }, { call: 'fork', child: 2 });
    const opened = call(w, { call: 'open', path: '/a', flags: 0o102, mode: 0o644 }, 2).world;
    return must(opened, { call: 'link', oldpath: '/a', newpath: '/b' }, { call: 'unlink', path: '/a' });
  }

  it('with EPERM and the reason, before any name is made, for a file that still has another name', () => {
    const ck = checkpointWorld(aliased(0o755), { checkpointer: 1, pids: [2], strategy: 'relink' });
    expect(ck.result).toMatchObject({ ok: false, errno: 'EPERM', createdNames: [] });
    expect(ck.result.ok === false && ck.result.reason).toMatch(/not private to root/);
  });

  it('and checkpoints the same task into a private one', () => {
    expect(checkpointWorld(aliased(0o700), { checkpointer: 1, pids: [2], strategy: 'relink' }).result.ok).toBe(true);
  });
});
