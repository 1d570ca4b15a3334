// clone(CLONE_FS) shares one fs_struct (kernel/fork.c: copy_fs, fs->users++): a chdir or umask by
// one task is seen by the other. The model keeps root, pwd and umask per task, so once they are
// shared it must not answer a change as if they were not: it says the call is not modelled.
import { describe, expect, it } from 'vitest';
import { CLONE_FS } from '../../src/model/flags.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { Unmodelled } from '../../src/model/errors.js';
import { step } from '../../src/ops/run/step.js';
import { O_DIRECTORY, O_RDONLY } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { withTree } from '../helpers/tree.js';

const base = withTree(bootWorld(), { d: {} });

function must(w: World, pid: number, sc: Syscall): World {
  const out = step(w, pid, sc);
  expect(out.result.ok, JSON.stringify(sc)).toBe(true);
  return out.world;
}

const sharing = (): World => must(base, 1, { call: 'clone', flags: CLONE_FS, child: 2 });

describe('clone(CLONE_FS): a shared working directory and umask', () => {
  it('a chdir by the child is not answered as if the parent kept its own cwd', () => {
    expect(() => step(sharing(), 2, { call: 'chdir', path: '/d' })).toThrow(Unmodelled);
  });

  it('a chdir by the parent is not answered either', () => {
    expect(() => step(sharing(), 1, { call: 'chdir', path: '/d' })).toThrow(Unmodelled);
  });

  it('an fchdir and a umask are not answered while the fs_struct is shared', () => {
    const opened = step(sharing(), 2, {
      call: 'openat',
      dirfd: -100,
      path: '/d',
      flags: O_RDONLY | O_DIRECTORY,
      mode: 0,
    });
    if (opened.result.ok !== true) throw new Error('open /d failed');
    const w = opened.world;
    expect(() => step(w, 2, { call: 'fchdir', fd: opened.result.ok === true ? opened.result.ret : -1 })).toThrow(
      Unmodelled,
    );
    expect(() => step(w, 1, { call: 'umask', mask: 0o77 })).toThrow(Unmodelled);
  });

  it('once the other task has exited, the survivor changes directory as usual', () => {
    const w = must(sharing(), 2, { call: 'exit_group', status: 0 });
    expect(step(w, 1, { call: 'chdir', path: '/d' }).result).toEqual({ ok: true, ret: 0 });
  });

  it('a child forked without CLONE_FS has its own cwd and umask', () => {
    const w = must(base, 1, { call: 'fork', child: 2 });
    expect(step(w, 2, { call: 'chdir', path: '/d' }).result).toEqual({ ok: true, ret: 0 });
    expect(step(w, 1, { call: 'umask', mask: 0o77 }).result.ok).toBe(true);
  });
});
