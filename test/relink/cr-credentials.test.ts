/**
 * Checkpoint/restart under credentials (docs/security.md, property 4): a restored descriptor
 * allows what the checkpointed one allowed, whatever the relinked name's mode says, and the
 * restored task acts with its own credentials again.
 */
import { describe, expect, it } from 'vitest';
import { O_RDONLY, O_RDWR } from '../../src/model/flags.js';
import type { World } from '../../src/model/world.js';
import { checkpointWorld, killTasks, restartWorld } from '../../src/cr/cr-flow.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { asUser } from '../helpers/as-user.js';
import { ERR, call, must, relinkWorld } from './setup.js';

/**
 * uid 1000's task (pid 2) holds /f (0644, its own) open with `flags` and unlinked; root (pid 1)
 * checkpoints, the task dies, root restarts it. Returns the world and the restored task's pid.
 */
function restored(flags: number, modeAfter?: number): { w: World; pid: number } {
  let w = must(relinkWorld(), { call: 'umask', mask: 0o022 }, { call: 'fork', child: 2 });
  w = asUser(w, 1000, 1000, undefined, 2);
  // The user's file, created by root in "/" (0755) for it: open by the user needs the name.
  w = must(
    w,
    { call: 'open', path: '/f', flags: 0o100 | O_RDWR, mode: 0o644 },
    { call: 'chown', path: '/f', owner: 1000, group: 1000 },
  );
  const opened = call(w, { call: 'open', path: '/f', flags, mode: 0 }, 2);
  if (opened.result.ok !== true || opened.result.ret !== 3) throw new Error('the user could not open /f as fd 3');
  w = opened.world;
  if (modeAfter !== undefined) w = must(w, { call: 'chmod', path: '/f', mode: modeAfter });
  w = must(w, { call: 'unlink', path: '/f' });
  const ck = checkpointWorld(w, { checkpointer: 1, pids: [2], strategy: 'relink' });
  if (!ck.result.ok) throw new Error(`checkpoint: ${ck.result.errno}`);
  const rs = restartWorld(killTasks(ck.world, [2]), { restarter: 1, image: ck.result.image });
  if (!rs.result.ok) throw new Error(`restart: ${rs.result.errno}`);
  return { w: rs.world, pid: rs.result.pids.get(2) ?? 0 };
}

describe('a restored descriptor (property 4)', () => {
  it('opened read-only stays read-only though the restarter (root) could write the name', () => {
    const { w, pid } = restored(O_RDONLY);
    expect(call(w, { call: 'read', fd: 3, count: 1 }, pid).result).toMatchObject({ ok: true, ret: 0 });
    expect(call(w, { call: 'write', fd: 3, data: 'x' }, pid).result).toEqual(ERR('EBADF'));
    expect(checkInvariants(w)).toEqual([]);
  });

  it('opened read-write stays writable though the file was made read-only before the checkpoint', () => {
    const { w, pid } = restored(O_RDWR, 0o400);
    expect(call(w, { call: 'write', fd: 3, data: 'x' }, pid).result).toEqual({ ok: true, ret: 1 });
  });

  it('belongs to a task that acts as uid 1000 again, without capabilities', () => {
    const { w, pid } = restored(O_RDWR);
    const t = w.tasks[pid];
    expect([t?.cred.uid, t?.cred.euid, t?.cred.fsuid, t?.cred.cap_effective]).toEqual([1000, 1000, 1000, 0]);
  });
});
