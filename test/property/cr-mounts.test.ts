// Checkpoint/restart keeps the mount each fd was opened through, for random small programs that
// bind-mount directories over each other, mount tmpfs, unmount them, open, write, link and unlink files through
// them, with the mounts changed again (or a backup taken) before restart: every restored fd is on
// a mount of the same file system showing the same directory, reads as the same path through
// /proc/self/fd (a ghost whose name was taken as <name>.cr_link), and holds the same data. Or
// restart refuses and names the mount it could not put back; it never opens another file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MS_BIND, O_CREAT, O_RDWR } from '../../src/model/flags.js';
import type { CheckpointStrategy } from '../../src/model/image.js';
import type { World } from '../../src/model/world.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { isOutsideFile } from '../../src/ops/vfs/boot.js';
import { backupRootFs } from '../../src/cr/backup.js';
import { checkpointWorld, killTasks, restartWorld } from '../../src/cr/cr-flow.js';
import { bytesText } from '../../src/ops/vfs/pagecache.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { rDentry, rFile, rMount, rSb, rTask } from '../../src/ops/vfs/world-draft.js';
import { relinkWorld } from '../relink/setup.js';

const DIRS = ['/d1', '/d2', '/c', '/e'];
const FILES = ['/c/f', '/e/f', '/d1/f', '/d2/f', '/c/g'];

type Op = { pid: number; sc: Syscall };
const by = (pid: number, sc: Syscall): Op => ({ pid, sc });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc
    .tuple(fc.constantFrom('/d1', '/d2', '/c'), fc.constantFrom('/c', '/e'))
    .map(([source, target]) => by(1, { call: 'mount', source, target, fstype: '', flags: MS_BIND, data: '' })),
  fc.constantFrom('/c', '/e').map((target) => by(1, { call: 'umount2', target, flags: 0 })),
  fc
    .constantFrom('/e', '/d2')
    .map((target) => by(1, { call: 'mount', source: 'tmpfs', target, fstype: 'tmpfs', flags: 0, data: '' })),
  fc.constantFrom(...FILES).map((path) => by(2, { call: 'open', path, flags: O_RDWR | O_CREAT, mode: 0o644 })),
  fc
    .tuple(fc.integer({ min: 3, max: 6 }), fc.constantFrom('x', 'yy', 'zzz'))
    .map(([fd, data]) => by(2, { call: 'write', fd, data })),
  fc.tuple(fc.constantFrom(1, 2), fc.constantFrom(...FILES)).map(([pid, path]) => by(pid, { call: 'unlink', path })),
  fc
    .tuple(fc.constantFrom(...FILES), fc.constantFrom('/c/h', '/d1/h', '/d2/h'))
    .map(([oldpath, newpath]) => by(1, { call: 'link', oldpath, newpath })),
);

/** What pid `pid` sees through each fd: the mount (fs type, directory shown), its path, its data. */
function viewOf(w: World, pid: number): Map<number, { fs: string; root: string; link: string; data: string }> {
  const out = new Map<number, { fs: string; root: string; link: string; data: string }>();
  const t = rTask(w, pid);
  for (const [fd, e] of Object.entries(w.fdtables[t.files]?.fds ?? {})) {
    if (isOutsideFile(w, e.file)) continue;
    const f = rFile(w, e.file);
    const m = rMount(w, f.f_path.mnt);
    const parts: string[] = [];
    for (let d = m.mnt_root; rDentry(w, d).d_parent !== d; d = rDentry(w, d).d_parent)
      parts.unshift(rDentry(w, d).d_name);
    const link = step(w, pid, { call: 'readlink', path: `/proc/self/fd/${fd}`, bufsiz: 4096 }).result;
    const data = step(w, pid, { call: 'pread64', fd: Number(fd), count: 4096, offset: 0 }).result;
    out.set(Number(fd), {
      fs: rSb(w, m.mnt_sb).s_type,
      root: `/${parts.join('/')}`,
      link: link.ok === true ? (link.link ?? '') : `error ${JSON.stringify(link)}`,
      data: data.ok === true && data.data !== undefined ? bytesText(data.data) : `error ${JSON.stringify(data)}`,
    });
  }
  return out;
}

/**
 * The same path, but: a ghost whose name was taken comes back as <name>.cr_link (CRIU), and the
 * series' restart reopens the relinked name, so an unlinked file reads as that name, deleted.
 */
const sameLink = (before: string, after: string, strategy: CheckpointStrategy): boolean =>
  after === before ||
  (before.endsWith(' (deleted)') &&
    (strategy === 'relink'
      ? /\/unlink-at-restart-\d+-\d+ \(deleted\)$/.test(after)
      : after === before.replace(/ \(deleted\)$/, '.cr_link (deleted)')));

describe('checkpoint/restart keeps the mount of every fd (random programs over bind mounts)', () => {
  it('each restored fd is on an equal mount, with the same path and data, or restart names the mount it cannot restore', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 12 }),
        fc.constantFrom<CheckpointStrategy>('copy', 'link-remap', 'relink'),
        fc.constantFrom('keep', 'unmount', 'backup'),
        (ops, strategy, between) => {
          let w = relinkWorld();
          for (const path of DIRS) w = step(w, 1, { call: 'mkdir', path, mode: 0o755 }).world;
          w = step(w, 1, { call: 'fork', child: 2 }).world;
          for (const o of ops) w = step(w, o.pid, o.sc).world;
          const before = viewOf(w, 2);
          const ck = checkpointWorld(w, { checkpointer: 1, pids: [2], strategy, ghostLimit: 1 << 20 });
          if (!ck.result.ok) return; // refused at checkpoint (EXDEV, ...): nothing to restore
          let after = killTasks(ck.world, [2]);
          if (between === 'unmount')
            for (const target of ['/e', '/c', '/e', '/c'])
              after = step(after, 1, { call: 'umount2', target, flags: 0 }).world;
          if (between === 'backup') after = backupRootFs(after).world;
          const rs = restartWorld(after, { restarter: 1, image: ck.result.image });
          if (!rs.result.ok) {
            expect(rs.result.reason ?? `${rs.result.call}: ${rs.result.errno}`).toMatch(/mount/);
            return;
          }
          expect(checkInvariants(rs.world)).toEqual([]);
          const now = viewOf(rs.world, rs.result.pids.get(2) ?? 0);
          expect([...now.keys()]).toEqual([...before.keys()]);
          for (const [fd, was] of before) {
            const is = now.get(fd);
            expect(is?.fs).toBe(was.fs);
            expect(is?.root).toBe(was.root);
            expect(sameLink(was.link, is?.link ?? '', strategy), `fd ${fd}: ${was.link} then ${is?.link ?? ''}`).toBe(
              true,
            );
            expect(is?.data).toBe(was.data);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
