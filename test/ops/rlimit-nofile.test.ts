// RLIMIT_NOFILE's soft limit is the task's (signal->rlim): alloc_fd, dup2 and F_DUPFD stop at it
// (fs/file.c: alloc_fd, ksys_dup3; fs/fcntl.c: f_dupfd), and fork copies it.
import { describe, expect, it } from 'vitest';
import { F_DUPFD, O_CREAT, O_RDWR } from '../../src/model/flags.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { rTask } from '../../src/ops/vfs/world-draft.js';
import { call, ERR, must, openSc, res } from '../helpers/spec.js';

const withLimit = (nofile: number) =>
  must(bootWorld({ outsideFds: [0, 1, 2], nofile }), openSc('/f', O_CREAT | O_RDWR));

describe('RLIMIT_NOFILE', () => {
  it('is 1024 at boot: dup2 to 1024 is EBADF and F_DUPFD from 1024 EINVAL', () => {
    const w = withLimit(1024);
    expect(res(w, { call: 'dup2', oldfd: 3, newfd: 1024 })).toEqual(ERR('EBADF'));
    expect(res(w, { call: 'fcntl', fd: 3, cmd: F_DUPFD, arg: 1024 })).toEqual(ERR('EINVAL'));
    expect(res(w, { call: 'dup2', oldfd: 3, newfd: 1023 })).toEqual({ ok: true, ret: 1023 });
  });

  it('raised, lets dup2 and F_DUPFD reach past 1024', () => {
    const w = withLimit(4096);
    expect(res(w, { call: 'dup2', oldfd: 3, newfd: 4000 })).toEqual({ ok: true, ret: 4000 });
    expect(res(w, { call: 'fcntl', fd: 3, cmd: F_DUPFD, arg: 2000 })).toEqual({ ok: true, ret: 2000 });
    expect(res(w, { call: 'dup2', oldfd: 3, newfd: 4096 })).toEqual(ERR('EBADF'));
  });

  it('a full table below the limit is EMFILE for open', () => {
    let w = withLimit(5);
    w = must(w, { call: 'dup', fd: 3 });
    expect(res(w, openSc('/f', O_RDWR))).toEqual(ERR('EMFILE'));
  });

  it('fork copies the limit', () => {
    const w = call(withLimit(4096), { call: 'fork', child: 2 }).world;
    expect(rTask(w, 2).rlimit_nofile).toBe(4096);
  });
});
