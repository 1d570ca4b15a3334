// open, openat, creat and close (fs/open.c, fs/namei.c path_openat), by rule.
import { describe, expect, it } from 'vitest';
import {
  F_GETFD,
  F_GETFL,
  O_APPEND,
  O_CLOEXEC,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_LARGEFILE,
  O_NOFOLLOW,
  O_NONBLOCK,
  O_PATH,
  O_RDONLY,
  O_RDWR,
  O_TMPFILE,
  O_TRUNC,
  O_WRONLY,
} from '../../src/model/flags.js';
import { I_LINKABLE } from '../../src/model/inode.js';
import { rFile, rInode, rSb, rTask } from '../../src/ops/vfs/world-draft.js';
import type { World } from '../../src/model/world.js';
import { boot, call, ERR, must, openSc, res } from '../helpers/spec.js';

const inodeOfFd = (w: World, fd: number) => {
  const t = rTask(w, 1);
  const f = w.fdtables[t.files]?.fds[fd]?.file;
  if (f === undefined) throw new Error(`fd ${fd}`);
  return rInode(w, rFile(w, f).f_inode);
};

describe('open: creating and finding files', () => {
  it('O_CREAT makes a regular file with mode & ~umask and returns the lowest free fd', () => {
    const { world, result } = call(boot(), openSc('/f', O_CREAT | O_WRONLY, 0o666));
    expect(result).toEqual({ ok: true, ret: 3 });
    expect(inodeOfFd(world, 3).i_mode).toBe(0o100644);
  });

  it('O_CREAT|O_EXCL on an existing name is EEXIST, even a dangling symlink', () => {
    const w = must(boot(), openSc('/f', O_CREAT | O_WRONLY), { call: 'symlink', target: '/nowhere', linkpath: '/l' });
    expect(res(w, openSc('/f', O_CREAT | O_EXCL | O_WRONLY))).toEqual(ERR('EEXIST'));
    expect(res(w, openSc('/l', O_CREAT | O_EXCL | O_WRONLY))).toEqual(ERR('EEXIST'));
  });

  it('O_CREAT through a dangling symlink creates its target', () => {
    const w = must(boot(), { call: 'symlink', target: 't', linkpath: '/l' }, openSc('/l', O_CREAT | O_WRONLY));
    expect(res(w, { call: 'stat', path: '/t' }).ok).toBe(true);
  });

  it('a missing name without O_CREAT is ENOENT; a missing parent is ENOENT even with O_CREAT', () => {
    expect(res(boot(), openSc('/nope', O_RDONLY))).toEqual(ERR('ENOENT'));
    expect(res(boot(), openSc('/no/f', O_CREAT | O_WRONLY))).toEqual(ERR('ENOENT'));
  });

  it('an empty name is ENOENT and a 4096-byte one ENAMETOOLONG', () => {
    expect(res(boot(), openSc('', O_RDONLY))).toEqual(ERR('ENOENT'));
    expect(res(boot(), openSc('a'.repeat(4096), O_RDONLY))).toEqual(ERR('ENAMETOOLONG'));
  });
});

describe('open: flags', () => {
  it('O_TRUNC empties an existing regular file', () => {
    let w = must(
      boot(),
      openSc('/f', O_CREAT | O_WRONLY),
      { call: 'write', fd: 3, data: 'hello' },
      { call: 'close', fd: 3 },
    );
    w = must(w, openSc('/f', O_WRONLY | O_TRUNC));
    expect(inodeOfFd(w, 3).i_size).toBe(0);
  });

  it('O_APPEND writes go to the end whatever the position', () => {
    let w = must(boot(), openSc('/f', O_CREAT | O_RDWR), { call: 'write', fd: 3, data: 'abc' });
    w = must(
      w,
      openSc('/f', O_WRONLY | O_APPEND),
      { call: 'lseek', fd: 4, offset: 0, whence: 0 },
      { call: 'write', fd: 4, data: 'Z' },
    );
    expect(res(w, { call: 'pread64', fd: 3, count: 10, offset: 0 })).toMatchObject({ ok: true, data: 'abcZ' });
  });

  it('O_DIRECTORY on a file is ENOTDIR; writing a directory is EISDIR', () => {
    const w = must(boot(), openSc('/f', O_CREAT | O_WRONLY), { call: 'mkdir', path: '/d', mode: 0o755 });
    expect(res(w, openSc('/f', O_RDONLY | O_DIRECTORY))).toEqual(ERR('ENOTDIR'));
    expect(res(w, openSc('/d', O_WRONLY))).toEqual(ERR('EISDIR'));
    expect(res(w, openSc('/d', O_CREAT | O_WRONLY))).toEqual(ERR('EISDIR'));
    expect(res(w, openSc('/new/', O_CREAT | O_WRONLY))).toEqual(ERR('EISDIR'));
  });

  it('O_CREAT|O_DIRECTORY is EINVAL (Debian 6.1 has "fs: Block O_DIRECTORY | O_CREAT")', () => {
    expect(res(boot(), openSc('/x', O_CREAT | O_DIRECTORY | O_RDWR))).toEqual(ERR('EINVAL'));
  });

  it('O_NOFOLLOW on a symlink is ELOOP, but O_PATH|O_NOFOLLOW opens the link itself', () => {
    const w = must(boot(), openSc('/f', O_CREAT | O_WRONLY), { call: 'symlink', target: '/f', linkpath: '/l' });
    expect(res(w, openSc('/l', O_RDONLY | O_NOFOLLOW))).toEqual(ERR('ELOOP'));
    const p = must(w, openSc('/l', O_PATH | O_NOFOLLOW));
    expect(inodeOfFd(p, 4).type).toBe('symlink');
    expect(res(p, { call: 'read', fd: 4, count: 1 })).toEqual(ERR('EBADF'));
    expect(res(p, { call: 'fcntl', fd: 4, cmd: F_GETFL, arg: 0 })).toEqual({ ok: true, ret: O_PATH | O_NOFOLLOW });
  });

  it('F_GETFL shows O_LARGEFILE and drops O_CREAT; O_CLOEXEC becomes FD_CLOEXEC', () => {
    const w = must(boot(), openSc('/f', O_CREAT | O_RDWR | O_NONBLOCK | O_CLOEXEC));
    expect(res(w, { call: 'fcntl', fd: 3, cmd: F_GETFL, arg: 0 })).toEqual({
      ok: true,
      ret: O_RDWR | O_NONBLOCK | O_LARGEFILE,
    });
    expect(res(w, { call: 'fcntl', fd: 3, cmd: F_GETFD, arg: 0 })).toEqual({ ok: true, ret: 1 });
  });

  it('is EACCES for a user without permission, EMFILE when the table is full', () => {
    let w = must(boot(), openSc('/secret', O_CREAT | O_WRONLY, 0o600), { call: 'fork', child: 2 });
    w = call(w, { call: 'setuid', uid: 1000 }, 2).world;
    expect(res(w, openSc('/secret', O_RDONLY), 2)).toEqual(ERR('EACCES'));
    let full = boot();
    for (let i = 3; i < 1024; i++) full = call(full, openSc('/', O_RDONLY)).world;
    expect(res(full, openSc('/', O_RDONLY))).toEqual(ERR('EMFILE'));
  });
});

describe('open: O_TMPFILE', () => {
  it('makes an unnamed inode with i_nlink 0, on the ext4 orphan list, I_LINKABLE', () => {
    const w = must(boot(), openSc('/', O_TMPFILE | O_RDWR, 0o600));
    const ino = inodeOfFd(w, 3);
    expect(ino.i_nlink).toBe(0);
    expect(ino.i_state & I_LINKABLE).toBe(I_LINKABLE);
    expect(rSb(w, ino.i_sb).s_orphans).toContain(ino.id);
  });

  it('with O_EXCL is not linkable: linkat AT_EMPTY_PATH gives ENOENT; without it the link works', () => {
    const excl = must(boot(), openSc('/', O_TMPFILE | O_EXCL | O_RDWR, 0o600));
    const link = { call: 'linkat', olddirfd: 3, oldpath: '', newdirfd: -100, newpath: '/n', flags: 0x1000 } as const;
    expect(res(excl, link)).toEqual(ERR('ENOENT'));
    const w = must(boot(), openSc('/', O_TMPFILE | O_RDWR, 0o600), link);
    expect(inodeOfFd(w, 3).i_nlink).toBe(1);
  });

  it('needs write access (EINVAL) and a directory (ENOTDIR)', () => {
    const w = must(boot(), openSc('/f', O_CREAT | O_WRONLY));
    expect(res(w, openSc('/', O_TMPFILE | O_RDONLY))).toEqual(ERR('EINVAL'));
    expect(res(w, openSc('/f', O_TMPFILE | O_RDWR))).toEqual(ERR('ENOTDIR'));
  });

  it('reads as "/#INO (deleted)" through /proc/self/fd', () => {
    const w = must(boot(), openSc('/', O_TMPFILE | O_RDWR, 0o600));
    const r = res(w, { call: 'readlink', path: '/proc/self/fd/3', bufsiz: 64 });
    expect(r.ok === true && r.link).toBe(`/#${inodeOfFd(w, 3).i_ino} (deleted)`);
  });
});

describe('open: fifos and /proc', () => {
  it('O_WRONLY|O_NONBLOCK without a reader is ENXIO; O_RDONLY|O_NONBLOCK opens at once', () => {
    const w = must(boot(), { call: 'mknod', path: '/p', mode: 0o10600, dev: 0 });
    expect(res(w, openSc('/p', O_WRONLY | O_NONBLOCK))).toEqual(ERR('ENXIO'));
    expect(res(w, openSc('/p', O_RDONLY | O_NONBLOCK))).toEqual({ ok: true, ret: 3 });
  });

  it('a blocking O_RDONLY open sleeps until a writer opens, then both complete', () => {
    let w = must(boot(), { call: 'mknod', path: '/p', mode: 0o10600, dev: 0 }, { call: 'fork', child: 2 });
    const r = call(w, openSc('/p', O_RDONLY), 2);
    expect(r.result.ok).toBe('blocked');
    w = r.world;
    expect(res(w, openSc('/p', O_WRONLY))).toEqual({ ok: true, ret: 3 });
  });

  it('a blocking creat of a fifo sleeps holding one file, and completes when a reader opens', () => {
    // Found by fuzzing: the wake-up re-ran creat from the start, opening a new file each time.
    let w = must(boot(), { call: 'mknod', path: '/p', mode: 0o10644, dev: 0 }, { call: 'fork', child: 2 });
    const r = call(w, { call: 'creat', path: '/p', mode: 0o644 }, 2);
    expect(r.result.ok).toBe('blocked');
    w = r.world;
    const reader = call(w, openSc('/p', O_RDONLY | O_NONBLOCK));
    expect(reader.result).toEqual({ ok: true, ret: 3 });
    // Only the reader's file is new: the sleeping creat kept the one it opened.
    expect(Object.keys(reader.world.files)).toHaveLength(Object.keys(w.files).length + 1);
    expect(rTask(reader.world, 2).state).toBe('running');
  });

  it('a fifo opened with access mode 3 (neither read nor write) is EINVAL, blocking or not', () => {
    // fs/pipe.c: fifo_open's default case; checked with strace on Linux: openat(..., O_ACCMODE) = -1 EINVAL.
    const w = must(boot(), { call: 'mknod', path: '/p', mode: 0o10644, dev: 0 });
    expect(res(w, openSc('/p', 3))).toEqual(ERR('EINVAL'));
    expect(res(w, openSc('/p', 3 | O_NONBLOCK))).toEqual(ERR('EINVAL'));
  });

  it('a regular file opened with access mode 3 opens for neither reading nor writing', () => {
    const w = must(boot(), openSc('/f', O_CREAT | O_WRONLY), { call: 'close', fd: 3 });
    const opened = call(w, openSc('/f', 3));
    expect(opened.result).toEqual({ ok: true, ret: 3 });
    expect(res(opened.world, { call: 'read', fd: 3, count: 1 })).toEqual(ERR('EBADF'));
    expect(res(opened.world, { call: 'write', fd: 3, data: 'x' })).toEqual(ERR('EBADF'));
  });

  it('reopening /proc/self/fd/N of an unlinked file works; O_NOFOLLOW there is ELOOP', () => {
    const w = must(boot(), openSc('/f', O_CREAT | O_RDWR), { call: 'unlink', path: '/f' });
    expect(res(w, openSc('/proc/self/fd/3', O_RDONLY))).toEqual({ ok: true, ret: 4 });
    expect(res(w, openSc('/proc/self/fd/3', O_RDONLY | O_NOFOLLOW))).toEqual(ERR('ELOOP'));
  });
});

describe('creat and close', () => {
  it('creat is O_CREAT|O_WRONLY|O_TRUNC', () => {
    let w = must(boot(), openSc('/f', O_CREAT | O_WRONLY), { call: 'write', fd: 3, data: 'x' });
    w = must(w, { call: 'creat', path: '/f', mode: 0o644 });
    expect(inodeOfFd(w, 4).i_size).toBe(0);
    expect(res(w, { call: 'fcntl', fd: 4, cmd: F_GETFL, arg: 0 })).toEqual({ ok: true, ret: O_WRONLY | O_LARGEFILE });
  });

  it('close of a free slot is EBADF; the last close of an unlinked file frees its inode', () => {
    expect(res(boot(), { call: 'close', fd: 9 })).toEqual(ERR('EBADF'));
    const w0 = must(boot(), openSc('/f', O_CREAT | O_RDWR), { call: 'unlink', path: '/f' });
    const id = inodeOfFd(w0, 3).id;
    const w = must(w0, { call: 'close', fd: 3 });
    expect(w.inodes[id]).toBeUndefined();
  });
});
