// Patch 04: checkpoint relinks every open, unlinked file; restart reopens and unlinks the names.
import { describe, expect, it } from 'vitest';
import { O_RDONLY, O_RDWR } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { checkpointWorld, killTasks, restartWorld } from '../../src/cr/cr-flow.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { rFile, rInode, rTask } from '../../src/ops/vfs/world-draft.js';
import { call, must, open, relinkWorld, unlinkedOpen, write } from './setup.js';

const ROOT = 1;

/**
 * Fill fd `fd` with `size` bytes of data in every block: copy_file_range from a sparse file writes
 * the zeros it reads. (A sparse file costs CRIU's copy only its data blocks: criu-remap.test.ts.)
 */
function dense(fd: number, size: number): Syscall[] {
  return [
    open('/zeros'),
    { call: 'ftruncate', fd: fd + 1, length: size },
    { call: 'copy_file_range', fd_in: fd + 1, fd_out: fd, len: size, flags: 0 },
    { call: 'close', fd: fd + 1 },
    { call: 'unlink', path: '/zeros' },
  ];
}

/** A second task (pid 2) forked from pid 1, which the tests checkpoint; pid 1 is the checkpointer. */
function withChild(w: World): World {
  return must(w, { call: 'fork', child: 2 });
}

function fdInode(w: World, pid: number, fd: number) {
  const t = rTask(w, pid);
  const f = w.fdtables[t.files]?.fds[fd]?.file;
  if (f === undefined) throw new Error(`pid ${pid} fd ${fd} not open`);
  return rInode(w, rFile(w, f).f_inode);
}

describe('patch 04: checkpoint and restart of open, unlinked files', () => {
  it('checkpoint relinks the unlinked file into relink_dir and records its name', () => {
    const w0 = withChild(unlinkedOpen(relinkWorld()));
    const { world, result } = checkpointWorld(w0, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const f = result.image.files.find((x) => x.unlinked);
    expect(f?.source.kind).toBe('relinked');
    const path = f?.source.kind === 'relinked' ? f.source.path : '';
    expect(path.startsWith('/ckpt/unlink-at-restart-')).toBe(true);
    expect(fdInode(world, 2, 3).i_nlink).toBe(1);
    expect(checkInvariants(world)).toEqual([]);
  });

  it('restart after the task died gives a task whose fd reads the same data, with the name gone again', () => {
    const w0 = withChild(unlinkedOpen(relinkWorld(), 'precious'));
    const ck = checkpointWorld(w0, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    const dead = killTasks(ck.world, [2]);
    const rs = restartWorld(dead, { restarter: ROOT, image: ck.result.image });
    expect(rs.result.ok).toBe(true);
    const w = rs.world;
    const newPid = rs.result.ok ? (rs.result.pids.get(2) ?? 0) : 0;
    expect(fdInode(w, newPid, 3).i_nlink).toBe(0);
    const r = call(w, { call: 'pread64', fd: 3, count: 100, offset: 0 }, newPid).result;
    expect(r.ok === true && r.data).toEqual('precious');
    const ls = call(w, { call: 'open', path: '/ckpt', flags: O_RDONLY | 0o200000, mode: 0 }).result;
    expect(ls.ok).toBe(true);
    expect(checkInvariants(w)).toEqual([]);
  });

  it('restores the file position and aliasing: a write through the restored fd reaches the other name', () => {
    let w = must(relinkWorld(), open('/a'), write(3, 'abcdef'), { call: 'link', oldpath: '/a', newpath: '/b' });
    w = must(w, { call: 'unlink', path: '/a' }, { call: 'lseek', fd: 3, offset: 2, whence: 0 });
    w = withChild(w);
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    const rs = restartWorld(killTasks(ck.world, [2]), { restarter: ROOT, image: ck.result.image });
    if (!rs.result.ok) throw new Error(rs.result.errno);
    const pid = rs.result.pids.get(2) ?? 0;
    const after = must(rs.world, { call: 'open', path: '/b', flags: O_RDWR, mode: 0 });
    const pos = call(after, { call: 'lseek', fd: 3, offset: 0, whence: 1 }, pid).result;
    expect(pos).toEqual({ ok: true, ret: 2 });
    const w2 = call(after, write(3, 'XY'), pid).world;
    const viaB = call(w2, { call: 'pread64', fd: 4, count: 10, offset: 0 }).result;
    expect(viaB.ok === true && viaB.data).toEqual('abXYef');
  });

  /** The alias world: pid 2 holds /a open, /b names its inode, /a is gone. */
  const aliased = (): World => {
    const w = must(relinkWorld(), open('/a'), write(3, 'abcdef'), { call: 'link', oldpath: '/a', newpath: '/b' });
    return withChild(must(w, { call: 'unlink', path: '/a' }));
  };

  it('copy (CRIU without --link-remap) refuses a file whose name is gone while its inode keeps another, as criu dump does', () => {
    const ck = checkpointWorld(aliased(), { checkpointer: ROOT, pids: [2], strategy: 'copy' });
    expect(ck.result.ok).toBe(false);
    if (ck.result.ok) return;
    expect(ck.result.errno).toBe('EOPNOTSUPP');
    expect(ck.result.reason).toContain("Can't create link remap for /a. Use link-remap option.");
    expect(ck.result.reason).toContain('files-reg.c');
    expect(ck.result.createdNames).toEqual([]);
  });

  it('link-remap (CRIU with --link-remap) keeps that aliasing: the write reaches b', () => {
    const ck = checkpointWorld(aliased(), { checkpointer: ROOT, pids: [2], strategy: 'link-remap' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    const rs = restartWorld(killTasks(ck.world, [2]), { restarter: ROOT, image: ck.result.image });
    if (!rs.result.ok) throw new Error(`${rs.result.call}: ${rs.result.errno}`);
    const pid = rs.result.pids.get(2) ?? 0;
    const w2 = call(rs.world, { call: 'pwrite64', fd: 3, data: 'XY', offset: 2 }, pid).world;
    const b = must(w2, { call: 'open', path: '/b', flags: O_RDWR, mode: 0 });
    const viaB = call(b, { call: 'pread64', fd: 4, count: 10, offset: 0 }).result;
    expect(viaB.ok === true && viaB.data).toEqual('abXYef');
  });

  it("relink's IO does not grow with the file; copy reads a dense file and writes it twice", () => {
    const io = (size: number, strategy: 'relink' | 'copy') => {
      let w = must(relinkWorld(), open('/f'), ...dense(3, size), { call: 'unlink', path: '/f' });
      w = withChild(w);
      const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy, ghostLimit: 1 << 30 });
      if (!ck.result.ok) throw new Error(ck.result.errno);
      const rs = restartWorld(killTasks(ck.world, [2]), { restarter: ROOT, image: ck.result.image });
      if (!rs.result.ok) throw new Error(rs.result.errno);
      return { ck: ck.result.image.io, rs: rs.result.io };
    };
    const small = io(1 << 20, 'relink');
    const big = io(1 << 28, 'relink');
    expect(big).toEqual(small);
    const copy = io(1 << 28, 'copy');
    expect(copy.ck.bytesRead).toBe(1 << 28);
    expect(copy.ck.bytesWritten).toBe(1 << 28);
  });

  it("copy refuses a ghost file holding more than CRIU's 1 MiB default limit (EFBIG)", () => {
    let w = must(relinkWorld(), open('/f'), ...dense(3, 2 << 20), { call: 'unlink', path: '/f' });
    w = withChild(w);
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'copy' });
    expect(ck.result.ok === false && ck.result.errno).toBe('EFBIG');
  });

  it('fails with EOPNOTSUPP on a mainline kernel, which cannot relink', () => {
    const w = withChild(unlinkedOpen(relinkWorld('ext4', 'mainline')));
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    expect(ck.result.ok === false && ck.result.errno).toBe('EOPNOTSUPP');
  });
});
