// Checkpoint/restart of directories that were removed while a task held them (CRIU's zdtm cwd*
// and rmdir_open): restored dead, never by following a name that merely looks like the old one.
// What Linux answers in a removed directory (measured on this machine, ext4, strace): getcwd and
// getdents64 ENOENT, open(O_CREAT) and mkdir ENOENT, fstat st_nlink 0, chdir("..") the old parent.
import { join } from 'node:path';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { CLONE_NEWNS, MS_BIND, O_CREAT, O_DIRECTORY, O_RDONLY, O_RDWR } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { checkpointWorld, killTasks, restartWorld } from '../../src/cr/cr-flow.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { readScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';
import { call, ERR, must, relinkWorld } from './setup.js';

const ROOT = 1;
const DIR = O_RDONLY | O_DIRECTORY;

/** Run `calls` as pid 2, each expected to succeed. */
function as2(w: World, ...calls: Parameters<typeof call>[1][]): World {
  let cur = w;
  for (const sc of calls) {
    const out = call(cur, sc, 2);
    expect(out.result.ok, JSON.stringify(sc)).toBe(true);
    cur = out.world;
  }
  return cur;
}

/** pid 2 sits in /d, which pid 1 then removes. */
function removedCwd(mode = 0o755): World {
  let w = must(relinkWorld(), { call: 'mkdir', path: '/d', mode }, { call: 'fork', child: 2 });
  w = as2(w, { call: 'chdir', path: '/d' });
  return must(w, { call: 'rmdir', path: '/d' });
}

function restartOf(w0: World): { world: World; pid: number } {
  const ck = checkpointWorld(w0, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
  if (!ck.result.ok) throw new Error(`checkpoint: ${ck.result.errno} ${ck.result.reason ?? ''}`);
  const rs = restartWorld(killTasks(ck.world, [2]), { restarter: ROOT, image: ck.result.image });
  if (!rs.result.ok) throw new Error(`restart: ${rs.result.call} ${rs.result.errno}`);
  expect(checkInvariants(rs.world)).toEqual([]);
  return { world: rs.world, pid: rs.result.pids.get(2) ?? 0 };
}

const names = (w: World, path: string): string[] => {
  const o = call(w, { call: 'open', path, flags: DIR, mode: 0 });
  const fd = o.result.ok === true ? o.result.ret : -1;
  const r = call(o.world, { call: 'getdents64', fd, count: 4096 }).result;
  return (r.ok === true ? (r.dents ?? []) : []).map((d) => d.d_name).filter((n) => n !== '.' && n !== '..');
};

describe('checkpoint/restart: a removed working directory', () => {
  it('comes back removed: creating in it is ENOENT, not a file in the look-alike "/d (deleted)"', () => {
    const w0 = must(removedCwd(), { call: 'mkdir', path: '/d (deleted)', mode: 0o755 });
    const { world, pid } = restartOf(w0);
    expect(call(world, { call: 'open', path: 'x', flags: O_CREAT | O_RDWR, mode: 0o644 }, pid).result).toEqual(
      ERR('ENOENT'),
    );
    expect(names(world, '/d (deleted)')).toEqual([]);
    const st = call(world, { call: 'stat', path: '.' }, pid).result;
    expect(st.ok === true && st.stat?.st_nlink).toBe(0);
  });

  it("costs restart two metadata operations (the placeholder's mkdir and rmdir), whatever the strategy", () => {
    for (const strategy of ['relink', 'copy'] as const) {
      const ck = checkpointWorld(removedCwd(), { checkpointer: ROOT, pids: [2], strategy });
      if (!ck.result.ok) throw new Error(ck.result.errno);
      expect(ck.result.image.io).toEqual({ bytesRead: 0, bytesWritten: 0, metadataOps: 0 });
      const rs = restartWorld(killTasks(ck.world, [2]), { restarter: ROOT, image: ck.result.image });
      expect(rs.result.ok && rs.result.io).toEqual({ bytesRead: 0, bytesWritten: 0, metadataOps: 2 });
    }
  });

  it('keeps its mode (0700 with the restarter at umask 022)', () => {
    const { world, pid } = restartOf(removedCwd(0o700));
    const st = call(world, { call: 'stat', path: '.' }, pid).result;
    expect(st.ok === true && (st.stat?.st_mode ?? 0) & 0o7777).toBe(0o700);
  });

  it('leaves no placeholder behind, and ".." is the old parent, where creating works', () => {
    const { world, pid } = restartOf(removedCwd());
    expect(names(world, '/')).not.toContain('d');
    const up = call(world, { call: 'chdir', path: '..' }, pid);
    expect(up.result).toEqual({ ok: true, ret: 0 });
    const made = call(up.world, { call: 'open', path: 'y', flags: O_CREAT | O_RDWR, mode: 0o644 }, pid);
    expect(made.result.ok).toBe(true);
    expect(names(made.world, '/')).toContain('y');
  });

  it('makes restart fail (mkdir EEXIST) when a new /d exists, rather than entering it', () => {
    const w0 = must(removedCwd(), { call: 'mkdir', path: '/d', mode: 0o755 });
    const ck = checkpointWorld(w0, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    const rs = restartWorld(killTasks(ck.world, [2]), { restarter: ROOT, image: ck.result.image });
    expect(rs.result.ok === false && [rs.result.call, rs.result.errno]).toEqual(['mkdir', 'EEXIST']);
  });

  it('inside a removed directory: both come back removed, ".." leads to the removed outer one', () => {
    let w = must(
      relinkWorld(),
      { call: 'mkdir', path: '/a', mode: 0o755 },
      { call: 'mkdir', path: '/a/b', mode: 0o755 },
    );
    w = as2(must(w, { call: 'fork', child: 2 }), { call: 'chdir', path: '/a/b' });
    w = must(w, { call: 'rmdir', path: '/a/b' }, { call: 'rmdir', path: '/a' });
    const { world, pid } = restartOf(w);
    const up = call(world, { call: 'chdir', path: '..' }, pid);
    expect(up.result).toEqual({ ok: true, ret: 0 });
    const st = call(up.world, { call: 'stat', path: '.' }, pid).result;
    expect(st.ok === true && st.stat?.st_nlink).toBe(0);
    expect(call(up.world, { call: 'mkdir', path: 'c', mode: 0o755 }, pid).result).toEqual(ERR('ENOENT'));
    expect(names(world, '/')).not.toContain('a');
  });

  it('makes restart fail (EPERM at stat) when mkdir cannot give the placeholder the recorded mode', () => {
    const ck = checkpointWorld(removedCwd(), { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    // An image from elsewhere: set-user-ID is a bit mkdir never sets (vfs_mkdir keeps 01777).
    const image = { ...ck.result.image, deadDirs: ck.result.image.deadDirs.map((d) => ({ ...d, mode: 0o4755 })) };
    const rs = restartWorld(killTasks(ck.world, [2]), { restarter: ROOT, image });
    expect(rs.result.ok === false && [rs.result.call, rs.result.errno]).toEqual(['stat', 'EPERM']);
  });

  it('is refused at checkpoint (EPERM, naming it) when owned by another user: restart has no chown', () => {
    let w = must(relinkWorld(), { call: 'umask', mask: 0 }, { call: 'mkdir', path: '/u', mode: 0o777 });
    w = must(w, { call: 'fork', child: 2 });
    w = as2(
      w,
      { call: 'setuid', uid: 1000 },
      { call: 'mkdir', path: '/u/d', mode: 0o755 },
      { call: 'chdir', path: '/u/d' },
    );
    w = must(w, { call: 'rmdir', path: '/u/d' });
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    expect(ck.result.ok === false && [ck.result.errno, ck.result.reason]).toEqual([
      'EPERM',
      expect.stringMatching(/pid 2 cwd was removed and is owned by 1000/),
    ]);
  });
});

describe('checkpoint/restart: an open removed directory (zdtm rmdir_open)', () => {
  function removedOpen(): World {
    let w = must(relinkWorld(), { call: 'mkdir', path: '/d', mode: 0o750 }, { call: 'fork', child: 2 });
    w = as2(w, { call: 'open', path: '/d', flags: DIR, mode: 0 });
    return must(w, { call: 'rmdir', path: '/d' });
  }

  it('comes back as fd 3 on a removed directory: fstat nlink 0, getdents64 and creating ENOENT', () => {
    const { world, pid } = restartOf(removedOpen());
    const st = call(world, { call: 'fstat', fd: 3 }, pid).result;
    expect(st.ok === true && [st.stat?.st_nlink, (st.stat?.st_mode ?? 0) & 0o7777]).toEqual([0, 0o750]);
    expect(call(world, { call: 'getdents64', fd: 3, count: 4096 }, pid).result).toEqual(ERR('ENOENT'));
    const sc = { call: 'openat', dirfd: 3, path: 'y', flags: O_CREAT | O_RDWR, mode: 0o644 } as const;
    expect(call(world, sc, pid).result).toEqual(ERR('ENOENT'));
    expect(names(world, '/')).not.toContain('d');
  });

  it('shares one inode with a cwd in the same removed directory', () => {
    let w = must(relinkWorld(), { call: 'mkdir', path: '/d', mode: 0o755 }, { call: 'fork', child: 2 });
    w = as2(w, { call: 'open', path: '/d', flags: DIR, mode: 0 }, { call: 'chdir', path: '/d' });
    w = must(w, { call: 'rmdir', path: '/d' });
    const { world, pid } = restartOf(w);
    const viaFd = call(world, { call: 'fstat', fd: 3 }, pid).result;
    const viaCwd = call(world, { call: 'stat', path: '.' }, pid).result;
    expect(viaFd.ok === true && viaCwd.ok === true && viaFd.stat?.st_ino === viaCwd.stat?.st_ino).toBe(true);
  });
});

describe('checkpoint/restart: two removed directories that had one name', () => {
  it('come back as two removed directories: a cwd in the first /d, fd 3 on the second', () => {
    let w = must(relinkWorld(), { call: 'mkdir', path: '/d', mode: 0o700 }, { call: 'fork', child: 2 });
    w = as2(w, { call: 'chdir', path: '/d' });
    w = must(w, { call: 'rmdir', path: '/d' }, { call: 'mkdir', path: '/d', mode: 0o755 });
    w = as2(w, { call: 'open', path: '/d', flags: DIR, mode: 0 });
    w = must(w, { call: 'rmdir', path: '/d' });
    const { world, pid } = restartOf(w);
    const cwd = call(world, { call: 'stat', path: '.' }, pid).result;
    const fd = call(world, { call: 'fstat', fd: 3 }, pid).result;
    if (cwd.ok !== true || fd.ok !== true) throw new Error('stat failed');
    expect([cwd.stat?.st_nlink, (cwd.stat?.st_mode ?? 0) & 0o7777]).toEqual([0, 0o700]);
    expect([fd.stat?.st_nlink, (fd.stat?.st_mode ?? 0) & 0o7777]).toEqual([0, 0o755]);
    expect(cwd.stat?.st_ino).not.toBe(fd.stat?.st_ino);
    expect(names(world, '/')).not.toContain('d');
  });
});

describe('checkpoint/restart: a working directory reached by another mount', () => {
  it('is refused (EXDEV) when the cwd is under a mount hidden by a later mount, even if the name exists there', () => {
    let w = must(relinkWorld(), { call: 'mkdir', path: '/m', mode: 0o755 });
    w = must(w, { call: 'mount', source: 'none', target: '/m', fstype: 'tmpfs', flags: 0, data: '' });
    w = must(w, { call: 'mkdir', path: '/m/x', mode: 0o755 }, { call: 'fork', child: 2 });
    w = as2(w, { call: 'chdir', path: '/m/x' });
    w = must(w, { call: 'mount', source: 'none', target: '/m', fstype: 'tmpfs', flags: 0, data: '' });
    w = must(w, { call: 'mkdir', path: '/m/x', mode: 0o755 });
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    expect(ck.result.ok === false && [ck.result.errno, ck.result.reason]).toEqual([
      'EXDEV',
      expect.stringMatching(/pid 2 cwd \/m\/x is not reachable/),
    ]);
  });

  it("is refused (EXDEV) when the cwd is on a mount of the task's own namespace only", () => {
    let w = must(relinkWorld(), { call: 'mkdir', path: '/t', mode: 0o755 });
    w = must(w, { call: 'clone', flags: CLONE_NEWNS, child: 2 });
    w = as2(
      w,
      { call: 'mount', source: 'none', target: '/t', fstype: 'tmpfs', flags: 0, data: '' },
      { call: 'mkdir', path: '/t/w', mode: 0o755 },
      { call: 'chdir', path: '/t/w' },
    );
    w = must(w, { call: 'mkdir', path: '/t/w', mode: 0o755 });
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    expect(ck.result.ok === false && ck.result.errno).toBe('EXDEV');
  });

  it("is accepted in the namespace's copy of the root mount (the same directory)", () => {
    let w = must(relinkWorld(), { call: 'mkdir', path: '/t', mode: 0o755 });
    w = as2(must(w, { call: 'clone', flags: CLONE_NEWNS, child: 2 }), { call: 'chdir', path: '/t' });
    const { world, pid } = restartOf(w);
    const made = call(world, { call: 'open', path: 'z', flags: O_CREAT | O_RDWR, mode: 0o644 }, pid);
    expect(made.result.ok).toBe(true);
    expect(names(made.world, '/t')).toEqual(['z']);
  });
});

describe('relinklab run: a refused checkpoint', () => {
  it('names its reason beside the errno', () => {
    const file = join(import.meta.dirname, '..', '..', 'scenarios', 'cr', 'cwd-hidden-mount.yaml');
    const step = runScenario(readScenario(file)).steps.find((s) => s.what.startsWith('checkpoint'));
    expect(step?.detail).toMatch(/^EXDEV \(pid 2 cwd \/m\/x is not reachable by that name/);
  });
});

describe('checkpoint/restart: the root directory', () => {
  it('is refused (EXDEV) when a task has another root than the checkpointer: restart has no chroot', () => {
    // chroot(2) is not a call of the model: the state it makes is written directly.
    const w0 = as2(must(relinkWorld(), { call: 'mkdir', path: '/jail', mode: 0o755 }, { call: 'fork', child: 2 }), {
      call: 'chdir',
      path: '/jail',
    });
    const w = produce(w0, (d) => {
      const t = d.tasks[2];
      if (t !== undefined) t.root = { ...t.pwd };
    });
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    expect(ck.result.ok === false && [ck.result.errno, ck.result.reason]).toEqual([
      'EXDEV',
      "pid 2 root /jail is not the checkpointer's root: restart has no chroot",
    ]);
  });
});

describe('checkpoint/restart: a removed directory that is the root of a bind mount', () => {
  it('is refused (EXDEV, naming it): restart could recreate the directory, not the mount of it', () => {
    let w = must(
      relinkWorld(),
      { call: 'mkdir', path: '/src', mode: 0o755 },
      { call: 'mkdir', path: '/m', mode: 0o755 },
    );
    w = must(w, { call: 'mount', source: '/src', target: '/m', fstype: '', flags: MS_BIND, data: '' });
    w = as2(must(w, { call: 'fork', child: 2 }), { call: 'chdir', path: '/m' });
    w = must(w, { call: 'rmdir', path: '/src' });
    expect(call(w, { call: 'stat', path: '.' }, 2).result).toMatchObject({ ok: true, stat: { st_nlink: 0 } });
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    expect(ck.result.ok === false && [ck.result.errno, ck.result.reason]).toEqual([
      'EXDEV',
      'pid 2 cwd is the root of a mount and was removed: restart cannot mount it again',
    ]);
  });
});
