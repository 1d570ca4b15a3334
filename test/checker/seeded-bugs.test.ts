// Each seeded bug modelled on a real kernel bug does what its source did, and a general law sees it.
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { RACE_PROGRAMS } from '../../src/checker/races/race-programs.js';
import { exploreProgram } from '../../src/checker/races/races.js';
import { remount, startWorld } from '../../src/checker/relink-alphabet.js';
import { checkTransition } from '../../src/invariants/transitions.js';
import type { World } from '../../src/model/world.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { step } from '../../src/ops/run/step.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';
import { readFileSync } from 'node:fs';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { open, relinkAt } from '../relink/setup.js';
import { AT_FDCWD, AT_SYMLINK_FOLLOW } from '../../src/model/flags.js';

/** Runs the calls; returns the last step's result and every law it broke (state and transition). */
function last(kernel: string, calls: [number, Syscall][]): { result: SysResult; broken: string[] } {
  let w: World = startWorld(kernel);
  let result: SysResult = { ok: true, ret: 0 };
  let broken: string[] = [];
  for (const [pid, sc] of calls) {
    const out = step(w, pid, sc);
    result = out.result;
    broken = [...checkInvariants(out.world), ...checkTransition({ before: w, pid, sc, result, after: out.world })].map(
      (v) => v.invariant,
    );
    w = out.world;
  }
  return { result, broken };
}

describe('relink-double-count (set_nlink(inode, 1) before ->link, as btrfs_tmpfile does)', () => {
  const calls: [number, Syscall][] = [
    [2, open('/a')],
    [2, { call: 'unlink', path: '/a' }],
    [2, relinkAt(3, '/ckpt/r')],
  ];

  it('counts a relinked inode twice: i_nlink 2 for one name', () => {
    expect(last('relink-double-count', calls).broken).toContain('nlinkMatchesNames');
  });

  it('is a relink the correct series makes without breaking anything', () => {
    expect(last('relink', calls)).toEqual({ result: { ok: true, ret: 0 }, broken: [] });
  });
});

describe('relink-falls-back-to-link (the ENOENT of aae8a97d3ec3 lost in the port)', () => {
  const calls: [number, Syscall][] = [
    [2, open('/a')],
    [2, { call: 'unlink', path: '/a' }],
    [1, remount('relink=/data')],
    [2, relinkAt(3, '/ckpt/r')],
  ];

  it('resurrects a deleted file outside relink_dir, which deletedStaysDeleted sees', () => {
    const r = last('relink-falls-back-to-link', calls);
    expect(r.result).toEqual({ ok: true, ret: 0 });
    expect(r.broken).toContain('deletedStaysDeleted');
  });

  it('is refused with ENOENT by the correct series', () => {
    expect(last('relink', calls)).toEqual({ result: { ok: false, errno: 'ENOENT' }, broken: [] });
  });
});

describe('unlink-orphan-before-drop (ext4_orphan_add looked at i_nlink before it was dropped, e94bd3490f4e)', () => {
  const calls: [number, Syscall][] = [
    [2, open('/a')],
    [2, { call: 'unlink', path: '/a' }],
  ];

  it('leaves an open, unlinked inode off the orphan list', () => {
    expect(last('unlink-orphan-before-drop', calls).broken).toContain('orphanListIsExact');
  });

  it('puts it there in the correct series', () => {
    expect(last('relink', calls).broken).toEqual([]);
  });
});

describe('link-nlink-lost-update (i_nlink read before inode_lock and written back + 1, e8a80c6f769d)', () => {
  const program = RACE_PROGRAMS.find((p) => p.name === 'alias-relink-vs-unlink');
  if (program === undefined) throw new Error('no alias-relink-vs-unlink program');
  const opts = { bound: 12, reduction: 'sleep-sets', firstOnly: true } as const;

  it('loses the unlink that ran between the read and the write: i_nlink 2 for one name', () => {
    const cx = exploreProgram('link-nlink-lost-update', program, opts).counterexamples[0];
    expect(cx?.violations.map((v) => v.invariant)).toContain('nlinkMatchesNames');
  });

  it('has no such schedule in the correct series', () => {
    expect(exploreProgram('relink', program, opts).counterexamples).toEqual([]);
  });
});

describe("relink-leaves-linkable (vfs_link's relink branch returns before the tail that clears I_LINKABLE)", () => {
  const relinked: [number, Syscall][] = [
    [2, open('/a')],
    [2, { call: 'unlink', path: '/a' }],
    [2, relinkAt(3, '/ckpt/r')],
  ];
  const resurrected: [number, Syscall][] = [
    ...relinked,
    [2, { call: 'unlink', path: '/ckpt/r' }],
    [2, relinkAt(3, '/b')],
  ];

  it('leaves the relinked inode I_LINKABLE with a name, which linkableOnlyUnlinked sees', () => {
    expect(last('relink-leaves-linkable', relinked).broken).toContain('linkableOnlyUnlinked');
  });

  it('lets the file be linked outside relink_dir once that name is gone, unseen by deletedStaysDeleted', () => {
    expect(last('relink-leaves-linkable', resurrected)).toEqual({ result: { ok: true, ret: 0 }, broken: [] });
  });

  it('is refused with ENOENT by the correct series', () => {
    expect(last('relink', resurrected)).toEqual({ result: { ok: false, errno: 'ENOENT' }, broken: [] });
  });
});

describe("relink-dir-not-private (may_relink without its test of relink_dir's owner and mode)", () => {
  const calls: [number, Syscall][] = [
    [1, { call: 'chmod', path: '/ckpt', mode: 0o755 }],
    [2, open('/a')],
    [2, { call: 'unlink', path: '/a' }],
    [2, relinkAt(3, '/ckpt/r')],
  ];

  it('relinks a deleted file into a relink_dir others may search, which deletedStaysDeleted sees', () => {
    expect(last('relink-dir-not-private', calls)).toEqual({
      result: { ok: true, ret: 0 },
      broken: ['deletedStaysDeleted'],
    });
  });

  it('is refused with ENOENT by the correct series', () => {
    expect(last('relink', calls)).toEqual({ result: { ok: false, errno: 'ENOENT' }, broken: [] });
  });
});

describe('relink-without-capability (may_relink without checkpoint_restore_ns_capable)', () => {
  // A set-user-ID-root program gone back to uid 1000 with fsuid 0 (CAP_FS_MASK in effect): it may
  // create names in the private relink_dir, and may not checkpoint.
  const calls: [number, Syscall][] = [
    [2, { call: 'setresuid', ruid: 1000, euid: 1000, suid: 0 }],
    [2, { call: 'setfsuid', fsuid: 0 }],
    [2, open('/a')],
    [2, { call: 'unlink', path: '/a' }],
    [
      2,
      {
        call: 'linkat',
        olddirfd: AT_FDCWD,
        oldpath: '/proc/self/fd/3',
        newdirfd: AT_FDCWD,
        newpath: '/ckpt/r',
        flags: AT_SYMLINK_FOLLOW,
      },
    ],
  ];

  it('lets a task that may not checkpoint relink its deleted file, which deletedStaysDeleted sees', () => {
    expect(last('relink-without-capability', calls)).toEqual({
      result: { ok: true, ret: 0 },
      broken: ['deletedStaysDeleted'],
    });
  });

  it('is refused with ENOENT by the correct series', () => {
    expect(last('relink', calls)).toEqual({ result: { ok: false, errno: 'ENOENT' }, broken: [] });
  });
});

describe('a scenario the patched 6.1 kernel answers like the model tells the seeded bugs apart', () => {
  // scenarios/relink-option/remount-replace-clear.yaml: relinks outside relink_dir refused with
  // ENOENT, st_nlink 1 after a relink (crosscheck --kernel patched: the same 24 answers).
  const file = 'scenarios/relink-option/remount-replace-clear.yaml';
  const scenario = parseScenario(readFileSync(file, 'utf8'), file);

  it('runs clean in the correct series', () => {
    expect(runScenario(scenario).failures).toBe(0);
  });

  for (const bug of ['relink-falls-back-to-link', 'relink-double-count']) {
    it(`fails under ${bug}`, () => {
      expect(runScenario({ ...scenario, kernel: bug }).failures).toBeGreaterThan(0);
    });
  }
});
