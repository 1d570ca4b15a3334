// Checkpoint/restart keeps what a task sees of its own fds and cwd, for random small programs that
// shuffle stdio, open and remove files and directories, and move the cwd around: after restart
// every fd number is back with the same sharing, outside files are the very same objects, live
// files and directories are the same inodes, removed directories are removed again with their
// mode, and a cwd and fds on one directory still share it. Or the checkpoint or restart refuses,
// with a reason, in the cases the model documents (docs/relink-series.md).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileId } from '../../src/model/ids.js';
import { MNT_DETACH, MS_BIND, O_CREAT, O_DIRECTORY, O_RDONLY, O_RDWR } from '../../src/model/flags.js';
import { S_DEAD } from '../../src/model/inode.js';
import type { World } from '../../src/model/world.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { isOutsideFile } from '../../src/ops/vfs/boot.js';
import { checkpointWorld, killTasks, restartWorld } from '../../src/cr/cr-flow.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { rDentry, rFile, rInode, rTask } from '../../src/ops/vfs/world-draft.js';
import { relinkWorld } from '../relink/setup.js';

const NAMES = ['/a', '/b', '/a/c'];

type Op = { pid: number; sc: Syscall };
/** One op of `pids`, built from a generated value. */
const op = <T>(pids: number[], arb: fc.Arbitrary<T>, sc: (v: T) => Syscall): fc.Arbitrary<Op> =>
  fc.record({ pid: fc.constantFrom(...pids), v: arb }).map(({ pid, v }) => ({ pid, sc: sc(v) }));

const FILES = ['/f', '/a/f', 'g'];
const opArb: fc.Arbitrary<Op> = fc.oneof(
  op([1, 2], fc.constantFrom(...NAMES), (path) => ({ call: 'mkdir', path, mode: 0o750 })),
  op([1, 2], fc.constantFrom(...NAMES), (path) => ({ call: 'rmdir', path })),
  op([2], fc.constantFrom(...NAMES, '..', '/'), (path) => ({ call: 'chdir', path })),
  op([2], fc.constantFrom(...NAMES, '.'), (path) => ({ call: 'open', path, flags: O_RDONLY | O_DIRECTORY, mode: 0 })),
  op([2], fc.constantFrom(...FILES), (path) => ({ call: 'open', path, flags: O_RDWR | O_CREAT, mode: 0o640 })),
  op([1, 2], fc.constantFrom(...FILES), (path) => ({ call: 'unlink', path })),
  op([2], fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 7 })), ([oldfd, newfd]) => ({
    call: 'dup2',
    oldfd,
    newfd,
  })),
  op([2], fc.integer({ min: 0, max: 5 }), (fd) => ({ call: 'close', fd })),
  // Mounts come and go under the task: bind /a on /b, a tmpfs on /a, lazy unmounts.
  op([1], fc.constant(null), () => ({
    call: 'mount',
    source: '/a',
    target: '/b',
    fstype: '',
    flags: MS_BIND,
    data: '',
  })),
  op([1], fc.constant(null), () => ({
    call: 'mount',
    source: 'none',
    target: '/a',
    fstype: 'tmpfs',
    flags: 0,
    data: '',
  })),
  op([1], fc.constantFrom('/a', '/b'), (target) => ({ call: 'umount2', target, flags: MNT_DETACH })),
);

/** What pid `pid` sees: per fd its object, per object its inode, and its cwd. */
interface View {
  readonly fds: Map<number, FileId>;
  readonly cwdInode: number;
  readonly cwdMount: number;
}

function viewOf(w: World, pid: number): View {
  const t = rTask(w, pid);
  const fds = new Map<number, FileId>();
  for (const [fd, e] of Object.entries(w.fdtables[t.files]?.fds ?? {})) fds.set(Number(fd), e.file);
  const cwd = rDentry(w, t.pwd.dentry).d_inode;
  if (cwd === null) throw new Error('cwd without inode');
  return { fds, cwdInode: cwd, cwdMount: t.pwd.mnt };
}

const inodeOf = (w: World, file: FileId): number => rFile(w, file).f_inode;
const isDead = (w: World, ino: number): boolean => (rInode(w, ino).i_flags & S_DEAD) !== 0;

/** Everything the task saw before, it sees after (object for object, inode for inode). */
function expectSameView(before: World, after: World, pidAfter: number): void {
  const a = viewOf(before, 2);
  const b = viewOf(after, pidAfter);
  expect([...b.fds.keys()].sort()).toEqual([...a.fds.keys()].sort());
  const objects = new Map<FileId, FileId>();
  const inodes = new Map<number, number>([[a.cwdInode, b.cwdInode]]);
  // Without a backup every mount is still there: a live cwd is on the very same one.
  if (!isDead(before, a.cwdInode)) expect(b.cwdMount, 'the cwd is on its own mount').toBe(a.cwdMount);
  const same = <K, V>(m: Map<K, V>, k: K, v: V, what: string): void => {
    const seen = m.get(k);
    if (seen === undefined) m.set(k, v);
    else expect(v, what).toBe(seen);
  };
  for (const [fd, fileA] of a.fds) {
    const fileB = b.fds.get(fd);
    if (fileB === undefined) throw new Error(`fd ${fd} missing`);
    same(objects, fileA, fileB, `fd ${fd}: one object before, one after`);
    if (isOutsideFile(before, fileA)) {
      expect(fileB, `fd ${fd}: the same outside file`).toBe(fileA);
      continue;
    }
    same(inodes, inodeOf(before, fileA), inodeOf(after, fileB), `fd ${fd}: one inode before, one after`);
  }
  for (const [ia, ib] of inodes) {
    expect(isDead(after, ib), `inode ${ia}: removed iff it was`).toBe(isDead(before, ia));
    expect(rInode(after, ib).i_mode).toBe(rInode(before, ia).i_mode);
    // A live inode is itself again (its names may have changed meanwhile); a removed one is new.
    if (isDead(before, ia)) expect(rInode(after, ib).i_nlink, `inode ${ia}: no links`).toBe(0);
    else expect(ib, `inode ${ia}: a live inode is itself again`).toBe(ia);
  }
}

describe('checkpoint/restart of a random small program', () => {
  it('gives the task back its fds, their sharing and its cwd, or refuses with a reason', () => {
    let restored = 0;
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 14 }),
        fc.array(fc.constantFrom(...NAMES), { maxLength: 2 }),
        (ops, between) => {
          let w = step(relinkWorld(), 1, { call: 'fork', child: 2 }).world;
          for (const o of ops) w = step(w, o.pid, o.sc).world;
          const ck = checkpointWorld(w, { checkpointer: 1, pids: [2], strategy: 'relink' });
          if (!ck.result.ok) {
            // A file the strategy cannot save is refused by its errno (EOPNOTSUPP on tmpfs, which
            // has no relink=); what the task holds beside files is refused naming the task.
            if (ck.result.reason !== null) expect(ck.result.reason).toMatch(/^pid 2 /);
            return;
          }
          let dead = killTasks(ck.world, [2]);
          // Meanwhile pid 1 may take an old name back (mkdir /a, say): restart must then refuse.
          let retaken = false;
          for (const path of between) {
            const made = step(dead, 1, { call: 'mkdir', path, mode: 0o755 });
            retaken ||= made.result.ok === true;
            dead = made.world;
          }
          const rs = restartWorld(dead, { restarter: 1, image: ck.result.image });
          if (!rs.result.ok) {
            // Only a name taken back meanwhile may stop it (mkdir EEXIST), or a mount restart cannot
            // put back or a name that leads to another mount by now (the files' part,
            // restore-mounts.ts, refuses at mount or openat and says why).
            const r = rs.result;
            if (r.call === 'openat' || r.call === 'mount') expect(r.reason, `${r.call} says why`).not.toBeNull();
            else expect([retaken, r.call, r.errno]).toEqual([true, 'mkdir', 'EEXIST']);
            return;
          }
          restored++;
          expect(checkInvariants(rs.world)).toEqual([]);
          expectSameView(w, rs.world, rs.result.pids.get(2) ?? 0);
        },
      ),
      { numRuns: 300, seed: 20261204 },
    );
    expect(restored).toBeGreaterThan(100);
  });
});
