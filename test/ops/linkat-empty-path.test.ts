/**
 * Giving an open file a name, by kernel version: linkat(fd, "", AT_FDCWD, new, AT_EMPTY_PATH) and
 * linkat(AT_FDCWD, "/proc/self/fd/N", AT_FDCWD, new, AT_SYMLINK_FOLLOW). 6.1's do_linkat asks
 * CAP_DAC_READ_SEARCH of every AT_EMPTY_PATH caller (ENOENT without it, before the lookup);
 * 6.10's path_init (commit 42bd2af59504) lets a caller through whose current cred is the file's
 * f_cred, else asks the capability. Cases from test/corpus/programs/creds/flink.c (measured on
 * 6.18, which has the 6.10 rule) and flink-dirfd.c; protected_hardlinks is 1 throughout.
 */
import { describe, expect, it } from 'vitest';
import {
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_SYMLINK_FOLLOW,
  CLONE_FILES,
  CLONE_FS,
  CLONE_VM,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_PATH,
  O_RDONLY,
  O_RDWR,
  O_TMPFILE,
} from '../../src/model/flags.js';
import { KERNELS } from '../../src/model/kernel.js';
import type { Syscall, SyscallOf } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { becomeChild, bootWith, make } from '../helpers/creds-world.js';
import { ERR, call, must } from '../helpers/spec.js';

const OK0 = { ok: true, ret: 0 };
const U1 = 1000;
/** include/uapi/linux/sched.h: the flags pthread_create's clone3 passes that the model reads. */
const CLONE_SIGHAND = 0x800;
const CLONE_THREAD = 0x10000;

const byFd = (fd: number, newpath: string, oldpath = ''): SyscallOf<'linkat'> => ({
  call: 'linkat',
  olddirfd: fd,
  oldpath,
  newdirfd: AT_FDCWD,
  newpath,
  flags: AT_EMPTY_PATH,
});
const byProc = (fd: number, newpath: string): Syscall => ({
  call: 'linkat',
  olddirfd: AT_FDCWD,
  oldpath: `/proc/self/fd/${fd}`,
  newdirfd: AT_FDCWD,
  newpath,
  flags: AT_SYMLINK_FOLLOW,
});

/** Runs `sc` as `pid`, returning the world after it and its result. */
const by = (w: World, pid: number, sc: Syscall) => call(w, sc, pid);
const ret = (w: World, pid: number, sc: Syscall) => by(w, pid, sc).result;

/** flink.c's setting: 1000's directory u with root's readable u/rootfile; pid 2 is 1000. */
function world(kernel: string): World {
  let w = must(bootWith({ protected_hardlinks: 1 }, kernel), { call: 'mkdir', path: 'u', mode: 0o755 });
  w = must(w, { call: 'chown', path: 'u', owner: U1, group: U1 });
  w = make(w, 'u/rootfile', 0o644, 0, 0);
  return becomeChild(w, 2, U1, U1);
}

/** pid 2 (1000) opens u/b for itself as fd 3. */
const withOwnFile = (kernel: string): World =>
  by(world(kernel), 2, { call: 'open', path: 'u/b', flags: O_RDWR | O_CREAT, mode: 0o644 }).world;

describe('root: CAP_DAC_READ_SEARCH opens AT_EMPTY_PATH on any kernel (flink.c rows 143-147)', () => {
  for (const kernel of ['mainline', 'mainline-6.10']) {
    it(`${kernel}: its own fd, and the fd a forked child inherited; /proc/self/fd too`, () => {
      let w = must(bootWith({}, kernel), { call: 'open', path: 'a', flags: O_RDWR | O_CREAT, mode: 0o644 });
      w = must(w, byFd(3, 'a2'), { call: 'fork', child: 2 });
      const child = by(w, 2, byFd(3, 'a3'));
      expect(child.result).toEqual(OK0);
      expect(ret(child.world, 1, byProc(3, 'a4'))).toEqual(OK0);
    });

    it(`${kernel}: an inode whose every name is gone is ENOENT both ways`, () => {
      const w = must(
        bootWith({}, kernel),
        { call: 'open', path: 'a', flags: O_RDWR | O_CREAT, mode: 0o644 },
        {
          call: 'unlink',
          path: 'a',
        },
      );
      expect(ret(w, 1, byFd(3, 'a5'))).toEqual(ERR('ENOENT'));
      expect(ret(w, 1, byProc(3, 'a5'))).toEqual(ERR('ENOENT'));
    });
  }

  it('an O_TMPFILE file links once through /proc; with O_EXCL never', () => {
    let w = must(bootWith({}), { call: 'open', path: '.', flags: O_TMPFILE | O_RDWR, mode: 0o600 });
    w = must(w, byProc(3, 't1'), { call: 'unlink', path: 't1' });
    expect(ret(w, 1, byProc(3, 't2'))).toEqual(ERR('ENOENT'));
    expect(ret(w, 1, byFd(3, 't2'))).toEqual(ERR('ENOENT'));
    const x = must(bootWith({}), { call: 'open', path: '.', flags: O_TMPFILE | O_RDWR | O_EXCL, mode: 0o600 });
    expect(ret(x, 1, byFd(3, 't3'))).toEqual(ERR('ENOENT'));
    expect(ret(x, 1, byProc(3, 't3'))).toEqual(ERR('ENOENT'));
  });
});

describe('6.1 (mainline): AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH, /proc/self/fd/N does not', () => {
  it('refuses 1000 its own file by fd (ENOENT), and links it through /proc', () => {
    const w = withOwnFile('mainline');
    expect(ret(w, 2, byFd(3, 'u/b2'))).toEqual(ERR('ENOENT'));
    expect(ret(w, 2, byProc(3, 'u/b3'))).toEqual(OK0);
  });

  it('answers ENOENT before looking at the descriptor: a bad fd is not EBADF', () => {
    expect(ret(world('mainline'), 2, byFd(99, 'u/x'))).toEqual(ERR('ENOENT'));
  });

  it('through /proc, only ownership and protected_hardlinks decide: root’s 0644 file is EPERM', () => {
    const w = by(world('mainline'), 2, { call: 'open', path: 'u/rootfile', flags: O_RDONLY, mode: 0 }).world;
    expect(ret(w, 2, byFd(3, 'u/r2'))).toEqual(ERR('ENOENT'));
    expect(ret(w, 2, byProc(3, 'u/r3'))).toEqual(ERR('EPERM'));
  });
});

describe('mainline-6.10 (42bd2af59504): the opener’s very cred, or CAP_DAC_READ_SEARCH', () => {
  it('is Linux 6.1 with 6.10’s linkat rule, and a model-only kernel (no QEMU kernel has it)', () => {
    expect(KERNELS['mainline-6.10']).toMatchObject({
      relinkSeries: false,
      linkatEmptyPath: 'opener-cred',
      modelOnly: true,
    });
    expect(KERNELS['mainline']).toMatchObject({ linkatEmptyPath: 'capable', modelOnly: false });
  });

  it('links 1000’s own file by its fd, O_PATH ones too (flink.c row 148)', () => {
    const w = by(withOwnFile('mainline-6.10'), 2, { call: 'open', path: 'u/b', flags: O_PATH, mode: 0 }).world;
    expect(ret(w, 2, byFd(4, 'u/b4'))).toEqual(OK0);
  });

  it('lets a thread (CLONE_THREAD shares the cred) link the task’s fd, until the thread commits its own (row 150)', () => {
    const flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;
    const w = by(withOwnFile('mainline-6.10'), 2, { call: 'clone', flags, child: 3 }).world;
    expect(ret(w, 3, byFd(3, 'u/bt'))).toEqual(OK0);
    const committed = by(w, 3, { call: 'setuid', uid: U1 }).world;
    expect(ret(committed, 3, byFd(3, 'u/bt2'))).toEqual(ERR('ENOENT'));
    expect(ret(committed, 2, byFd(3, 'u/bt3'))).toEqual(OK0);
  });

  it('refuses a forked child the fd it inherited (fork made a new cred), which /proc still links (row 151)', () => {
    const forked = by(withOwnFile('mainline-6.10'), 2, { call: 'fork', child: 3 }).world;
    expect(ret(forked, 3, byFd(3, 'u/b5'))).toEqual(ERR('ENOENT'));
    expect(ret(forked, 3, byProc(3, 'u/b5'))).toEqual(OK0);
  });

  it('refuses the opener itself after a commit_creds with the same ids; a file opened after links (rows 152-153)', () => {
    const committed = by(withOwnFile('mainline-6.10'), 2, { call: 'setuid', uid: U1 }).world;
    expect(ret(committed, 2, byFd(3, 'u/b6'))).toEqual(ERR('ENOENT'));
    expect(ret(committed, 2, byProc(3, 'u/b6'))).toEqual(OK0);
    const reopened = by(committed, 2, { call: 'open', path: 'u/b', flags: O_RDONLY, mode: 0 }).world;
    expect(ret(reopened, 2, byFd(4, 'u/b7'))).toEqual(OK0);
  });

  it('lets the cred through and leaves may_linkat to refuse another’s file it cannot write (EPERM, row 154)', () => {
    const w = by(world('mainline-6.10'), 2, { call: 'open', path: 'u/rootfile', flags: O_RDONLY, mode: 0 }).world;
    expect(ret(w, 2, byFd(3, 'u/r2'))).toEqual(ERR('EPERM'));
    expect(ret(w, 2, byProc(3, 'u/r3'))).toEqual(ERR('EPERM'));
  });

  it('links its own O_TMPFILE; O_TMPFILE|O_EXCL stays ENOENT (row 155)', () => {
    const w = by(world('mainline-6.10'), 2, { call: 'open', path: 'u', flags: O_TMPFILE | O_RDWR, mode: 0o600 }).world;
    expect(ret(w, 2, byFd(3, 'u/t4'))).toEqual(OK0);
    const x = by(world('mainline-6.10'), 2, {
      call: 'open',
      path: 'u',
      flags: O_TMPFILE | O_RDWR | O_EXCL,
      mode: 0o600,
    });
    expect(ret(x.world, 2, byFd(3, 'u/t5'))).toEqual(ERR('ENOENT'));
  });

  it('refuses a file whose names are all gone, whoever asks (row 156)', () => {
    const w = by(withOwnFile('mainline-6.10'), 2, { call: 'unlink', path: 'u/b' }).world;
    expect(ret(w, 2, byFd(3, 'u/b8'))).toEqual(ERR('ENOENT'));
    expect(ret(w, 2, byProc(3, 'u/b8'))).toEqual(ERR('ENOENT'));
  });

  it('refuses a child that became 1000 the fd root opened, even of 1000’s own file (rows 157-158)', () => {
    let w = must(bootWith({}, 'mainline-6.10'), { call: 'mkdir', path: 'u', mode: 0o755 });
    w = make(must(w, { call: 'chown', path: 'u', owner: U1, group: U1 }), 'u/c', 0o644, U1, U1);
    w = must(w, { call: 'open', path: 'u/c', flags: O_RDONLY, mode: 0 });
    w = becomeChild(w, 2, U1, U1);
    expect(ret(w, 2, byFd(3, 'u/c2'))).toEqual(ERR('ENOENT'));
    expect(ret(w, 2, byProc(3, 'u/c3'))).toEqual(OK0);
  });

  it('checks the descriptor first: a bad fd is EBADF (path_init’s fdget_raw)', () => {
    expect(ret(world('mainline-6.10'), 2, byFd(99, 'u/x'))).toEqual(ERR('EBADF'));
  });

  it('asks it of any relative name from a dirfd, not of AT_FDCWD or an absolute name (flink-dirfd.c)', () => {
    let w = by(world('mainline-6.10'), 2, { call: 'open', path: 'u/b', flags: O_RDWR | O_CREAT, mode: 0o644 }).world;
    w = by(w, 2, { call: 'open', path: 'u', flags: O_RDONLY | O_DIRECTORY, mode: 0 }).world;
    expect(ret(w, 2, byFd(4, 'u/c1', 'b'))).toEqual(OK0);
    const forked = by(w, 2, { call: 'fork', child: 3 }).world;
    expect(ret(forked, 3, byFd(4, 'u/c6', 'b'))).toEqual(ERR('ENOENT'));
    expect(ret(forked, 3, { ...byFd(4, 'u/c7', 'b'), flags: 0 })).toEqual(OK0);
    expect(ret(forked, 3, byFd(4, 'u/c8', '/u/b'))).toEqual(OK0);
    expect(ret(forked, 3, byFd(AT_FDCWD, 'u/c9', 'u/b'))).toEqual(OK0);
  });

  it('links the current directory by AT_FDCWD and "" no more than any directory (EPERM)', () => {
    expect(ret(world('mainline-6.10'), 2, byFd(AT_FDCWD, 'u/c2'))).toEqual(ERR('EPERM'));
  });
});
