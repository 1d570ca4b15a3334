/**
 * The security laws (src/invariants/security.ts) over real steps of the model: each fires on the
 * step that breaks it and stays quiet on the same step by a task the threat model trusts.
 */
import { describe, expect, it } from 'vitest';
import { O_RDONLY } from '../../src/model/flags.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { relinkDirKeptFromUnprivileged, revokedStaysRevoked } from '../../src/invariants/security.js';
import { asUser } from '../helpers/as-user.js';
import { call, must, relinkAt, relinkWorld, unlinkedOpen } from '../relink/setup.js';

/** /f relinked as /ckpt/r by root, then relink_dir opened up by root (a chmod the port allows). */
function exposed(mode: number): World {
  return must(unlinkedOpen(relinkWorld()), relinkAt(3, '/ckpt/r'), { call: 'chmod', path: '/ckpt', mode });
}

const openR: Syscall = { call: 'open', path: '/ckpt/r', flags: O_RDONLY, mode: 0 };

/** A child 2 of uid 1000 that holds nothing of the checkpointed file (it closed its copy of fd 3). */
function stranger(w: World): World {
  const forked = must(w, { call: 'fork', child: 2 });
  return asUser(call(forked, { call: 'close', fd: 3 }, 2).world, 1000, 1000, undefined, 2);
}

describe('revokedStaysRevoked', () => {
  it('fires when a task holding nothing opens a relinked file through a relink_dir root opened up', () => {
    const before = stranger(exposed(0o755));
    const after = call(before, openR, 2).world;
    expect(revokedStaysRevoked(before, after, 2).map((v) => v.invariant)).toEqual(['revokedStaysRevoked']);
  });

  it('is quiet while relink_dir stays private: the open is EACCES', () => {
    const before = stranger(must(unlinkedOpen(relinkWorld()), relinkAt(3, '/ckpt/r')));
    const out = call(before, openR, 2);
    expect(out.result).toMatchObject({ ok: false, errno: 'EACCES' });
    expect(revokedStaysRevoked(before, out.world, 2)).toEqual([]);
  });

  it('is quiet for the restarter, which may checkpoint, and for a task that holds the file', () => {
    const root = exposed(0o755);
    expect(revokedStaysRevoked(root, call(root, openR).world, 1)).toEqual([]);
    const holder = asUser(root, 1000, 1000);
    const reopen: Syscall = { call: 'open', path: '/proc/self/fd/3', flags: O_RDONLY, mode: 0 };
    expect(revokedStaysRevoked(holder, call(holder, reopen).world, 1)).toEqual([]);
  });
});

describe('relinkDirKeptFromUnprivileged', () => {
  it('fires when an unprivileged task removes a relinked name from a relink_dir root made writable', () => {
    const before = asUser(exposed(0o777), 1000, 1000);
    const after = call(before, { call: 'unlink', path: '/ckpt/r' }).world;
    expect(relinkDirKeptFromUnprivileged(before, after, 1).map((v) => v.invariant)).toEqual([
      'relinkDirKeptFromUnprivileged',
    ]);
  });

  it('is quiet for root, and for an unprivileged change that fails', () => {
    const root = exposed(0o700);
    expect(relinkDirKeptFromUnprivileged(root, call(root, { call: 'unlink', path: '/ckpt/r' }).world, 1)).toEqual([]);
    const user = asUser(root, 1000, 1000);
    const out = call(user, { call: 'unlink', path: '/ckpt/r' });
    expect(out.result).toMatchObject({ ok: false, errno: 'EACCES' });
    expect(relinkDirKeptFromUnprivileged(user, out.world, 1)).toEqual([]);
  });
});
