// CRIU's remaps as CRIU has them (criu/files-reg.c), so `compare` is a fair contest: one ghost per
// inode named <orig>.cr.<id hex>.ghost, each file linked in at its own name (or <orig>.cr_link when
// the name is taken), opened, unlinked; the ghost and every link_remap.<id> removed at the end.
import { describe, expect, it } from 'vitest';
import type { CheckpointStrategy } from '../../src/model/image.js';
import type { World } from '../../src/model/world.js';
import { checkpointWorld, killTasks, restartWorld } from '../../src/cr/cr-flow.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { O_CREAT, O_RDWR } from '../../src/model/flags.js';
import { call, must, open, relinkWorld, write } from './setup.js';

const ROOT = 1;

interface Restored {
  readonly world: World;
  readonly pid: number;
  /** Every call the restarter made, with its answer's errno or return. */
  readonly calls: readonly string[];
}

/** Checkpoint pid 2 under `strategy`, kill it, restart; fails the test if either fails. */
function cycle(w: World, strategy: CheckpointStrategy): Restored {
  const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy });
  if (!ck.result.ok) throw new Error(`checkpoint: ${ck.result.errno}`);
  const calls: string[] = [];
  const onCall = (_pid: number, sc: Syscall, r: { ok: unknown; errno?: string }): void => {
    const path = 'path' in sc ? sc.path : 'newpath' in sc ? `${sc.oldpath} -> ${sc.newpath}` : '';
    calls.push(`${sc.call} ${path}${r.ok === false ? ` ${r.errno ?? ''}` : ''}`.trim());
  };
  const rs = restartWorld(killTasks(ck.world, [2]), { restarter: ROOT, image: ck.result.image, onCall });
  if (!rs.result.ok) throw new Error(`restart: ${rs.result.call}: ${rs.result.errno}`);
  return { world: rs.world, pid: rs.result.pids.get(2) ?? 0, calls };
}

const fdLink = (r: Restored, fd: number): unknown => {
  const out = call(r.world, { call: 'readlink', path: `/proc/self/fd/${fd}`, bufsiz: 4096 }, r.pid).result;
  return out.ok === true ? out.link : out;
};
const fstat = (r: Restored, fd: number) => {
  const out = call(r.world, { call: 'fstat', fd }, r.pid).result;
  if (out.ok !== true || out.stat === undefined) throw new Error(`fstat ${fd}: ${JSON.stringify(out)}`);
  return out.stat;
};
const names = (r: Restored, dir: string): string[] => {
  const d = must(r.world, { call: 'open', path: dir, flags: 0o200000, mode: 0 });
  const fd = Object.keys(d.fdtables[d.tasks[1]?.files ?? 0]?.fds ?? {})
    .map(Number)
    .sort((a, b) => b - a)[0];
  const out = call(d, { call: 'getdents64', fd: fd ?? -1, count: 65536 }).result;
  if (out.ok !== true) throw new Error('getdents64');
  return (out.dents ?? []).map((e) => e.d_name).filter((n) => n !== '.' && n !== '..');
};

/** pid 2 holds /f twice (fds 3 and 4, two struct files), then unlinks it. */
function twoOpensOfOneUnlinkedFile(): World {
  let w = must(relinkWorld(), { call: 'fork', child: 2 });
  for (const sc of [open('/f'), write(3, 'shared'), open('/f'), { call: 'unlink', path: '/f' } as Syscall]) {
    w = call(w, sc, 2).world;
  }
  return w;
}

describe("CRIU's ghost files (copy)", () => {
  it('two open files of one unlinked inode restore from one ghost, as one inode again', () => {
    const r = cycle(twoOpensOfOneUnlinkedFile(), 'copy');
    expect(fstat(r, 3).st_ino).toBe(fstat(r, 4).st_ino);
    expect(fstat(r, 3).st_nlink).toBe(0);
    expect(r.calls.filter((c) => c.startsWith('openat /f.cr.'))).toEqual(['openat /f.cr.1.ghost']);
    expect(checkInvariants(r.world)).toEqual([]);
  });

  it('the ghost is made as <orig>.cr.<id hex>.ghost next to the original, and removed after restore', () => {
    const r = cycle(twoOpensOfOneUnlinkedFile(), 'copy');
    expect(r.calls).toContain('link /f.cr.1.ghost -> /f');
    expect(r.calls[r.calls.length - 1]).toBe('unlink /f.cr.1.ghost');
    expect(names(r, '/')).not.toContain('f.cr.1.ghost');
  });

  it('a restored ghost reads back through /proc/self/fd as its original path, deleted', () => {
    const r = cycle(twoOpensOfOneUnlinkedFile(), 'copy');
    expect(fdLink(r, 3)).toBe('/f (deleted)');
    const data = call(r.world, { call: 'pread64', fd: 4, count: 16, offset: 0 }, r.pid).result;
    expect(data.ok === true && data.data).toEqual('shared');
  });

  it('when a new file took the original name, the ghost is linked in as <orig>.cr_link and the new file is untouched', () => {
    let w = twoOpensOfOneUnlinkedFile();
    w = must(w, open('/f'), write(3, 'newcomer'));
    const r = cycle(w, 'copy');
    expect(fdLink(r, 3)).toBe('/f.cr_link (deleted)');
    const old = call(r.world, { call: 'pread64', fd: 3, count: 16, offset: 0 }, r.pid).result;
    expect(old.ok === true && old.data).toEqual('shared');
    const kept = call(r.world, { call: 'pread64', fd: 3, count: 16, offset: 0 }, ROOT).result;
    expect(kept.ok === true && kept.data).toEqual('newcomer');
    expect(names(r, '/').sort()).toEqual(['ckpt', 'f']);
  });
});

describe("CRIU's link remaps (link-remap)", () => {
  /** pid 2 holds /a (fds 3 and 4), /b is a second name, /a is unlinked: the inode keeps a name. */
  function linkedElsewhere(): World {
    let w = must(relinkWorld(), { call: 'fork', child: 2 });
    for (const sc of [
      open('/a'),
      write(3, 'kept'),
      open('/a'),
      { call: 'link', oldpath: '/a', newpath: '/b' } as Syscall,
      { call: 'unlink', path: '/a' } as Syscall,
    ]) {
      w = call(w, sc, 2).world;
    }
    return w;
  }

  it('each open file gets its own link_remap.<id> next to the original (one per file, as dump_linked_remap)', () => {
    const ck = checkpointWorld(linkedElsewhere(), { checkpointer: ROOT, pids: [2], strategy: 'link-remap' });
    expect(ck.result.ok).toBe(true);
    const made = ck.result.ok ? ck.result.image.createdNames.map((c) => c.path) : [];
    expect(made).toHaveLength(2);
    expect(made.every((p) => /^\/link_remap\.\d+$/.test(p))).toBe(true);
  });

  it('restore links each remap in at the original name, opens it, unlinks it, and removes the remaps last', () => {
    const r = cycle(linkedElsewhere(), 'link-remap');
    expect(fdLink(r, 3)).toBe('/a (deleted)');
    expect(fstat(r, 3).st_nlink).toBe(1);
    expect(names(r, '/').sort()).toEqual(['b', 'ckpt']);
  });

  it('a link remap whose directory is gone moves up to the grandparent (trim_last_parent)', () => {
    let w = must(relinkWorld(), { call: 'mkdir', path: '/d', mode: 0o755 }, { call: 'fork', child: 2 });
    for (const sc of [
      open('/d/a'),
      { call: 'link', oldpath: '/d/a', newpath: '/b' } as Syscall,
      { call: 'unlink', path: '/d/a' } as Syscall,
      { call: 'rmdir', path: '/d' } as Syscall,
    ]) {
      w = call(w, sc, 2).world;
    }
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'link-remap' });
    expect(ck.result.ok && ck.result.image.createdNames.map((c) => c.path)).toEqual([
      expect.stringMatching(/^\/link_remap\.\d+$/),
    ]);
  });
});

describe("CRIU's ghost copy (dump_ghost_file, mkreg_ghost)", () => {
  /** pid 2 holds /g of `size` bytes with `data` at `off`, its name gone. */
  function sparse(size: number, data: string, off: number): World {
    let w = must(relinkWorld(), { call: 'fork', child: 2 });
    for (const sc of [
      open('/g'),
      { call: 'ftruncate', fd: 3, length: size } as Syscall,
      { call: 'pwrite64', fd: 3, data, offset: off } as Syscall,
      { call: 'unlink', path: '/g' } as Syscall,
    ]) {
      w = call(w, sc, 2).world;
    }
    return w;
  }
  const io = (w: World) => {
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'copy' });
    if (!ck.result.ok) throw new Error(`checkpoint: ${ck.result.errno}`);
    return ck.result.image.io;
  };

  it('the ghost limit is on the blocks the file holds (st_blocks * 512), not on its size', () => {
    const ck = checkpointWorld(sparse(64 << 20, 'x', 0), { checkpointer: ROOT, pids: [2], strategy: 'copy' });
    expect(ck.result.ok).toBe(true);
  });

  it('a file holding more blocks than the limit is refused (EFBIG)', () => {
    const w = sparse(2 << 20, 'x', 0);
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'copy', ghostLimit: 1024 });
    expect(ck.result.ok === false && ck.result.errno).toBe('EFBIG');
  });

  it('a ghost of 12 KiB or more is copied as the data ranges SEEK_DATA/SEEK_HOLE find, whole blocks', () => {
    expect(io(sparse(4 * 2 ** 30, 'tail', 4 * 2 ** 30 - 4))).toMatchObject({ bytesRead: 4096, bytesWritten: 4096 });
  });

  it('a ghost under 12 KiB is copied whole, its holes as zeros', () => {
    expect(io(sparse(8192, 'a', 0))).toMatchObject({ bytesRead: 8192, bytesWritten: 8192 });
  });

  it('restart writes a chunked ghost back as its chunks: the holes stay holes and the data comes back', () => {
    const r = cycle(sparse(1 << 20, 'mid', 500000), 'copy');
    expect(fstat(r, 3)).toMatchObject({ st_size: 1 << 20, st_blocks: 8 });
    const mid = call(r.world, { call: 'pread64', fd: 3, count: 3, offset: 500000 }, r.pid).result;
    expect(mid.ok === true && mid.data).toEqual('mid');
  });
});

describe("CRIU's ghost metadata (ghost_apply_metadata)", () => {
  it("a ghost gets the file's own permission bits, whatever the restarter's umask", () => {
    let w = must(relinkWorld(), { call: 'fork', child: 2 });
    for (const sc of [
      { call: 'umask', mask: 0 } as Syscall,
      { call: 'open', path: '/f', flags: O_CREAT | O_RDWR, mode: 0o666 } as Syscall,
      { call: 'unlink', path: '/f' } as Syscall,
    ]) {
      w = call(w, sc, 2).world;
    }
    const r = cycle(w, 'copy');
    expect(fstat(r, 3).st_mode).toBe(0o100666);
  });
});
