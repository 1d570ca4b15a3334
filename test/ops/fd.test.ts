import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { Unmodelled } from '../../src/model/errors.js';
import { step } from '../../src/ops/run/step.js';
import { inodeOf, rTask } from '../../src/ops/vfs/world-draft.js';
import {
  CLONE_FILES,
  CLOSE_RANGE_CLOEXEC,
  CLOSE_RANGE_UNSHARE,
  F_DUPFD,
  F_DUPFD_CLOEXEC,
  F_GETFD,
  F_GETFL,
  F_SETFD,
  F_SETFL,
  FASYNC,
  O_APPEND,
  O_CLOEXEC,
  O_DIRECT,
  O_DIRECTORY,
  O_LARGEFILE,
  O_NOATIME,
  O_NONBLOCK,
  O_PATH,
  O_RDONLY,
  O_RDWR,
  O_SYNC,
  O_WRONLY,
} from '../../src/model/flags.js';
import { S_APPEND } from '../../src/model/inode.js';
import type { World } from '../../src/model/world.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { assertStepLaws } from '../helpers/run.js';
import { withTree } from '../helpers/tree.js';
import { create, openFile, walk } from '../helpers/fixtures.js';

function call(w: World, pid: number, sc: Syscall): { world: World; result: SysResult } {
  const out = step(w, pid, sc);
  assertStepLaws(w, out.world, out.result, `${pid} ${JSON.stringify(sc)}`);
  return out;
}
const res = (w: World, sc: Syscall): SysResult => call(w, 1, sc).result;
const OK = (ret: number): SysResult => ({ ok: true, ret });
const ERR = (errno: string): SysResult => ({ ok: false, errno }) as SysResult;
const slot = (w: World, fd: number) => w.fdtables[rTask(w, 1).files]?.fds[fd];

const base = withTree(bootWorld(), { f: 'data', g: 'more', d: {} });
/** fd 0: f O_RDWR, fd 1: g O_RDONLY, fd 2: d O_PATH. */
const w3 = (() => {
  const a = openFile(base, 'f', O_RDWR);
  const b = openFile(a.world, 'g', O_RDONLY);
  return openFile(b.world, 'd', O_PATH).world;
})();

describe('dup, dup2, dup3 (fs/file.c)', () => {
  it('dup takes the lowest free descriptor and shares the struct file (f_pos, f_flags)', () => {
    const { world, result } = call(w3, 1, { call: 'dup', fd: 0 });
    expect(result).toEqual(OK(3));
    expect(slot(world, 3)?.file).toBe(slot(world, 0)?.file);
    expect(world.files[slot(world, 0)?.file ?? -1]?.f_count).toBe(2);
  });

  it('dup clears close-on-exec on the copy', () => {
    const w = call(w3, 1, { call: 'fcntl', fd: 0, cmd: F_SETFD, arg: 1 }).world;
    const { world } = call(w, 1, { call: 'dup', fd: 0 });
    expect(slot(world, 3)?.cloexec).toBe(false);
  });

  it('dup of a closed or negative descriptor is EBADF; O_PATH descriptors dup fine (fget_raw)', () => {
    expect(res(w3, { call: 'dup', fd: 9 })).toEqual(ERR('EBADF'));
    expect(res(w3, { call: 'dup', fd: -1 })).toEqual(ERR('EBADF'));
    expect(res(w3, { call: 'dup', fd: 2 })).toEqual(OK(3));
  });

  it('dup with every descriptor below RLIMIT_NOFILE in use is EMFILE', () => {
    let w = w3;
    w = produce(w, (d) => {
      const t = d.fdtables[rTask(d, 1).files];
      const e = t?.fds[0];
      if (t === undefined || e === undefined) throw new Error('setup');
      for (let fd = 3; fd < 1024; fd++) t.fds[fd] = { file: e.file, cloexec: false };
      const f = d.files[e.file];
      if (f !== undefined) f.f_count += 1021;
    });
    expect(res(w, { call: 'dup', fd: 0 })).toEqual(ERR('EMFILE'));
    expect(res(w, { call: 'fcntl', fd: 0, cmd: F_DUPFD, arg: 5 })).toEqual(ERR('EMFILE'));
  });

  it('dup2 onto itself returns the descriptor if it is open, EBADF if not', () => {
    expect(res(w3, { call: 'dup2', oldfd: 1, newfd: 1 })).toEqual(OK(1));
    expect(res(w3, { call: 'dup2', oldfd: 7, newfd: 7 })).toEqual(ERR('EBADF'));
  });

  it('dup2 onto an open descriptor installs first and then closes the old file (do_dup2)', () => {
    const gFile = slot(w3, 1)?.file ?? -1;
    const { world, result } = call(w3, 1, { call: 'dup2', oldfd: 0, newfd: 1 });
    expect(result).toEqual(OK(1));
    expect(slot(world, 1)?.file).toBe(slot(world, 0)?.file);
    expect(world.files[gFile]).toBeUndefined();
  });

  it('dup2 between two descriptors of one file frees nothing', () => {
    const w = call(w3, 1, { call: 'dup', fd: 0 }).world;
    const { world } = call(w, 1, { call: 'dup2', oldfd: 0, newfd: 3 });
    expect(world.files[slot(world, 0)?.file ?? -1]?.f_count).toBe(2);
  });

  it('dup2 to a descriptor at or above RLIMIT_NOFILE (1024) or negative is EBADF', () => {
    expect(res(w3, { call: 'dup2', oldfd: 0, newfd: 1024 })).toEqual(ERR('EBADF'));
    expect(res(w3, { call: 'dup2', oldfd: 0, newfd: -1 })).toEqual(ERR('EBADF'));
    expect(res(w3, { call: 'dup2', oldfd: 0, newfd: 1023 })).toEqual(OK(1023));
    expect(res(w3, { call: 'dup2', oldfd: 9, newfd: 1024 })).toEqual(ERR('EBADF'));
  });

  it('dup3 checks flags, then oldfd == newfd, then the limit, then oldfd (ksys_dup3)', () => {
    expect(res(w3, { call: 'dup3', oldfd: 9, newfd: 9, flags: O_NONBLOCK })).toEqual(ERR('EINVAL'));
    expect(res(w3, { call: 'dup3', oldfd: 0, newfd: 0, flags: 0 })).toEqual(ERR('EINVAL'));
    expect(res(w3, { call: 'dup3', oldfd: 9, newfd: 1024, flags: 0 })).toEqual(ERR('EBADF'));
    expect(res(w3, { call: 'dup3', oldfd: 9, newfd: 50, flags: 0 })).toEqual(ERR('EBADF'));
  });

  it('dup3 with O_CLOEXEC sets close-on-exec on the new descriptor', () => {
    const { world, result } = call(w3, 1, { call: 'dup3', oldfd: 0, newfd: 51, flags: O_CLOEXEC });
    expect(result).toEqual(OK(51));
    expect(slot(world, 51)?.cloexec).toBe(true);
    expect(res(world, { call: 'fcntl', fd: 51, cmd: F_GETFD, arg: 0 })).toEqual(OK(1));
  });
});

describe('close_range (fs/file.c: __close_range)', () => {
  it('closes every open descriptor in the range, passing over free slots, and returns 0', () => {
    const w = call(w3, 1, { call: 'dup3', oldfd: 0, newfd: 7, flags: 0 }).world;
    const { world, result } = call(w, 1, { call: 'close_range', fd: 1, max_fd: 6, flags: 0 });
    expect(result).toEqual(OK(0));
    expect([0, 1, 2, 7].map((fd) => slot(world, fd) !== undefined)).toEqual([true, false, false, true]);
  });

  it('takes max_fd as an unsigned int: ~0U closes everything from fd on', () => {
    const { world } = call(w3, 1, { call: 'close_range', fd: 1, max_fd: 0xffffffff, flags: 0 });
    expect([0, 1, 2].map((fd) => slot(world, fd) !== undefined)).toEqual([true, false, false]);
  });

  it('is EINVAL for fd > max_fd and for flags other than UNSHARE and CLOEXEC, closing nothing', () => {
    expect(res(w3, { call: 'close_range', fd: 2, max_fd: 1, flags: 0 })).toEqual(ERR('EINVAL'));
    expect(res(w3, { call: 'close_range', fd: 0, max_fd: 2, flags: 8 })).toEqual(ERR('EINVAL'));
  });

  it('with CLOSE_RANGE_CLOEXEC marks the descriptors close-on-exec instead of closing them', () => {
    const { world } = call(w3, 1, { call: 'close_range', fd: 0, max_fd: 1, flags: CLOSE_RANGE_CLOEXEC });
    expect([0, 1, 2].map((fd) => slot(world, fd)?.cloexec)).toEqual([true, true, false]);
  });

  it('with CLOSE_RANGE_UNSHARE gives a task sharing its table (CLONE_FILES) a copy first', () => {
    const shared = call(w3, 1, { call: 'clone', flags: CLONE_FILES, child: 2 }).world;
    const { world } = call(shared, 2, { call: 'close_range', fd: 0, max_fd: 2, flags: CLOSE_RANGE_UNSHARE });
    const child = world.fdtables[rTask(world, 2).files];
    expect(rTask(world, 2).files).not.toBe(rTask(world, 1).files);
    expect(Object.keys(child?.fds ?? {})).toEqual([]);
    expect([0, 1, 2].map((fd) => slot(world, fd) !== undefined)).toEqual([true, true, true]);
  });
});

describe('fcntl (fs/fcntl.c)', () => {
  it('F_DUPFD takes the lowest free descriptor at or above arg', () => {
    expect(res(w3, { call: 'fcntl', fd: 0, cmd: F_DUPFD, arg: 0 })).toEqual(OK(3));
    expect(res(w3, { call: 'fcntl', fd: 0, cmd: F_DUPFD, arg: 10 })).toEqual(OK(10));
    expect(res(w3, { call: 'fcntl', fd: 0, cmd: F_DUPFD, arg: 1023 })).toEqual(OK(1023));
  });

  it('F_DUPFD with arg at or above RLIMIT_NOFILE, or negative, is EINVAL; arg is an unsigned int', () => {
    expect(res(w3, { call: 'fcntl', fd: 0, cmd: F_DUPFD, arg: 1024 })).toEqual(ERR('EINVAL'));
    expect(res(w3, { call: 'fcntl', fd: 0, cmd: F_DUPFD, arg: -1 })).toEqual(ERR('EINVAL'));
    expect(res(w3, { call: 'fcntl', fd: 0, cmd: F_DUPFD, arg: 2 ** 32 + 5 })).toEqual(OK(5));
  });

  it('F_DUPFD_CLOEXEC sets close-on-exec on the copy', () => {
    const { world, result } = call(w3, 1, { call: 'fcntl', fd: 0, cmd: F_DUPFD_CLOEXEC, arg: 7 });
    expect(result).toEqual(OK(7));
    expect(slot(world, 7)?.cloexec).toBe(true);
  });

  it('F_SETFD keeps only FD_CLOEXEC of its argument; F_GETFD reads it back', () => {
    let w = call(w3, 1, { call: 'fcntl', fd: 1, cmd: F_SETFD, arg: 3 }).world;
    expect(res(w, { call: 'fcntl', fd: 1, cmd: F_GETFD, arg: 0 })).toEqual(OK(1));
    w = call(w, 1, { call: 'fcntl', fd: 1, cmd: F_SETFD, arg: 2 }).world;
    expect(res(w, { call: 'fcntl', fd: 1, cmd: F_GETFD, arg: 0 })).toEqual(OK(0));
  });

  it('F_GETFL returns f_flags: access mode and O_LARGEFILE, or O_PATH alone', () => {
    expect(res(w3, { call: 'fcntl', fd: 0, cmd: F_GETFL, arg: 0 })).toEqual(OK(O_LARGEFILE | O_RDWR));
    expect(res(w3, { call: 'fcntl', fd: 2, cmd: F_GETFL, arg: 0 })).toEqual(OK(O_PATH));
  });

  it('F_SETFL changes only O_APPEND, O_NONBLOCK, O_DIRECT and O_NOATIME (SETFL_MASK)', () => {
    const arg = O_DIRECT | O_APPEND | O_NONBLOCK | O_NOATIME | FASYNC | O_SYNC | O_WRONLY;
    let w = call(w3, 1, { call: 'fcntl', fd: 0, cmd: F_SETFL, arg }).world;
    expect(res(w, { call: 'fcntl', fd: 0, cmd: F_GETFL, arg: 0 })).toEqual(
      OK(O_NOATIME | O_DIRECT | O_LARGEFILE | O_NONBLOCK | O_APPEND | O_RDWR),
    );
    w = call(w, 1, { call: 'fcntl', fd: 0, cmd: F_SETFL, arg: 0 }).world;
    expect(res(w, { call: 'fcntl', fd: 0, cmd: F_GETFL, arg: 0 })).toEqual(OK(O_LARGEFILE | O_RDWR));
  });

  it('F_SETFL on a dup changes the shared file', () => {
    let w = call(w3, 1, { call: 'dup', fd: 1 }).world;
    w = call(w, 1, { call: 'fcntl', fd: 3, cmd: F_SETFL, arg: O_NONBLOCK }).world;
    expect(res(w, { call: 'fcntl', fd: 1, cmd: F_GETFL, arg: 0 })).toEqual(OK(O_LARGEFILE | O_NONBLOCK));
  });

  it('F_SETFL O_DIRECT is EINVAL for a directory and for a tmpfs file in 6.1 (no FMODE_CAN_ODIRECT)', () => {
    const d = openFile(base, 'd', O_RDONLY | O_DIRECTORY);
    expect(res(d.world, { call: 'fcntl', fd: d.fd, cmd: F_SETFL, arg: O_DIRECT })).toEqual(ERR('EINVAL'));
    const t = openFile(withTree(bootWorld({ rootFs: 'tmpfs' }), { f: 'x' }), 'f', O_RDWR);
    expect(res(t.world, { call: 'fcntl', fd: t.fd, cmd: F_SETFL, arg: O_DIRECT })).toEqual(ERR('EINVAL'));
    const b = openFile(withTree(bootWorld({ rootFs: 'btrfs' }), { f: 'x' }), 'f', O_RDWR);
    expect(res(b.world, { call: 'fcntl', fd: b.fd, cmd: F_SETFL, arg: O_DIRECT })).toEqual(OK(0));
  });

  it('F_SETFL on a fifo takes FASYNC (pipe_fasync) and O_DIRECT (packet mode)', () => {
    const p = openFile(create(base, '/', 'p', 'fifo'), 'p', O_RDONLY);
    const w = call(p.world, 1, { call: 'fcntl', fd: p.fd, cmd: F_SETFL, arg: FASYNC | O_DIRECT }).world;
    expect(res(w, { call: 'fcntl', fd: p.fd, cmd: F_GETFL, arg: 0 })).toEqual(OK(O_LARGEFILE | O_DIRECT | FASYNC));
    const w2 = call(w, 1, { call: 'fcntl', fd: p.fd, cmd: F_SETFL, arg: 0 }).world;
    expect(res(w2, { call: 'fcntl', fd: p.fd, cmd: F_GETFL, arg: 0 })).toEqual(OK(O_LARGEFILE));
  });

  it('F_SETFL cannot set or clear O_APPEND on an append-only inode (EPERM)', () => {
    const appendOnly = produce(w3, (d) => {
      inodeOf(d, d.dentries[walk(w3, 'f').dentry]?.d_inode ?? -1).i_flags |= S_APPEND;
      inodeOf(d, d.dentries[walk(w3, 'g').dentry]?.d_inode ?? -1).i_flags |= S_APPEND;
    });
    expect(res(appendOnly, { call: 'fcntl', fd: 0, cmd: F_SETFL, arg: O_APPEND })).toEqual(ERR('EPERM'));
    expect(res(appendOnly, { call: 'fcntl', fd: 1, cmd: F_SETFL, arg: O_NONBLOCK })).toEqual(OK(0));
  });

  it('F_SETFL O_NOATIME on a file the task does not own is EPERM', () => {
    const w0 = withTree(bootWorld({ uid: 1000, gid: 1000 }), { f: 'x' });
    const o = openFile(w0, 'f', O_RDONLY);
    expect(res(o.world, { call: 'fcntl', fd: o.fd, cmd: F_SETFL, arg: O_NOATIME })).toEqual(ERR('EPERM'));
  });

  it('an O_PATH descriptor allows only F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL', () => {
    expect(res(w3, { call: 'fcntl', fd: 2, cmd: F_SETFL, arg: O_APPEND })).toEqual(ERR('EBADF'));
    expect(res(w3, { call: 'fcntl', fd: 2, cmd: 5, arg: 0 })).toEqual(ERR('EBADF'));
    expect(res(w3, { call: 'fcntl', fd: 2, cmd: 9999, arg: 0 })).toEqual(ERR('EBADF'));
    expect(res(w3, { call: 'fcntl', fd: 2, cmd: F_DUPFD, arg: 10 })).toEqual(OK(10));
    expect(res(w3, { call: 'fcntl', fd: 2, cmd: F_SETFD, arg: 1 })).toEqual(OK(0));
  });

  it('an unknown command is EINVAL; a closed descriptor is EBADF first', () => {
    expect(res(w3, { call: 'fcntl', fd: 0, cmd: 9999, arg: 0 })).toEqual(ERR('EINVAL'));
    expect(res(w3, { call: 'fcntl', fd: 0, cmd: 1029, arg: 0 })).toEqual(ERR('EINVAL'));
    expect(res(w3, { call: 'fcntl', fd: 9, cmd: 9999, arg: 0 })).toEqual(ERR('EBADF'));
    expect(res(w3, { call: 'fcntl', fd: -1, cmd: F_GETFD, arg: 0 })).toEqual(ERR('EBADF'));
  });

  it('a command the kernel has but the model does not (locks, leases, owners) is refused loudly', () => {
    expect(() => step(w3, 1, { call: 'fcntl', fd: 0, cmd: 6, arg: 0 })).toThrow(Unmodelled);
  });
});
