// /proc/PID/{cwd,root,exe} and fd links (fs/proc/base.c: proc_cwd_link, proc_root_link,
// proc_exe_link, proc_pid_get_link, proc_pid_readlink; fs/d_path.c: d_path). Every answer here was
// measured on Linux with a C program under strace (the report of issue 13, item 2).
import { describe, expect, it } from 'vitest';
import { CLONE_NEWNS, O_CREAT, O_DIRECTORY, O_NOFOLLOW, O_RDONLY, O_WRONLY } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { Unmodelled } from '../../src/model/errors.js';
import { step } from '../../src/ops/run/step.js';
import { boot, call, ERR, must, openSc, res } from '../helpers/spec.js';

const rl = (path: string) => ({ call: 'readlink', path, bufsiz: 4096 }) as const;
const link = (r: SysResult): string | null => (r.ok === true ? (r.link ?? null) : null);

/** pid 1 in /d, with /d/e. */
const inD = (): World =>
  must(
    boot(),
    { call: 'mkdir', path: '/d', mode: 0o755 },
    { call: 'mkdir', path: '/d/e', mode: 0o755 },
    {
      call: 'chdir',
      path: '/d',
    },
  );

describe('readlink of /proc/PID/cwd, root and exe', () => {
  it('cwd names the working directory from the reader root', () => {
    expect(link(res(inD(), rl('/proc/self/cwd')))).toBe('/d');
    expect(link(res(boot(), rl('/proc/self/cwd')))).toBe('/');
    expect(link(res(inD(), rl('/proc/thread-self/cwd')))).toBe('/d');
    expect(link(res(inD(), rl('/proc/1/cwd')))).toBe('/d');
  });

  it('a removed working directory reads with " (deleted)" after its old path', () => {
    const w = must(
      inD(),
      { call: 'rmdir', path: '/d/e' },
      { call: 'chdir', path: '/d' },
      { call: 'rmdir', path: '/d' },
    );
    expect(res(w, rl('/proc/self/cwd'))).toEqual({ ok: true, ret: 12, link: '/d (deleted)' });
  });

  it('a removed directory held open reads with " (deleted)" through its fd link', () => {
    const w = must(inD(), openSc('/d/e', O_RDONLY | O_DIRECTORY), { call: 'rmdir', path: '/d/e' });
    expect(link(res(w, rl('/proc/self/fd/3')))).toBe('/d/e (deleted)');
  });

  it('root is "/" for a task at the namespace root', () => {
    expect(res(boot(), rl('/proc/self/root'))).toEqual({ ok: true, ret: 1, link: '/' });
  });

  it('the text is cut to bufsiz bytes', () => {
    expect(res(inD(), { call: 'readlink', path: '/proc/self/cwd', bufsiz: 1 })).toEqual({
      ok: true,
      ret: 1,
      link: '/',
    });
  });

  it('another task cwd is read through /proc/PID/cwd', () => {
    const w = must(boot(), { call: 'mkdir', path: '/k', mode: 0o755 }, { call: 'fork', child: 2 });
    const moved = call(w, { call: 'chdir', path: '/k' }, 2).world;
    expect(link(res(moved, rl('/proc/2/cwd')))).toBe('/k');
    expect(link(res(moved, rl('/proc/2/root')))).toBe('/');
  });

  it('a task of another mount namespace has its cwd named from its own namespace root', () => {
    // Measured: a reader in a new namespace sees the other task's cwd from that task's root mount.
    const w = must(
      boot(),
      { call: 'mkdir', path: '/k', mode: 0o755 },
      { call: 'chdir', path: '/k' },
      {
        call: 'clone',
        flags: CLONE_NEWNS,
        child: 2,
      },
    );
    const child = call(w, { call: 'chdir', path: '/' }, 2).world;
    expect(link(res(child, rl('/proc/1/cwd'), 2))).toBe('/k');
  });

  it('a mount on the way is crossed: the path names the mount point', () => {
    const w = must(
      boot(),
      { call: 'mkdir', path: '/m', mode: 0o755 },
      { call: 'mount', source: 'none', target: '/m', fstype: 'tmpfs', flags: 0, data: '' },
      { call: 'mkdir', path: '/m/x', mode: 0o755 },
      { call: 'chdir', path: '/m/x' },
    );
    expect(link(res(w, rl('/proc/self/cwd')))).toBe('/m/x');
  });

  it('a zombie has no fs_struct: its cwd and root are ENOENT, its fd links gone', () => {
    const w = must(boot(), { call: 'fork', child: 2 });
    const dead = call(w, { call: 'exit_group', status: 0 }, 2).world;
    expect(res(dead, rl('/proc/2/cwd'))).toEqual(ERR('ENOENT'));
    expect(res(dead, rl('/proc/2/root'))).toEqual(ERR('ENOENT'));
    expect(res(dead, rl('/proc/2/exe'))).toEqual(ERR('ENOENT'));
    expect(res(dead, rl('/proc/2/fd/0'))).toEqual(ERR('ENOENT'));
  });

  it('exe of a live task is not modelled: the model keeps no executable, so it does not answer', () => {
    expect(() => step(boot(), 1, rl('/proc/self/exe'))).toThrow(Unmodelled);
  });

  it('another uid task links are not guessed (ptrace_may_access is not modelled)', () => {
    const w = must(boot(), { call: 'fork', child: 2 });
    const other = call(w, { call: 'setuid', uid: 1000 }, 2).world;
    expect(() => step(other, 2, rl('/proc/1/cwd'))).toThrow(Unmodelled);
    expect(link(res(other, rl('/proc/self/cwd'), 2))).toBe('/');
    expect(link(res(other, rl('/proc/2/cwd'), 1))).toBe('/');
  });

  it('an entry procfs has but the model does not is not guessed; a name procfs lacks is ENOENT', () => {
    expect(() => step(boot(), 1, rl('/proc/self/status'))).toThrow(Unmodelled);
    expect(res(boot(), rl('/proc/self/nosuch'))).toEqual(ERR('ENOENT'));
  });

  it('/proc names other than pids are not guessed; a pid with a leading zero is no pid (ENOENT)', () => {
    expect(() => step(boot(), 1, { call: 'stat', path: '/proc/mounts/x' })).toThrow(Unmodelled);
    expect(res(boot(), rl('/proc/01/cwd'))).toEqual(ERR('ENOENT'));
    expect(res(boot(), rl('/proc/99/cwd'))).toEqual(ERR('ENOENT'));
  });

  it('a trailing slash follows the link: the directory is not a symlink (EINVAL)', () => {
    expect(res(inD(), rl('/proc/self/cwd/'))).toEqual(ERR('EINVAL'));
    expect(res(inD(), rl('/proc/self/root/d'))).toEqual(ERR('EINVAL'));
  });
});

describe('walking through /proc/PID/cwd and root (nd_jump_link)', () => {
  it('open follows cwd to the directory; O_NOFOLLOW is ELOOP', () => {
    const w = inD();
    const r = call(w, openSc('/proc/self/cwd', O_RDONLY | O_DIRECTORY));
    expect(r.result).toEqual({ ok: true, ret: 3 });
    expect(link(res(r.world, rl('/proc/self/fd/3')))).toBe('/d');
    expect(res(w, openSc('/proc/self/cwd', O_RDONLY | O_NOFOLLOW))).toEqual(ERR('ELOOP'));
  });

  it('names under cwd are looked up in the working directory, under root in the root', () => {
    const w = inD();
    expect(res(w, { call: 'stat', path: '/proc/self/cwd/e' }).ok).toBe(true);
    expect(res(w, { call: 'stat', path: '/proc/self/root/d/e' }).ok).toBe(true);
    expect(res(w, { call: 'stat', path: '/proc/self/root/e' })).toEqual(ERR('ENOENT'));
  });

  it('chdir through cwd stays in a removed directory, where nothing can be created (ENOENT)', () => {
    const w = must(inD(), { call: 'rmdir', path: '/d/e' }, { call: 'rmdir', path: '/d' });
    const again = must(w, { call: 'chdir', path: '/proc/self/cwd' });
    expect(link(res(again, rl('/proc/self/cwd')))).toBe('/d (deleted)');
    expect(res(w, openSc('/proc/self/cwd/x', O_CREAT | O_WRONLY))).toEqual(ERR('ENOENT'));
  });

  it('chdir through an fd link moves to the open directory', () => {
    const w = must(boot(), { call: 'mkdir', path: '/d', mode: 0o755 }, openSc('/d', O_RDONLY | O_DIRECTORY));
    const moved = must(w, { call: 'chdir', path: '/proc/self/fd/3' });
    expect(link(res(moved, rl('/proc/self/cwd')))).toBe('/d');
  });
});

describe('lstat of /proc/PID/cwd, root and exe', () => {
  it('is a symlink, rwx for all, one link, size 0, owned by the task', () => {
    for (const name of ['cwd', 'root', 'exe']) {
      const r = res(inD(), { call: 'lstat', path: `/proc/self/${name}` });
      expect(r.ok === true && r.stat).toMatchObject({ st_mode: 0o120777, st_nlink: 1, st_size: 0, st_uid: 0 });
    }
  });

  it('stat follows cwd to the directory', () => {
    const r = res(inD(), { call: 'stat', path: '/proc/self/cwd' });
    expect(r.ok === true && r.stat?.st_mode).toBe(0o40755);
  });
});
