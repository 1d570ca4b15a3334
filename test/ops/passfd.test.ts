/**
 * passfd, the model-only call that passes an open file to another task as SCM_RIGHTS does
 * (net/core/scm.c: scm_fp_copy, scm_detach_fds; fs/file.c: __receive_fd). What a real kernel
 * does was measured on this machine with test/corpus/programs/creds/passfd.c (its log beside it):
 * uid 1000 received root's 0600 file at its lowest free descriptor, read and wrote through it
 * where its open by name was EACCES, moved root's position, read an unlinked file through it, got
 * an O_PATH one, FD_CLOEXEC with MSG_CMSG_CLOEXEC; a descriptor not open was EBADF.
 */
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { NotRunnable } from '../../src/model/errors.js';
import { F_GETFD, F_GETFL, FD_CLOEXEC, O_CREAT, O_PATH, O_RDONLY, O_RDWR, SEEK_CUR } from '../../src/model/flags.js';
import { S_IFIFO } from '../../src/model/modes.js';
import { changesFdTable, returnsNewFd } from '../../src/model/syscall/queries.js';
import { renderCall } from '../../src/model/syscall/render.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { stateKey } from '../../src/checker/canonical.js';
import { step } from '../../src/ops/run/step.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { rFile, rTask, taskOf } from '../../src/ops/vfs/world-draft.js';
import { asUser } from '../helpers/as-user.js';
import { boot, call, ERR, openSc } from '../helpers/spec.js';

const passfd = (fd: number, to: number, cloexec = 0): Syscall => ({ call: 'passfd', fd, to, cloexec });
const OK = (ret: number): SysResult => ({ ok: true, ret });

/** Calls by `pid` that must all succeed, each checked against the step laws (the ledger included). */
function by(w: World, pid: number, ...scs: Syscall[]): World {
  let cur = w;
  for (const sc of scs) {
    const out = call(cur, sc, pid);
    expect(out.result.ok, `${pid} ${renderCall(sc)} -> ${JSON.stringify(out.result)}`).toBe(true);
    cur = out.world;
  }
  return cur;
}

/** The file in `pid`'s slot `fd`, or undefined. */
const slot = (w: World, pid: number, fd: number) => w.fdtables[rTask(w, pid).files]?.fds[fd];

/**
 * Root's 0600 /secret holding "root only\n", open O_RDWR as pid 1's fd 3; pid 2, forked from it,
 * is uid 1000 and has closed its copy, so it holds only 0-2.
 */
function world(): World {
  const root = by(
    boot(),
    1,
    openSc('/secret', O_RDWR | O_CREAT, 0o600),
    { call: 'write', fd: 3, data: 'root only\n' },
    { call: 'lseek', fd: 3, offset: 0, whence: 0 },
    { call: 'fork', child: 2 },
  );
  return by(asUser(root, 1000, 1000, undefined, 2), 2, { call: 'close', fd: 3 });
}

describe('passfd: an open file passed to another task (SCM_RIGHTS)', () => {
  it("installs the file at the receiver's lowest free descriptor, not the sender's", () => {
    const w = by(world(), 1, openSc('/other', O_RDWR | O_CREAT));
    const { world: after, result } = call(w, passfd(4, 2), 1);
    expect(result).toEqual(OK(3));
    expect(slot(after, 2, 3)?.file).toBe(slot(after, 1, 4)?.file);
    expect(slot(after, 1, 3)?.file).not.toBe(slot(after, 1, 4)?.file);
  });

  it('leaves close-on-exec clear without MSG_CMSG_CLOEXEC (cloexec 0)', () => {
    const w = by(world(), 1, passfd(3, 2, 0));
    expect(call(w, { call: 'fcntl', fd: 3, cmd: F_GETFD, arg: 0 }, 2).result).toEqual(OK(0));
  });

  it('sets close-on-exec with MSG_CMSG_CLOEXEC (cloexec 1)', () => {
    const w = by(world(), 1, passfd(3, 2, 1));
    expect(call(w, { call: 'fcntl', fd: 3, cmd: F_GETFD, arg: 0 }, 2).result).toEqual(OK(FD_CLOEXEC));
  });

  it("takes one reference for the receiver's slot (get_file), which keeps the file after the sender closes", () => {
    const w = world();
    const file = slot(w, 1, 3)?.file ?? -1;
    expect(rFile(w, file).f_count).toBe(1);
    const passed = by(w, 1, passfd(3, 2));
    expect(rFile(passed, file).f_count).toBe(2);
    const closed = by(passed, 1, { call: 'close', fd: 3 });
    expect(rFile(closed, file).f_count).toBe(1);
    expect(slot(closed, 2, 3)?.file).toBe(file);
  });

  it("lets the receiver read and write with the opener's f_mode where its open by name is EACCES", () => {
    const w = by(world(), 1, passfd(3, 2));
    expect(call(w, openSc('/secret', O_RDONLY), 2).result).toEqual(ERR('EACCES'));
    expect(call(w, { call: 'fcntl', fd: 3, cmd: F_GETFL, arg: 0 }, 2).result).toMatchObject({ ok: true });
    expect(call(w, { call: 'read', fd: 3, count: 32 }, 2).result).toMatchObject({
      ok: true,
      ret: 10,
      data: 'root only\n',
    });
    expect(call(w, { call: 'write', fd: 3, data: '1000 was here\n' }, 2).result).toEqual(OK(14));
  });

  it("keeps the opener's f_flags: F_GETFL through the passed descriptor is the sender's", () => {
    const w = by(world(), 1, passfd(3, 2));
    const sender = call(w, { call: 'fcntl', fd: 3, cmd: F_GETFL, arg: 0 }, 1).result;
    expect(call(w, { call: 'fcntl', fd: 3, cmd: F_GETFL, arg: 0 }, 2).result).toEqual(sender);
  });

  it("shares the struct file: the receiver's read and write move the sender's position", () => {
    const w = by(world(), 1, passfd(3, 2));
    const moved = by(w, 2, { call: 'read', fd: 3, count: 32 }, { call: 'write', fd: 3, data: '1000 was here\n' });
    expect(call(moved, { call: 'lseek', fd: 3, offset: 0, whence: SEEK_CUR }, 1).result).toEqual(OK(24));
  });

  it('keeps an unlinked file reachable: the receiver sees st_nlink 0 and reads its data', () => {
    const w = by(
      world(),
      1,
      openSc('/gone', O_RDWR | O_CREAT, 0o600),
      { call: 'write', fd: 4, data: 'unlinked\n' },
      { call: 'lseek', fd: 4, offset: 0, whence: 0 },
      { call: 'unlink', path: '/gone' },
      passfd(4, 2),
    );
    expect(call(w, { call: 'fstat', fd: 3 }, 2).result).toMatchObject({ ok: true, stat: { st_nlink: 0 } });
    expect(call(w, { call: 'read', fd: 3, count: 32 }, 2).result).toMatchObject({ ok: true, data: 'unlinked\n' });
  });

  it('passes an O_PATH file (fget_raw): the receiver gets O_PATH, and read through it is EBADF', () => {
    const w = by(world(), 1, openSc('/secret', O_PATH), passfd(4, 2));
    expect(call(w, { call: 'fcntl', fd: 3, cmd: F_GETFL, arg: 0 }, 2).result).toEqual(OK(O_PATH));
    expect(call(w, { call: 'read', fd: 3, count: 32 }, 2).result).toEqual(ERR('EBADF'));
  });

  it('is EBADF for a descriptor the sender has not open, or a negative one', () => {
    expect(call(world(), passfd(9, 2), 1).result).toEqual(ERR('EBADF'));
    expect(call(world(), passfd(-1, 2), 1).result).toEqual(ERR('EBADF'));
  });

  it('is ESRCH for a pid with no task', () => {
    expect(call(world(), passfd(3, 7), 1).result).toEqual(ERR('ESRCH'));
  });

  it('is ESRCH for a zombie, which has no table to receive in', () => {
    const w = by(world(), 2, { call: 'exit', status: 0 });
    expect(call(w, passfd(3, 2), 1).result).toEqual(ERR('ESRCH'));
  });

  it("is EMFILE when the receiver has no descriptor free under its own RLIMIT_NOFILE, whatever the sender's", () => {
    const w = produce(world(), (d) => {
      taskOf(d, 2).rlimit_nofile = 3;
      taskOf(d, 1).rlimit_nofile = 4;
    });
    expect(call(w, passfd(3, 2), 1).result).toEqual(ERR('EMFILE'));
    const roomy = produce(w, (d) => {
      taskOf(d, 2).rlimit_nofile = 4;
    });
    expect(call(roomy, passfd(3, 2), 1).result).toEqual(OK(3));
  });

  it('is EINVAL for a cloexec other than 0 or 1', () => {
    expect(call(world(), passfd(3, 2, 2), 1).result).toEqual(ERR('EINVAL'));
  });

  it('cannot be taken while the receiver sleeps in a call: it cannot call recvmsg', () => {
    const w = by(world(), 1, { call: 'mknod', path: '/fifo', mode: S_IFIFO | 0o644, dev: 0 });
    const asleep = step(w, 2, openSc('/fifo', O_RDONLY)).world;
    expect(rTask(asleep, 2).state).toBe('blocked');
    expect(() => step(asleep, 1, passfd(3, 2))).toThrow(NotRunnable);
  });

  it('leaves a state key equal to that of a child that inherited the file by fork', () => {
    const opened = by(boot(), 1, openSc('/f', O_RDWR | O_CREAT));
    const inherited = by(opened, 1, { call: 'fork', child: 2 });
    const passed = by(boot(), 1, { call: 'fork', child: 2 }, openSc('/f', O_RDWR | O_CREAT), passfd(3, 2));
    expect(stateKey(passed)).toBe(stateKey(inherited));
  });

  it("changes an fd table, but answers no descriptor of the caller's (the replay's bookkeeping does not count it)", () => {
    expect(changesFdTable('passfd')).toBe(true);
    expect(returnsNewFd('passfd')).toBe(false);
  });

  it('renders as passfd(fd, to, cloexec), which is no syscall', () => {
    expect(renderCall(passfd(3, 2, 1))).toBe('passfd(3, 2, 1)');
  });
});
