// A working directory comes back through the mount it was reached through: after a backup, which
// carries file systems and not bind mounts, the path of a cwd on a bind mount names the empty
// mount point on the new machine. Restart must put the mount back (as it does for files,
// restore-mounts.ts) or refuse, never chdir into the look-alike.
import { describe, expect, it } from 'vitest';
import { MS_BIND, O_CREAT, O_RDONLY, O_RDWR } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { backupRootFs } from '../../src/cr/backup.js';
import { checkpointWorld, killTasks, restartWorld } from '../../src/cr/cr-flow.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { call, must, relinkWorld } from './setup.js';

const ROOT = 1;

/** /src holds f; /src is bind-mounted on /m and pid 2 sits in /m. */
function cwdOnBind(): World {
  let w = must(relinkWorld(), { call: 'mkdir', path: '/src', mode: 0o755 }, { call: 'mkdir', path: '/m', mode: 0o755 });
  w = must(
    w,
    { call: 'open', path: '/src/f', flags: O_CREAT | O_RDWR, mode: 0o644 },
    { call: 'close', fd: 3 },
    { call: 'mount', source: '/src', target: '/m', fstype: '', flags: MS_BIND, data: '' },
    { call: 'fork', child: 2 },
  );
  const cd = call(w, { call: 'chdir', path: '/m' }, 2);
  expect(cd.result.ok).toBe(true);
  return cd.world;
}

function restartAfterBackup(w0: World): { world: World; pid: number } {
  const ck = checkpointWorld(w0, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
  if (!ck.result.ok) throw new Error(`checkpoint: ${ck.result.errno} ${ck.result.reason ?? ''}`);
  const moved = backupRootFs(killTasks(ck.world, [2])).world;
  const rs = restartWorld(moved, { restarter: ROOT, image: ck.result.image });
  if (!rs.result.ok) throw new Error(`restart: ${rs.result.call} ${rs.result.errno} ${rs.result.reason ?? ''}`);
  expect(checkInvariants(rs.world)).toEqual([]);
  return { world: rs.world, pid: rs.result.pids.get(2) ?? 0 };
}

const openAs = (w: World, pid: number, path: string): ReturnType<typeof call>['result'] =>
  call(w, { call: 'open', path, flags: O_RDONLY, mode: 0 } satisfies Syscall, pid).result;

describe('checkpoint/restart: a cwd on a bind mount', () => {
  it('after a backup, comes back on a bind mount of the same directory, not in the empty mount point', () => {
    const { world, pid } = restartAfterBackup(cwdOnBind());
    expect(openAs(world, pid, 'f')).toMatchObject({ ok: true });
  });

  it('without a backup, is the very same directory', () => {
    const w0 = cwdOnBind();
    const ck = checkpointWorld(w0, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    const rs = restartWorld(killTasks(ck.world, [2]), { restarter: ROOT, image: ck.result.image });
    if (!rs.result.ok) throw new Error(`${rs.result.call} ${rs.result.errno}`);
    const pid = rs.result.pids.get(2) ?? 0;
    expect(openAs(rs.world, pid, 'f')).toMatchObject({ ok: true });
  });
});

describe('checkpoint/restart: a cwd whose name another mount covers by restart time', () => {
  it('makes restart fail (EXDEV at chdir, naming both mounts) rather than enter the mount on top', () => {
    let w = must(relinkWorld(), { call: 'mkdir', path: '/d', mode: 0o755 }, { call: 'fork', child: 2 });
    w = call(w, { call: 'chdir', path: '/d' }, 2).world;
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    const covered = must(killTasks(ck.world, [2]), {
      call: 'mount',
      source: 'none',
      target: '/d',
      fstype: 'tmpfs',
      flags: 0,
      data: '',
    });
    const rs = restartWorld(covered, { restarter: ROOT, image: ck.result.image });
    expect(rs.result.ok === false && [rs.result.call, rs.result.errno, rs.result.reason]).toEqual([
      'chdir',
      'EXDEV',
      expect.stringMatching(/^\/d is on mount \d+, not the restored mount \d+ at \/$/),
    ]);
  });
});

describe('checkpoint/restart: a removed cwd whose old parent another mount covers by restart time', () => {
  it('makes restart fail (EXDEV at openat of the placeholder, naming both mounts)', () => {
    let w = must(
      relinkWorld(),
      { call: 'mkdir', path: '/p', mode: 0o755 },
      { call: 'mkdir', path: '/p/d', mode: 0o755 },
    );
    w = call(must(w, { call: 'fork', child: 2 }), { call: 'chdir', path: '/p/d' }, 2).world;
    w = must(w, { call: 'rmdir', path: '/p/d' });
    const ck = checkpointWorld(w, { checkpointer: ROOT, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error(ck.result.errno);
    const covered = must(killTasks(ck.world, [2]), {
      call: 'mount',
      source: 'none',
      target: '/p',
      fstype: 'tmpfs',
      flags: 0,
      data: '',
    });
    const rs = restartWorld(covered, { restarter: ROOT, image: ck.result.image });
    expect(rs.result.ok === false && [rs.result.call, rs.result.errno, rs.result.reason]).toEqual([
      'openat',
      'EXDEV',
      expect.stringMatching(/^\/p\/d is on mount \d+, not the restored mount \d+ at \/$/),
    ]);
  });
});
