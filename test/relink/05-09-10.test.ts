// Patches 05 (unlinked fifos), 09 (containers: mount namespaces) and 10 (cleanup after failure).
import { describe, expect, it } from 'vitest';
import { CLONE_NEWNS, MS_BIND, O_RDWR } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { checkpointWorld, cleanupWorld, killTasks, restartWorld } from '../../src/cr/cr-flow.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { call, ERR, must, open, relinkAt, relinkWorld, unlinkedOpen, write } from './setup.js';

const names = (w: World, dir: string): string[] => {
  const fd = call(w, { call: 'open', path: dir, flags: 0o200000, mode: 0 });
  const fdNum = fd.result.ok === true ? fd.result.ret : -1;
  const r = call(fd.world, { call: 'getdents64', fd: fdNum, count: 4096 }).result;
  return r.ok === true ? (r.dents ?? []).map((d) => d.d_name).filter((n) => n !== '.' && n !== '..') : [];
};

/** pid 2 alone holds an unlinked fifo with `data` buffered (fd 3, O_RDWR); pid 1 will checkpoint it. */
function fifoHeldByChild(kernel: string, data: string): World {
  let w = must(
    relinkWorld('ext4', kernel),
    { call: 'mknod', path: '/p', mode: 0o10600, dev: 0 },
    { call: 'fork', child: 2 },
  );
  for (const sc of [open('/p', O_RDWR), write(3, data), { call: 'unlink' as const, path: '/p' }]) {
    const out = call(w, sc, 2);
    expect(out.result.ok).toBe(true);
    w = out.world;
  }
  return w;
}

describe('patch 05: unlinked fifos', () => {
  it('relinking an unlinked fifo keeps its buffer, and restart refills it after the pipe died', () => {
    const w = fifoHeldByChild('relink', 'queued');
    const ck = checkpointWorld(w, { checkpointer: 1, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    expect(ck.result.image.files.find((f) => f.type === 'fifo')?.pipeBuf).toBe('queued');
    const live = call(ck.world, { call: 'read', fd: 3, count: 100 }, 2).result;
    expect(live.ok === true && live.data).toEqual('queued');
    // Killing the task closes the last end: the pipe and its buffer are gone until restart.
    const rs = restartWorld(killTasks(ck.world, [2]), { restarter: 1, image: ck.result.image });
    if (!rs.result.ok) throw new Error(`${rs.result.call}: ${rs.result.errno}`);
    const pid = rs.result.pids.get(2) ?? 0;
    const r = call(rs.world, { call: 'read', fd: 3, count: 100 }, pid).result;
    expect(r.ok === true && r.data).toEqual('queued');
    expect(checkInvariants(rs.world)).toEqual([]);
  });

  it('seeded bug fifo-relink-drops-buffer: the live fifo loses its data at checkpoint', () => {
    const ck = checkpointWorld(fifoHeldByChild('fifo-relink-drops-buffer', 'queued'), {
      checkpointer: 1,
      pids: [2],
      strategy: 'relink',
    });
    const live = call(ck.world, { call: 'read', fd: 3, count: 100 }, 2).result;
    expect(live.ok).toBe('blocked');
  });
});

describe('patch 09: relink inside containers', () => {
  it('a task in its own mount namespace relinks through its own mount of the file system', () => {
    let w = unlinkedOpen(relinkWorld());
    w = must(w, { call: 'clone', flags: CLONE_NEWNS, child: 2 });
    const ck = checkpointWorld(w, { checkpointer: 1, pids: [2], strategy: 'relink' });
    expect(ck.result.ok).toBe(true);
  });

  it('a file opened through a bind mount that does not reach relink_dir cannot be relinked (EXDEV)', () => {
    let w = must(
      relinkWorld(),
      { call: 'mkdir', path: '/data', mode: 0o755 },
      { call: 'mkdir', path: '/c', mode: 0o755 },
    );
    w = must(w, { call: 'mount', source: '/data', target: '/c', fstype: '', flags: MS_BIND, data: '' });
    w = must(w, open('/c/f'), write(3, 'x'), { call: 'unlink', path: '/c/f' }, { call: 'fork', child: 2 });
    const ck = checkpointWorld(w, { checkpointer: 1, pids: [2], strategy: 'relink' });
    expect(ck.result.ok === false && ck.result.errno).toBe('EXDEV');
    expect(call(w, relinkAt(3, '/ckpt/x')).result).toEqual(ERR('EXDEV'));
  });

  it('seeded bug relink-cross-mount: the same file is relinked through another mount', () => {
    let w = must(relinkWorld('ext4', 'relink-cross-mount'), { call: 'mkdir', path: '/data', mode: 0o755 });
    w = must(w, { call: 'mkdir', path: '/c', mode: 0o755 });
    w = must(w, { call: 'mount', source: '/data', target: '/c', fstype: '', flags: MS_BIND, data: '' });
    w = must(w, open('/c/f'), { call: 'unlink', path: '/c/f' }, { call: 'fork', child: 2 });
    expect(checkpointWorld(w, { checkpointer: 1, pids: [2], strategy: 'relink' }).result.ok).toBe(true);
  });
});

describe('patch 10: cleanup after a failed checkpoint', () => {
  function twoUnlinked(kernel = 'relink'): World {
    let w = must(relinkWorld('ext4', kernel), open('/a'), open('/b'));
    w = must(w, { call: 'unlink', path: '/a' }, { call: 'unlink', path: '/b' });
    return must(w, { call: 'fork', child: 2 });
  }

  it('a checkpoint failing after the first relink leaves that name; cleanup removes it', () => {
    const ck = checkpointWorld(twoUnlinked(), {
      checkpointer: 1,
      pids: [2],
      strategy: 'relink',
      failAfterNames: { count: 1, errno: 'EIO' },
    });
    expect(ck.result.ok).toBe(false);
    if (ck.result.ok) return;
    expect(ck.result.createdNames).toHaveLength(1);
    expect(names(ck.world, '/ckpt')).toHaveLength(1);
    const cl = cleanupWorld(ck.world, 1, ck.result.createdNames);
    expect(cl.result.removed).toHaveLength(1);
    expect(names(cl.world, '/ckpt')).toEqual([]);
    expect(checkInvariants(cl.world)).toEqual([]);
  });

  it('cleanup leaves a name that now belongs to another inode', () => {
    const ck = checkpointWorld(twoUnlinked(), { checkpointer: 1, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    const first = ck.result.image.createdNames[0];
    if (first === undefined) throw new Error('no name');
    // Somebody replaces the relinked name with a file of their own.
    const w = must(ck.world, { call: 'unlink', path: first.path }, open(first.path));
    const cl = cleanupWorld(w, 1, ck.result.image.createdNames);
    expect(cl.result.kept.map((k) => k.why)).toEqual(['other inode']);
    expect(names(cl.world, '/ckpt')).toContain(first.path.slice('/ckpt/'.length));
  });

  it('seeded bug cleanup-wrong-name: the other inode loses its name', () => {
    const ck = checkpointWorld(twoUnlinked('cleanup-wrong-name'), { checkpointer: 1, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    const first = ck.result.image.createdNames[0];
    if (first === undefined) throw new Error('no name');
    const w = must(ck.world, { call: 'unlink', path: first.path }, open(first.path));
    const cl = cleanupWorld(w, 1, ck.result.image.createdNames);
    expect(names(cl.world, '/ckpt')).not.toContain(first.path.slice('/ckpt/'.length));
  });
});
