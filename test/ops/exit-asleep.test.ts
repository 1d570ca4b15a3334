// A task killed while asleep in a syscall (kernel/exit.c: do_exit after the sleep returned
// -ERESTARTSYS): what the sleeping call held is let go, then the task exits as any other.
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { O_NONBLOCK, O_RDONLY, O_WRONLY } from '../../src/model/flags.js';
import { killTasksFlow } from '../../src/cr/cr-flow.js';
import { rTask } from '../../src/ops/vfs/world-draft.js';
import { boot, call, ERR, must, openSc } from '../helpers/spec.js';

const withSleeper = (flags: number) => {
  const w = must(boot(), { call: 'mknod', path: '/p', mode: 0o10644, dev: 0 }, { call: 'fork', child: 2 });
  const r = call(w, openSc('/p', flags), 2);
  expect(r.result.ok).toBe('blocked');
  return r.world;
};

describe('exit of a task asleep in a fifo open (fs/pipe.c: fifo_open, its error paths)', () => {
  it('a killed reader lets its half-open file go: no file, no pipe left', () => {
    const k = killTasksFlow(withSleeper(O_RDONLY), [2]);
    expect(checkInvariants(k.world)).toEqual([]);
    expect(Object.values(k.world.files).filter((f) => f?.f_inode !== undefined)).toHaveLength(3); // fds 0-2
    expect(Object.values(k.world.inodes).some((i) => i?.i_pipe !== null)).toBe(false);
    // As on Linux (checked with strace on this machine): a writer then finds no reader.
    expect(call(k.world, openSc('/p', O_WRONLY | O_NONBLOCK)).result).toEqual(ERR('ENXIO'));
  });

  it('exit_group of a sleeping writer is not a model bug', () => {
    const w = withSleeper(O_WRONLY);
    const k = killTasksFlow(w, [2]);
    expect(checkInvariants(k.world)).toEqual([]);
    expect(k.world.tasks[2]).toBeUndefined();
    expect(rTask(k.world, 1).state).toBe('running');
  });
});
