// Checkpoint/restart of the descriptors a task got from outside the model (stdin, stdout, stderr):
// every descriptor comes back, or the checkpoint fails and says which and why.
import { describe, expect, it } from 'vitest';
import { O_RDONLY } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { checkpointWorld, killTasks, restartWorld } from '../../src/cr/cr-flow.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { rTask } from '../../src/ops/vfs/world-draft.js';
import { call, must, relinkWorld, unlinkedOpen } from './setup.js';

const ROOT = 1;

function fdFile(w: World, pid: number, fd: number): number | undefined {
  return w.fdtables[rTask(w, pid).files]?.fds[fd]?.file;
}

function checkpointAndRestart(w0: World): { world: World; pid: number } {
  const ck = checkpointWorld(w0, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
  if (!ck.result.ok) throw new Error(`checkpoint: ${ck.result.errno}`);
  const rs = restartWorld(killTasks(ck.world, [2]), { restarter: ROOT, image: ck.result.image });
  if (!rs.result.ok) throw new Error(`restart: ${rs.result.call} ${rs.result.errno}`);
  return { world: rs.world, pid: rs.result.pids.get(2) ?? 0 };
}

describe('checkpoint/restart: descriptors inherited from outside', () => {
  it("a restored task has fds 0-2 again, as the restarter's own outside files", () => {
    const w0 = must(unlinkedOpen(relinkWorld()), { call: 'fork', child: 2 });
    const { world, pid } = checkpointAndRestart(w0);
    for (const fd of [0, 1, 2]) {
      expect(fdFile(world, pid, fd), `fd ${fd}`).toBe(fdFile(world, ROOT, fd));
      expect(call(world, { call: 'fstat', fd }, pid).result.ok, `fstat ${fd}`).toBe(true);
    }
    expect(checkInvariants(world)).toEqual([]);
  });

  it('the first open after restart returns 4, not 0 (fds 0-3 are taken)', () => {
    const w0 = must(unlinkedOpen(relinkWorld()), { call: 'fork', child: 2 });
    const { world, pid } = checkpointAndRestart(w0);
    const r = call(world, { call: 'open', path: '/ckpt', flags: O_RDONLY, mode: 0 }, pid).result;
    expect(r).toEqual({ ok: true, ret: 4 });
  });

  it('an outside file moved to another fd number comes back at that number, shared with fd 1', () => {
    let w0 = must(relinkWorld(), { call: 'fork', child: 2 });
    w0 = call(w0, { call: 'dup2', oldfd: 1, newfd: 7 }, 2).world;
    w0 = call(w0, { call: 'close', fd: 1 }, 2).world;
    w0 = call(w0, { call: 'dup2', oldfd: 2, newfd: 1 }, 2).world;
    const { world, pid } = checkpointAndRestart(w0);
    expect(fdFile(world, pid, 7)).toBe(fdFile(world, ROOT, 1));
    expect(fdFile(world, pid, 1)).toBe(fdFile(world, ROOT, 2));
    expect(fdFile(world, pid, 2)).toBe(fdFile(world, ROOT, 2));
    expect(fdFile(world, pid, 0)).toBe(fdFile(world, ROOT, 0));
  });

  it('a closed stdin stays closed after restart', () => {
    let w0 = must(relinkWorld(), { call: 'fork', child: 2 });
    w0 = call(w0, { call: 'close', fd: 0 }, 2).world;
    const { world, pid } = checkpointAndRestart(w0);
    expect(fdFile(world, pid, 0)).toBeUndefined();
    expect(fdFile(world, pid, 1)).toBe(fdFile(world, ROOT, 1));
  });

  it('restart fails (EBADF at fcntl) when the restarter lacks the outside file the task had', () => {
    const w0 = must(relinkWorld(), { call: 'fork', child: 2 });
    const ck = checkpointWorld(w0, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    const dead = call(killTasks(ck.world, [2]), { call: 'close', fd: 2 }).world;
    const rs = restartWorld(dead, { restarter: ROOT, image: ck.result.image });
    expect(rs.result.ok === false && [rs.result.call, rs.result.errno]).toEqual(['fcntl', 'EBADF']);
  });

  it('restart fails (EBADF) when the restarter holds an ordinary file where the task had an outside one', () => {
    const w0 = must(relinkWorld(), { call: 'fork', child: 2 });
    const ck = checkpointWorld(w0, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    let dead = call(killTasks(ck.world, [2]), { call: 'close', fd: 2 }).world;
    dead = must(dead, { call: 'open', path: '/ckpt', flags: O_RDONLY, mode: 0 });
    expect(fdFile(dead, ROOT, 2)).toBeDefined();
    const rs = restartWorld(dead, { restarter: ROOT, image: ck.result.image });
    expect(rs.result.ok === false && rs.result.errno).toBe('EBADF');
  });

  it('restart fails (EBADF) when the restarter holds a file system context where the task had an outside file', () => {
    const w0 = must(relinkWorld(), { call: 'fork', child: 2 });
    const ck = checkpointWorld(w0, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    let dead = call(killTasks(ck.world, [2]), { call: 'close', fd: 2 }).world;
    const fso = call(dead, { call: 'fsopen', fs_name: 'tmpfs', flags: 0 });
    expect(fso.result).toEqual({ ok: true, ret: 2 });
    dead = fso.world;
    const rs = restartWorld(dead, { restarter: ROOT, image: ck.result.image });
    expect(rs.result.ok === false && [rs.result.call, rs.result.errno]).toEqual(['fcntl', 'EBADF']);
  });

  it('an outside file the checkpointer no longer holds is refused at checkpoint (EBADF), naming the fd', () => {
    const w0 = call(must(relinkWorld(), { call: 'fork', child: 2 }), { call: 'close', fd: 0 }).world;
    const ck = checkpointWorld(w0, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    expect(ck.result.ok === false && [ck.result.errno, ck.result.reason]).toEqual([
      'EBADF',
      'pid 2 fd 0 came from outside and the checkpointer does not hold it: restart could not hand it over',
    ]);
  });

  it('a file system context fd (fsopen) is refused at checkpoint with EBADF, naming the fd', () => {
    let w0 = must(relinkWorld(), { call: 'fork', child: 2 });
    const fso = call(w0, { call: 'fsopen', fs_name: 'tmpfs', flags: 0 }, 2);
    expect(fso.result).toEqual({ ok: true, ret: 3 });
    w0 = fso.world;
    const ck = checkpointWorld(w0, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    expect(ck.result.ok).toBe(false);
    if (ck.result.ok) return;
    expect(ck.result.errno).toBe('EBADF');
    expect(ck.result.reason).toMatch(/pid 2 fd 3/);
  });
});
