// The conditional unlink of the series' cleanup (src/ops/steps/funlink-steps.ts): the name is
// removed only if it still names the recorded inode, decided under the parent's lock.
import { describe, expect, it } from 'vitest';
import { startWorld } from '../../src/checker/relink-alphabet.js';
import { stateKey } from '../../src/checker/canonical.js';
import { AT_FDCWD, O_CREAT, O_RDWR } from '../../src/model/flags.js';
import { S_IFREG } from '../../src/model/modes.js';
import type { World } from '../../src/model/world.js';
import { checkpointWorld, cleanupWorld } from '../../src/cr/cr-flow.js';
import { pinCreated } from '../../src/cr/relink-cleanup.js';
import { step } from '../../src/ops/run/step.js';
import type { FunlinkCall } from '../../src/model/inflight.js';
import { runSplitCall, runSplitStep } from '../../src/ops/steps/run.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

const run = (w: World, ...calls: [number, Syscall][]): World =>
  calls.reduce((cur, [pid, sc]) => {
    const out = step(cur, pid, sc);
    if (out.result.ok !== true) throw new Error(`${sc.call}: ${JSON.stringify(out.result)}`);
    return out.world;
  }, w);

/** Task 2's unlinked /a relinked by checkpoint; task 3 has a file /z of its own. */
function checkpointed() {
  const w = run(
    startWorld('relink'),
    [2, { call: 'open', path: '/a', flags: O_CREAT | O_RDWR, mode: 0o644 }],
    [2, { call: 'unlink', path: '/a' }],
    [1, { call: 'fork', child: 3 }],
    [3, { call: 'mknod', path: '/z', mode: S_IFREG | 0o644, dev: 0 }],
  );
  const ck = checkpointWorld(w, { checkpointer: 1, pids: [2], strategy: 'relink' });
  if (!ck.result.ok) throw new Error(ck.result.errno);
  const name = ck.result.image.createdNames[0];
  if (name === undefined) throw new Error('nothing relinked');
  return { world: ck.world, names: ck.result.image.createdNames, name };
}

const ino = (w: World, path: string): number | null => {
  const r = step(w, 1, { call: 'stat', path }).result;
  return r.ok === true ? (r.stat?.st_ino ?? null) : null;
};

describe('funlinkat', () => {
  it('removes the name while it names the recorded inode', () => {
    const { world, name } = checkpointed();
    const inode = pinCreated(world, 1, [name])[0]?.inode ?? null;
    const f: FunlinkCall = { call: 'funlinkat', dirfd: AT_FDCWD, path: name.path, inode };
    const out = runSplitCall(world, 1, f);
    expect(out.result).toEqual({ ok: true, ret: 0 });
    expect(out.steps).toEqual(['lookup', 'lock_parent', 'unlock']);
    expect(ino(out.world, name.path)).toBeNull();
  });

  it('is EDEADLK, and the name stays, when another file was renamed over it after the lookup', () => {
    const { world, name } = checkpointed();
    const z = ino(world, '/z');
    const inode = pinCreated(world, 1, [name])[0]?.inode ?? null;
    const f: FunlinkCall = { call: 'funlinkat', dirfd: AT_FDCWD, path: name.path, inode };
    let w = runSplitStep(world, 1, f).world; // lookup: the parent held, nothing locked
    w = run(w, [3, { call: 'rename', oldpath: '/z', newpath: name.path }]);
    const out = runSplitStep(w, 1);
    expect(out.step).toBe('lock_parent');
    expect(out.result).toEqual({ ok: false, errno: 'EDEADLK' });
    w = out.world;
    expect(ino(w, name.path)).toBe(z);
    expect(w.inflight).toBeUndefined();
  });

  it('gives the same world and outcome as newfstatat then unlink when nothing races', () => {
    const { world, names, name } = checkpointed();
    for (const w of [world, run(world, [3, { call: 'rename', oldpath: '/z', newpath: name.path }])]) {
      const a = cleanupWorld(w, 1, names, undefined, { method: 'funlinkat' });
      const b = cleanupWorld(w, 1, names, undefined, { method: 'fstatat-unlink' });
      expect(a.result).toEqual(b.result);
      expect(stateKey(a.world)).toBe(stateKey(b.world));
    }
  });
});

describe('the cleanup identity', () => {
  it('keeps a new file made at the name after the relinked inode died and its ino was reused', () => {
    const { world, name } = checkpointed();
    // Task 3 unlinks the relinked name, task 2 closes the file (it dies, ino free), task 3
    // creates a file of its own at the name: ext4 hands out the freed ino again.
    const targets = pinCreated(world, 1, [name]);
    const w = run(
      world,
      [3, { call: 'unlink', path: name.path }],
      [2, { call: 'close', fd: 3 }],
      [3, { call: 'open', path: name.path, flags: O_CREAT | O_RDWR, mode: 0o644 }],
    );
    expect(ino(w, name.path)).toBe(name.ino);
    const cl = cleanupWorld(w, 1, targets);
    expect(cl.result.kept).toEqual([{ path: name.path, why: 'other inode' }]);
    expect(ino(cl.world, name.path)).toBe(name.ino);
  });
});
