/**
 * Set-id bits a write or a truncation drops (fs/inode.c: __file_remove_privs, fs/open.c:
 * do_truncate, both on fs/attr.c: setattr_should_drop_suidgid), each expectation measured on this
 * machine by test/corpus/programs/creds/killpriv.c and killpriv-copy.c (their .log beside them).
 */
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { Unmodelled } from '../../src/model/errors.js';
import { O_APPEND, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY } from '../../src/model/flags.js';
import { S_APPEND } from '../../src/model/inode.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { step } from '../../src/ops/run/step.js';
import { inodeOf } from '../../src/ops/vfs/world-draft.js';
import { asUser } from '../helpers/as-user.js';
import { walk } from '../helpers/fixtures.js';
import { boot, call, must, res } from '../helpers/spec.js';

const U1 = 1000;
const U2 = 1001;

/**
 * A world with /f (owned by 1000:1000, permission bits `mode`), /src holding "abcdef" and a fifo
 * /p that anyone may open.
 */
function world(mode: number): World {
  const w = must(
    boot(),
    { call: 'open', path: '/src', flags: 0o101, mode: 0o644 },
    { call: 'write', fd: 3, data: 'abcdef' },
    { call: 'close', fd: 3 },
    { call: 'open', path: '/f', flags: 0o101, mode: 0o644 },
    { call: 'close', fd: 3 },
    { call: 'mknod', path: '/p', mode: 0o10666, dev: 0 },
    { call: 'chmod', path: '/p', mode: 0o666 },
  );
  return produce(w, (d) => {
    const ino = d.dentries[walk(d, '/f').dentry]?.d_inode;
    if (ino === undefined || ino === null) throw new Error('no /f');
    const i = inodeOf(d, ino);
    i.i_mode = (i.i_mode & ~0o7777) | mode;
    i.i_uid = U1;
    i.i_gid = U1;
  });
}

/** The permission bits of /f, set-id bits included, as lstat answers them. */
function modeOf(w: World): number {
  const r = call(w, { call: 'lstat', path: '/f' }).result;
  if (r.ok !== true || r.stat === undefined) throw new Error('lstat /f failed');
  return r.stat.st_mode & 0o7777;
}

const open = (path: string, flags: number): Syscall => ({ call: 'open', path, flags, mode: 0 });
const write = (fd: number, data: string): Syscall => ({ call: 'write', fd, data });
/** 1001 with no supplementary groups: outside the file's group 1000. */
const other = (mode: number): World => asUser(world(mode), U2, U2);

describe('a write drops set-id bits (fs/inode.c: file_remove_privs)', () => {
  it('drops S_ISUID and a group-executable S_ISGID for a writer without CAP_FSETID', () => {
    expect(modeOf(must(other(0o6777), open('/f', O_WRONLY), write(3, 'x')))).toBe(0o777);
  });

  it("drops S_ISGID of a file that is not group-executable when the writer is outside the file's group", () => {
    expect(modeOf(must(other(0o6766), open('/f', O_WRONLY), write(3, 'x')))).toBe(0o766);
  });

  it("keeps S_ISGID of a file that is not group-executable for a writer in the file's group", () => {
    const inGroup = produce(other(0o6766), (d) => {
      const t = d.tasks[1];
      if (t === undefined) throw new Error('no task 1');
      t.cred.groups = [U1];
    });
    expect(modeOf(must(inGroup, open('/f', O_WRONLY), write(3, 'x')))).toBe(0o2766);
  });

  it("drops S_ISUID for the file's owner too", () => {
    expect(modeOf(must(asUser(world(0o4755), U1, U1), open('/f', O_WRONLY), write(3, 'x')))).toBe(0o755);
  });

  it('keeps both for root, which has CAP_FSETID', () => {
    expect(modeOf(must(world(0o6777), open('/f', O_WRONLY), write(3, 'x')))).toBe(0o6777);
  });

  it('drops nothing on a write of 0 bytes', () => {
    expect(modeOf(must(other(0o6777), open('/f', O_WRONLY), write(3, '')))).toBe(0o6777);
  });

  it("asks the writer's credentials, not the opener's", () => {
    const w = must(
      world(0o6777),
      open('/f', O_WRONLY),
      { call: 'setresgid', rgid: U2, egid: U2, sgid: U2 },
      { call: 'setresuid', ruid: U2, euid: U2, suid: U2 },
      write(3, 'x'),
    );
    expect(modeOf(w)).toBe(0o777);
  });

  it('pwrite64 drops them as write does', () => {
    const w = must(other(0o6777), open('/f', O_RDWR), { call: 'pwrite64', fd: 3, data: 'x', offset: 10 });
    expect(modeOf(w)).toBe(0o777);
  });

  it('is not modelled for an append-only file, which ext4 refuses (EPERM) and btrfs and tmpfs do not', () => {
    const w = produce(must(other(0o6777), open('/f', O_WRONLY | O_APPEND)), (d) => {
      const ino = d.dentries[walk(d, '/f').dentry]?.d_inode;
      if (ino === undefined || ino === null) throw new Error('no /f');
      inodeOf(d, ino).i_flags |= S_APPEND;
    });
    expect(() => step(w, 1, write(3, 'x'))).toThrow(Unmodelled);
  });

  it('a pwrite64 refused with EFBIG drops nothing', () => {
    const opened = must(other(0o6777), open('/f', O_WRONLY));
    const r = call(opened, { call: 'pwrite64', fd: 3, data: 'x', offset: 2 ** 50 });
    expect(r.result).toEqual({ ok: false, errno: 'EFBIG' });
    expect(modeOf(r.world)).toBe(0o6777);
  });
});

describe('the copy calls drop them when they write (their ->write_iter)', () => {
  /** /src open as 3, /f open for writing as 4, by 1001. */
  const opened = (): World => must(other(0o6777), open('/src', O_RDONLY), open('/f', O_WRONLY));

  it('sendfile into the file', () => {
    expect(modeOf(must(opened(), { call: 'sendfile', out_fd: 4, in_fd: 3, count: 4 }))).toBe(0o777);
  });

  it('copy_file_range into the file', () => {
    const w = must(opened(), { call: 'copy_file_range', fd_in: 3, off_in: 0, fd_out: 4, len: 4, flags: 0 });
    expect(modeOf(w)).toBe(0o777);
  });

  it('splice from a pipe into the file', () => {
    const w = must(opened(), open('/p', O_RDWR), write(5, 'xyz'), {
      call: 'splice',
      fd_in: 5,
      fd_out: 4,
      len: 3,
      flags: 0,
    });
    expect(modeOf(w)).toBe(0o777);
  });

  it('a copy of 0 bytes (the input at its end) drops nothing', () => {
    const w = must(
      opened(),
      { call: 'sendfile', out_fd: 4, in_fd: 3, offset: 6, count: 4 },
      { call: 'copy_file_range', fd_in: 3, off_in: 100, fd_out: 4, len: 4, flags: 0 },
    );
    expect(modeOf(w)).toBe(0o6777);
  });
});

describe('a truncation drops them (fs/open.c: do_truncate)', () => {
  it('truncate, by a user with write permission', () => {
    expect(modeOf(must(other(0o6777), { call: 'truncate', path: '/f', length: 1 }))).toBe(0o777);
  });

  it('ftruncate', () => {
    expect(modeOf(must(other(0o6777), open('/f', O_WRONLY), { call: 'ftruncate', fd: 3, length: 3 }))).toBe(0o777);
  });

  it('open with O_TRUNC, of a file already empty and opened for reading only', () => {
    expect(modeOf(must(other(0o6777), open('/f', O_RDONLY | O_TRUNC)))).toBe(0o777);
  });

  it('an ftruncate refused with EINVAL or EFBIG drops nothing', () => {
    const w = must(other(0o6777), open('/f', O_WRONLY));
    expect(res(w, { call: 'ftruncate', fd: 3, length: -1 })).toEqual({ ok: false, errno: 'EINVAL' });
    const big = call(w, { call: 'ftruncate', fd: 3, length: 2 ** 50 });
    expect(big.result).toEqual({ ok: false, errno: 'EFBIG' });
    expect(modeOf(big.world)).toBe(0o6777);
  });

  it('keeps both for root, O_TRUNC and ftruncate alike', () => {
    expect(modeOf(must(world(0o6777), open('/f', O_WRONLY | O_TRUNC), { call: 'ftruncate', fd: 3, length: 2 }))).toBe(
      0o6777,
    );
  });
});
