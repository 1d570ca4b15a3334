import { describe, expect, it } from 'vitest';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { NotRunnable } from '../../src/model/errors.js';
import { step } from '../../src/ops/run/step.js';
import { rTask } from '../../src/ops/vfs/world-draft.js';
import { dPath } from '../../src/ops/vfs/d-path.js';
import {
  CLONE_FILES,
  CLONE_FS,
  CLONE_NEWNS,
  CLONE_VM,
  O_DIRECTORY,
  O_PATH,
  O_RDONLY,
  O_RDWR,
} from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { assertStepLaws, run } from '../helpers/run.js';
import { withTree } from '../helpers/tree.js';
import { closeFile, create, dCount, openFile, walk } from '../helpers/fixtures.js';

const CLONE_SIGHAND = 0x800;
const CLONE_THREAD = 0x10000;
const CLONE_PIDFD = 0x1000;
const CLONE_PARENT_SETTID = 0x100000;
const SIGCHLD = 17;

/** One checked step: the invariants hold after it and an errno leaves the world alone. */
function call(w: World, pid: number, sc: Syscall): { world: World; result: SysResult } {
  const out = step(w, pid, sc);
  assertStepLaws(w, out.world, out.result, `${pid} ${JSON.stringify(sc)}`);
  return out;
}

const base = withTree(bootWorld(), { d: { e: {} }, f: 'data', nox: {}, ld: { symlink: 'd' }, lf: { symlink: 'f' } });

describe('fork, vfork, clone (kernel/fork.c: copy_process)', () => {
  it('fork returns the next pid and the child copies the fd table, cwd, umask and credentials', () => {
    const o = openFile(base, 'f', O_RDWR);
    const { world } = call(o.world, 1, { call: 'fork' });
    const child = rTask(world, 2);
    const parent = rTask(world, 1);
    expect(step(o.world, 1, { call: 'fork' }).result).toEqual({ ok: true, ret: 2 });
    expect(child.ppid).toBe(1);
    expect(child.state).toBe('running');
    expect(child.files).not.toBe(parent.files);
    expect(world.fdtables[child.files]?.fds[o.fd]?.file).toBe(o.file);
    expect(world.files[o.file]?.f_count).toBe(2);
    expect(child.pwd).toEqual(parent.pwd);
    expect(child.umask).toBe(parent.umask);
    expect(world.mntns[child.mnt_ns]?.count).toBe(2);
  });

  it('fork keeps close-on-exec flags in the copied table (dup_fd)', () => {
    const o = openFile(base, 'f', O_RDONLY);
    const w1 = call(o.world, 1, { call: 'fcntl', fd: o.fd, cmd: 2, arg: 1 }).world;
    const w2 = call(w1, 1, { call: 'fork' }).world;
    expect(w2.fdtables[rTask(w2, 2).files]?.fds[o.fd]?.cloexec).toBe(true);
  });

  it('fork gives the child the pid a trace names and moves the next pid past it', () => {
    const { world, result } = call(base, 1, { call: 'fork', child: 4242 });
    expect(result).toEqual({ ok: true, ret: 4242 });
    expect(world.next.pid).toBe(4243);
    expect(call(world, 1, { call: 'vfork' }).result).toEqual({ ok: true, ret: 4243 });
  });

  it('fork into a pid that is taken is a caller error (NotRunnable)', () => {
    const w = call(base, 1, { call: 'fork', child: 7 }).world;
    expect(() => step(w, 1, { call: 'fork', child: 7 })).toThrow(NotRunnable);
    expect(() => step(w, 1, { call: 'clone', flags: SIGCHLD, child: 1 })).toThrow(NotRunnable);
  });

  it('vfork leaves the parent running: the trace orders the calls', () => {
    const w = call(base, 1, { call: 'vfork' }).world;
    expect(rTask(w, 1).state).toBe('running');
    expect(rTask(w, 2).state).toBe('running');
  });

  it('clone ignores the exit signal in the low byte (CSIGNAL)', () => {
    const w = call(base, 1, { call: 'clone', flags: SIGCHLD }).world;
    expect(rTask(w, 2).files).not.toBe(rTask(w, 1).files);
  });

  it('clone CLONE_FILES shares the table: a dup in the child shows in the parent', () => {
    const o = openFile(base, 'f', O_RDWR);
    let w = call(o.world, 1, { call: 'clone', flags: CLONE_FILES | SIGCHLD }).world;
    expect(rTask(w, 2).files).toBe(rTask(w, 1).files);
    expect(w.fdtables[rTask(w, 1).files]?.count).toBe(2);
    expect(w.files[o.file]?.f_count).toBe(1);
    w = call(w, 2, { call: 'dup', fd: o.fd }).world;
    expect(call(w, 1, { call: 'fcntl', fd: o.fd + 1, cmd: 3, arg: 0 }).result.ok).toBe(true);
  });

  it('clone refuses contradictory flags with EINVAL, in copy_process order', () => {
    for (const flags of [
      CLONE_NEWNS | CLONE_FS,
      CLONE_SIGHAND,
      CLONE_THREAD | CLONE_VM,
      CLONE_PIDFD | CLONE_PARENT_SETTID,
    ]) {
      const out = call(base, 1, { call: 'clone', flags: flags | SIGCHLD });
      expect(out.result).toEqual({ ok: false, errno: 'EINVAL' });
    }
  });

  it('clone CLONE_THREAD|CLONE_SIGHAND|CLONE_VM makes a task sharing nothing the model does not share', () => {
    const { result } = call(base, 1, { call: 'clone', flags: CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_FILES });
    expect(result).toEqual({ ok: true, ret: 2 });
  });

  it('clone CLONE_NEWNS by a non-root task is EPERM (copy_namespaces)', () => {
    const w = bootWorld({ uid: 1000, gid: 1000 });
    expect(call(w, 1, { call: 'clone', flags: CLONE_NEWNS | SIGCHLD }).result).toEqual({ ok: false, errno: 'EPERM' });
  });

  it('clone CLONE_PIDFD puts a close-on-exec descriptor in the parent only', () => {
    const { world, result } = call(base, 1, { call: 'clone', flags: CLONE_PIDFD | SIGCHLD });
    expect(result).toEqual({ ok: true, ret: 2 });
    expect(world.fdtables[rTask(world, 1).files]?.fds[0]?.cloexec).toBe(true);
    expect(world.fdtables[rTask(world, 2).files]?.fds[0]).toBeUndefined();
  });

  it('clone CLONE_NEWNS copies the mount tree: clones share superblock and root, the child moves onto them', () => {
    let w = create(base, '/', 'm', 'dir');
    w = call(w, 1, { call: 'mount', source: 'none', target: 'm', fstype: 'tmpfs', flags: 0, data: '' }).world;
    w = call(w, 1, { call: 'chdir', path: 'm' }).world;
    const before = Object.keys(w.mounts).length;
    const sbActive = Object.values(w.superblocks).map((s) => s.s_active);
    w = call(w, 1, { call: 'clone', flags: CLONE_NEWNS | SIGCHLD }).world;
    const child = rTask(w, 2);
    const parent = rTask(w, 1);
    expect(Object.keys(w.mounts).length).toBe(2 * before);
    expect(Object.values(w.superblocks).map((s) => s.s_active)).toEqual(sbActive.map((n) => 2 * n));
    expect(child.mnt_ns).not.toBe(parent.mnt_ns);
    expect(child.pwd.dentry).toBe(parent.pwd.dentry);
    expect(child.pwd.mnt).not.toBe(parent.pwd.mnt);
    expect(w.mounts[child.pwd.mnt]?.mnt_ns).toBe(child.mnt_ns);
    expect(w.mounts[child.root.mnt]?.mnt_ns).toBe(child.mnt_ns);
  });

  it('after CLONE_NEWNS an unmount in the child leaves the parent mounted', () => {
    let w = create(base, '/', 'm', 'dir');
    w = call(w, 1, { call: 'mount', source: 'none', target: 'm', fstype: 'tmpfs', flags: 0, data: '' }).world;
    w = call(w, 1, { call: 'clone', flags: CLONE_NEWNS | SIGCHLD }).world;
    w = call(w, 2, { call: 'umount2', target: '/m', flags: 0 }).world;
    expect(walk(w, '/m', 2).mnt).toBe(rTask(w, 2).root.mnt);
    expect(walk(w, '/m', 1).mnt).not.toBe(rTask(w, 1).root.mnt);
  });
});

describe('exit, exit_group (kernel/exit.c: do_exit)', () => {
  it('exit closes the last table, drops root and pwd, and leaves a zombie with (status & 0xff) << 8', () => {
    const o = openFile(base, 'f', O_RDWR);
    let w = call(o.world, 1, { call: 'fork' }).world;
    w = call(w, 2, { call: 'chdir', path: 'd' }).world;
    const table = rTask(w, 2).files;
    w = call(w, 2, { call: 'exit_group', status: 0x1ff }).world;
    const child = rTask(w, 2);
    expect(child.state).toBe('zombie');
    expect(child.exit_code).toBe(0xff00);
    expect(w.fdtables[table]).toBeUndefined();
    expect(w.files[o.file]?.f_count).toBe(1);
    expect(dCount(w, walk(w, 'd').dentry)).toBe(1); // its child e only
    expect(w.mntns[rTask(w, 1).mnt_ns]?.count).toBe(1);
  });

  it('exit of a task sharing its table (CLONE_FILES) closes nothing', () => {
    const o = openFile(base, 'f', O_RDWR);
    let w = call(o.world, 1, { call: 'clone', flags: CLONE_FILES }).world;
    w = call(w, 2, { call: 'exit', status: 3 }).world;
    expect(w.fdtables[rTask(w, 1).files]?.count).toBe(1);
    expect(w.files[o.file]?.f_count).toBe(1);
    expect(rTask(w, 2).exit_code).toBe(0x300);
  });

  it('the last task leaving a namespace takes its mounts down (put_mnt_ns)', () => {
    let w = create(base, '/', 'm', 'dir');
    w = call(w, 1, { call: 'mount', source: 'none', target: 'm', fstype: 'tmpfs', flags: 0, data: '' }).world;
    const mounts = Object.keys(w.mounts);
    const sbs = JSON.stringify(w.superblocks);
    w = call(w, 1, { call: 'clone', flags: CLONE_NEWNS | SIGCHLD }).world;
    const ns = rTask(w, 2).mnt_ns;
    w = call(w, 2, { call: 'exit_group', status: 0 }).world;
    expect(w.mntns[ns]).toBeUndefined();
    expect(Object.keys(w.mounts)).toEqual(mounts);
    expect(JSON.stringify(w.superblocks)).toBe(sbs);
  });

  it('a file opened in a dead namespace keeps its detached mount until closed', () => {
    let w = create(base, '/', 'm', 'dir');
    w = call(w, 1, { call: 'mount', source: 'none', target: 'm', fstype: 'tmpfs', flags: 0, data: '' }).world;
    w = call(w, 1, { call: 'clone', flags: CLONE_NEWNS | CLONE_FILES | SIGCHLD }).world;
    const o = openFile(w, '/m', O_RDONLY | O_DIRECTORY, 2);
    w = call(o.world, 2, { call: 'exit', status: 0 }).world;
    const mnt = w.files[o.file]?.f_path.mnt ?? -1;
    expect(w.mounts[mnt]?.mnt_ns).toBeNull();
    expect(dPath(w, rTask(w, 1), walk(w, '/proc/self/fd/' + o.fd))).toBe('/');
    w = closeFile(w, o.fd);
    expect(w.mounts[mnt]).toBeUndefined();
  });

  it('exit is not a call a blocked or zombie task can make', () => {
    const w = call(call(base, 1, { call: 'fork' }).world, 2, { call: 'exit', status: 0 }).world;
    expect(() => step(w, 2, { call: 'exit', status: 0 })).toThrow(NotRunnable);
  });

  it('fork then exit of the child gives back every count', () => {
    const o = openFile(base, 'f', O_RDWR);
    const { world: after } = run(o.world, [
      { call: 'fork' },
      [2, { call: 'chdir', path: 'd/e' }],
      [2, { call: 'dup', fd: o.fd }],
      [2, { call: 'exit_group', status: 0 }],
    ]);
    const strip = (w: World): unknown => ({ ...w, tasks: {}, fdtables: {}, next: null });
    expect(strip(after)).toEqual(strip(o.world));
  });
});

describe('chdir, fchdir (fs/open.c)', () => {
  it('chdir moves pwd: the new directory gains a reference, the old one loses it (set_fs_pwd)', () => {
    const w = call(base, 1, { call: 'chdir', path: 'd' }).world;
    expect(rTask(w, 1).pwd).toEqual(walk(w, '/d'));
    expect(dCount(w, walk(w, '/d').dentry)).toBe(1 + 1); // pwd + child e
    const back = call(w, 1, { call: 'chdir', path: '..' }).world;
    expect(dCount(back, walk(back, '/d').dentry)).toBe(1);
  });

  it('chdir follows symlinks and wants a directory (LOOKUP_FOLLOW | LOOKUP_DIRECTORY)', () => {
    expect(call(base, 1, { call: 'chdir', path: 'ld' }).result).toEqual({ ok: true, ret: 0 });
    expect(call(base, 1, { call: 'chdir', path: 'f' }).result).toEqual({ ok: false, errno: 'ENOTDIR' });
    expect(call(base, 1, { call: 'chdir', path: 'lf' }).result).toEqual({ ok: false, errno: 'ENOTDIR' });
    expect(call(base, 1, { call: 'chdir', path: 'nope' }).result).toEqual({ ok: false, errno: 'ENOENT' });
    expect(call(base, 1, { call: 'chdir', path: '' }).result).toEqual({ ok: false, errno: 'ENOENT' });
  });

  it('chdir into a directory without search permission is EACCES for a non-root task', () => {
    let w = create(bootWorld({ uid: 1000, gid: 1000 }), '/', 'nox', 'dir', 0o644);
    w = create(w, '/', 'ok', 'dir', 0o755);
    expect(call(w, 1, { call: 'chdir', path: 'nox' }).result).toEqual({ ok: false, errno: 'EACCES' });
    expect(call(w, 1, { call: 'chdir', path: 'ok' }).result).toEqual({ ok: true, ret: 0 });
  });

  it('fchdir works on O_PATH descriptors and refuses files (ENOTDIR) and closed fds (EBADF)', () => {
    const dirFd = openFile(base, 'd', O_PATH);
    const fileFd = openFile(dirFd.world, 'f', O_RDONLY);
    const w = fileFd.world;
    expect(call(w, 1, { call: 'fchdir', fd: dirFd.fd }).result).toEqual({ ok: true, ret: 0 });
    expect(call(w, 1, { call: 'fchdir', fd: fileFd.fd }).result).toEqual({ ok: false, errno: 'ENOTDIR' });
    expect(call(w, 1, { call: 'fchdir', fd: 99 }).result).toEqual({ ok: false, errno: 'EBADF' });
    expect(call(w, 1, { call: 'fchdir', fd: -1 }).result).toEqual({ ok: false, errno: 'EBADF' });
  });

  it('fchdir checks search permission (file_permission): EACCES for a non-root task', () => {
    const w0 = create(bootWorld({ uid: 1000, gid: 1000 }), '/', 'nox', 'dir', 0o644);
    const o = openFile(w0, 'nox', O_PATH);
    expect(call(o.world, 1, { call: 'fchdir', fd: o.fd }).result).toEqual({ ok: false, errno: 'EACCES' });
  });
});

describe('umask (kernel/sys.c)', () => {
  it('umask returns the old mask and keeps only the 0777 bits', () => {
    let out = call(base, 1, { call: 'umask', mask: 0o7777 });
    expect(out.result).toEqual({ ok: true, ret: 0o022 });
    out = call(out.world, 1, { call: 'umask', mask: -1 });
    expect(out.result).toEqual({ ok: true, ret: 0o777 });
    out = call(out.world, 1, { call: 'umask', mask: 0o022 });
    expect(out.result).toEqual({ ok: true, ret: 0o777 });
    expect(rTask(out.world, 1).umask).toBe(0o022);
  });

  it('the child of a fork starts with its parent umask', () => {
    const w = run(base, [{ call: 'umask', mask: 0o077 }, { call: 'fork' }]).world;
    expect(rTask(w, 2).umask).toBe(0o077);
  });
});
