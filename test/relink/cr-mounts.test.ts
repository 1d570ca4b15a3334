// Issue 13 item 4: a file comes back through the mount it was opened through. The image records
// each file's mount (mnt_id, its file system, the directory it shows, where it was mounted) and the
// file's path inside it; restart puts the mount back first (a bind mount from a mount of the same
// file system, as criu/mount.c does for bind mounts) and fails, naming the mount, when it cannot.
import { describe, expect, it } from 'vitest';
import { CLONE_NEWNS, MS_BIND, MS_RDONLY, MS_REMOUNT, O_CREAT, O_RDONLY, O_RDWR } from '../../src/model/flags.js';
import type { CheckpointStrategy } from '../../src/model/image.js';
import type { World } from '../../src/model/world.js';
import { backupRootFs } from '../../src/cr/backup.js';
import { checkpointWorld, killTasks, restartWorld } from '../../src/cr/cr-flow.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { rDentry, rFile, rMount, rSb } from '../../src/ops/vfs/world-draft.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { call, must, relinkWorld } from './setup.js';

const ROOT = 1;
const bind = (source: string, target: string): Syscall => ({
  call: 'mount',
  source,
  target,
  fstype: '',
  flags: MS_BIND,
  data: '',
});
const create = (path: string, data: string): Syscall[] => [
  { call: 'open', path, flags: O_CREAT | O_RDWR, mode: 0o644 },
  { call: 'write', fd: 3, data },
  { call: 'close', fd: 3 },
];

/** Run calls as `pid`, each expected to succeed. */
function as(w: World, pid: number, ...scs: Syscall[]): World {
  let cur = w;
  for (const sc of scs) {
    const out = call(cur, sc, pid);
    expect(out.result.ok, `${pid}: ${JSON.stringify(sc)}`).toBe(true);
    cur = out.world;
  }
  return cur;
}

type Restarted =
  | { readonly ok: true; readonly world: World; readonly pid: number }
  | { readonly ok: false; readonly errno: string; readonly reason: string | null };

/** Checkpoint pid 2, kill it, run `between` on the world, restart. */
function cycle(w: World, between: (w: World) => World = (x) => x, strategy: CheckpointStrategy = 'relink'): Restarted {
  const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy });
  if (!ck.result.ok) throw new Error(`checkpoint: ${ck.result.errno}`);
  const rs = restartWorld(between(killTasks(ck.world, [2])), { restarter: ROOT, image: ck.result.image });
  if (!rs.result.ok) return { ok: false, errno: rs.result.errno, reason: rs.result.reason };
  expect(checkInvariants(rs.world)).toEqual([]);
  return { ok: true, world: rs.world, pid: rs.result.pids.get(2) ?? 0 };
}

function restored(r: Restarted): { world: World; pid: number } {
  if (!r.ok) throw new Error(`restart: ${r.errno} (${r.reason ?? 'no reason'})`);
  return r;
}

const readlinkFd = (r: { world: World; pid: number }, fd: number): unknown => {
  const out = call(r.world, { call: 'readlink', path: `/proc/self/fd/${fd}`, bufsiz: 4096 }, r.pid).result;
  return out.ok === true ? out.link : out;
};
const pread = (r: { world: World; pid: number }, fd: number): unknown => {
  const out = call(r.world, { call: 'pread64', fd, count: 64, offset: 0 }, r.pid).result;
  return out.ok === true ? out.data : out;
};
/** The mount an fd's file was opened through, as (file system type, the directory it shows). */
function fdMount(r: { world: World; pid: number }, fd: number): { fstype: string; root: string } {
  const w = r.world;
  const file = w.fdtables[w.tasks[r.pid]?.files ?? 0]?.fds[fd]?.file;
  if (file === undefined) throw new Error(`fd ${fd} not open`);
  const m = rMount(w, rFile(w, file).f_path.mnt);
  return { fstype: rSb(w, m.mnt_sb).s_type, root: rDentry(w, m.mnt_root).d_name };
}

/** /data/f ("bound") reached by pid 2 through a bind mount of /data on /c, over a /c/f ("under"). */
function boundFile(): World {
  let w = must(
    relinkWorld(),
    { call: 'mkdir', path: '/data', mode: 0o755 },
    { call: 'mkdir', path: '/c', mode: 0o755 },
  );
  w = must(w, ...create('/c/f', 'under'), ...create('/data/f', 'bound'), bind('/data', '/c'));
  w = must(w, { call: 'fork', child: 2 });
  return as(w, 2, { call: 'open', path: '/c/f', flags: O_RDWR, mode: 0 });
}

describe('checkpoint/restart keeps the mount a file was opened through', () => {
  it('after a backup, a file opened through a bind mount comes back through a bind mount of the same directory', () => {
    const r = restored(cycle(boundFile(), (w) => backupRootFs(w).world));
    expect(readlinkFd(r, 3)).toBe('/c/f');
    expect(pread(r, 3)).toEqual('bound');
    expect(fdMount(r, 3)).toEqual({ fstype: 'ext4', root: 'data' });
  });

  it('when the bind mount was unmounted before restart, restart mounts it again instead of opening the name below it', () => {
    const r = restored(cycle(boundFile(), (w) => must(w, { call: 'umount2', target: '/c', flags: 0 })));
    expect(pread(r, 3)).toEqual('bound');
    expect(fdMount(r, 3)).toEqual({ fstype: 'ext4', root: 'data' });
  });

  it('an unlinked file relinked through its bind mount is reopened through that mount after a backup', () => {
    let w = must(
      relinkWorld(),
      { call: 'mkdir', path: '/data', mode: 0o755 },
      { call: 'mkdir', path: '/c', mode: 0o755 },
    );
    w = must(w, { call: 'mkdir', path: '/data/ckpt', mode: 0o700 });
    w = must(w, { call: 'mount', source: '', target: '/', fstype: '', flags: 0x20, data: 'relink=/data/ckpt' });
    w = must(w, bind('/data', '/c'), { call: 'fork', child: 2 });
    w = as(
      w,
      2,
      { call: 'open', path: '/c/f', flags: O_CREAT | O_RDWR, mode: 0o644 },
      { call: 'write', fd: 3, data: 'x' },
    );
    w = as(w, 2, { call: 'unlink', path: '/c/f' });
    const r = restored(cycle(w, (x) => backupRootFs(x).world));
    expect(readlinkFd(r, 3)).toMatch(/^\/c\/ckpt\/unlink-at-restart-\d+-0 \(deleted\)$/);
    expect(fdMount(r, 3)).toEqual({ fstype: 'ext4', root: 'data' });
  });

  it('a file on another mounted file system survives the backup: the backup copies it and mounts it where it was', () => {
    let w = must(relinkWorld(), { call: 'mkdir', path: '/t', mode: 0o755 });
    w = must(w, { call: 'mount', source: 'tmpfs', target: '/t', fstype: 'tmpfs', flags: 0, data: '' });
    w = must(w, ...create('/t/f', 'on tmpfs'), { call: 'fork', child: 2 });
    w = as(w, 2, { call: 'open', path: '/t/f', flags: O_RDWR, mode: 0 });
    const r = restored(cycle(w, (x) => backupRootFs(x).world));
    expect(pread(r, 3)).toEqual('on tmpfs');
    expect(fdMount(r, 3).fstype).toBe('tmpfs');
  });

  it('restart fails, naming the mount, when no mount of its file system is left to put it back from', () => {
    let w = must(relinkWorld(), { call: 'mkdir', path: '/t', mode: 0o755 }, ...create('/t/f', 'under'));
    w = must(w, { call: 'mount', source: 'tmpfs', target: '/t', fstype: 'tmpfs', flags: 0, data: '' });
    w = must(w, ...create('/t/f', 'on tmpfs'), { call: 'fork', child: 2 });
    w = as(w, 2, { call: 'open', path: '/t/f', flags: O_RDWR, mode: 0 });
    const r = cycle(w, (x) => must(x, { call: 'umount2', target: '/t', flags: 0 }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/tmpfs.*\/t/);
  });

  it('restart fails, naming the mount, for a file opened through a mount of another mount namespace', () => {
    let w = must(
      relinkWorld(),
      { call: 'mkdir', path: '/data', mode: 0o755 },
      { call: 'mkdir', path: '/c', mode: 0o755 },
    );
    w = must(w, ...create('/c/f', 'under'), ...create('/data/f', 'private'));
    w = must(w, { call: 'clone', flags: CLONE_NEWNS, child: 2 });
    w = as(w, 2, bind('/data', '/c'), { call: 'open', path: '/c/f', flags: O_RDWR, mode: 0 });
    const r = cycle(w);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/namespace/);
  });

  it('search reopens the other name it found, inside the same mount, not the name that was unlinked', () => {
    let w = must(relinkWorld(), { call: 'fork', child: 2 });
    w = as(
      w,
      2,
      { call: 'open', path: '/a', flags: O_CREAT | O_RDWR, mode: 0o644 },
      { call: 'write', fd: 3, data: 'ab' },
    );
    w = as(w, 2, { call: 'link', oldpath: '/a', newpath: '/b' }, { call: 'unlink', path: '/a' });
    const r = restored(cycle(w, (x) => x, 'search'));
    expect(readlinkFd(r, 3)).toBe('/b');
    expect(pread(r, 3)).toEqual('ab');
  });

  it('a file opened through a read-only bind mount comes back through a read-only one', () => {
    let w = must(
      relinkWorld(),
      { call: 'mkdir', path: '/data', mode: 0o755 },
      { call: 'mkdir', path: '/c', mode: 0o755 },
    );
    w = must(w, ...create('/data/f', 'ro'), bind('/data', '/c'));
    w = must(w, {
      call: 'mount',
      source: '',
      target: '/c',
      fstype: '',
      flags: MS_BIND | MS_REMOUNT | MS_RDONLY,
      data: '',
    });
    w = must(w, { call: 'fork', child: 2 });
    w = as(w, 2, { call: 'open', path: '/c/f', flags: O_RDONLY, mode: 0 });
    const r = restored(cycle(w, (x) => must(x, { call: 'umount2', target: '/c', flags: 0 })));
    expect(pread(r, 3)).toEqual('ro');
    const rw = call(r.world, { call: 'open', path: '/c/f', flags: O_RDWR, mode: 0 }, r.pid).result;
    expect(rw).toEqual({ ok: false, errno: 'EROFS' });
  });

  it('a relinked name now covered by another mount is refused by name, never opened in the mount on top', () => {
    let w = must(
      relinkWorld(),
      { call: 'mkdir', path: '/data', mode: 0o755 },
      { call: 'mkdir', path: '/c', mode: 0o755 },
    );
    w = must(w, { call: 'mkdir', path: '/data/ckpt', mode: 0o700 });
    w = must(w, { call: 'mount', source: '', target: '/', fstype: '', flags: MS_REMOUNT, data: 'relink=/data/ckpt' });
    w = must(w, bind('/data', '/c'), { call: 'fork', child: 2 });
    w = as(
      w,
      2,
      { call: 'open', path: '/c/f', flags: O_CREAT | O_RDWR, mode: 0o644 },
      { call: 'write', fd: 3, data: 'mine' },
    );
    w = as(w, 2, { call: 'unlink', path: '/c/f' });
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    const name = ck.result.image.createdNames[0]?.path ?? '';
    // Someone mounts a tmpfs over relink_dir and puts an impostor under the relinked name.
    let x = killTasks(ck.world, [2]);
    x = must(x, { call: 'mount', source: 'tmpfs', target: '/c/ckpt', fstype: 'tmpfs', flags: 0, data: '' });
    x = must(x, ...create(name, 'impostor'));
    const rs = restartWorld(x, { restarter: ROOT, image: ck.result.image });
    expect(rs.result.ok === false && rs.result.errno).toBe('EXDEV');
    expect(rs.result.ok === false && rs.result.reason).toMatch(/mount/);
  });

  it('restart does not bind a mount that now covers the bind source; it refuses, naming the mount', () => {
    let w = must(
      relinkWorld(),
      { call: 'mkdir', path: '/d2', mode: 0o755 },
      { call: 'mkdir', path: '/c', mode: 0o755 },
    );
    w = must(w, ...create('/d2/f', 'disk'), bind('/d2', '/c'), { call: 'fork', child: 2 });
    w = as(w, 2, { call: 'open', path: '/c/f', flags: O_RDWR, mode: 0 });
    w = must(w, { call: 'mount', source: 'tmpfs', target: '/d2', fstype: 'tmpfs', flags: 0, data: '' });
    const r = cycle(w, (x) => must(x, { call: 'umount2', target: '/c', flags: 0 }));
    expect(r.ok === false && r.reason).toMatch(/no mount of that file system .* reaches \/d2 uncovered/);
  });
});
