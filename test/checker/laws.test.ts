// The general laws the checker finds seeded bugs through: data is changed only by data calls, a
// new name stays inside a mount its inode was reached through, and a checkpoint or cleanup changes
// the names of only the files it checkpointed.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { startWorld } from '../../src/checker/relink-alphabet.js';
import { checkFlow, checkTransition } from '../../src/invariants/transitions.js';
import { O_APPEND, O_RDWR } from '../../src/model/flags.js';
import { S_IFIFO, S_IFREG } from '../../src/model/modes.js';
import type { World } from '../../src/model/world.js';
import { checkpointWorld, cleanupWorld } from '../../src/cr/cr-flow.js';
import { pinCreated } from '../../src/cr/relink-cleanup.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { open, relinkAt } from '../relink/setup.js';

const run = (w: World, ...calls: [number, Syscall][]): World =>
  calls.reduce((cur, [pid, sc]) => {
    const out = step(cur, pid, sc);
    if (out.result.ok !== true) throw new Error(`${sc.call} failed: ${JSON.stringify(out.result)}`);
    return out.world;
  }, w);
/** The laws a step by pid 2 breaks, with the step's own result. */
const lawsBroken = (w: World, sc: Syscall, pid = 2): string[] => {
  const out = step(w, pid, sc);
  return checkTransition({ before: w, pid, sc, result: out.result, after: out.world }).map((v) => v.invariant);
};
/** An open fifo /p (fd 3) holding "x", its name gone. */
const fifoWithData = (kernel: string): World =>
  run(
    startWorld(kernel),
    [2, { call: 'mknod', path: '/p', mode: S_IFIFO | 0o600, dev: 0 }],
    [2, { call: 'open', path: '/p', flags: O_RDWR, mode: 0 }],
    [2, { call: 'write', fd: 3, data: 'x' }],
    [2, { call: 'unlink', path: '/p' }],
  );

describe('contentsChangeOnlyThroughData', () => {
  it('holds for a write, which changes the contents it addresses', () => {
    const w = run(startWorld('relink'), [2, open('/a')]);
    expect(lawsBroken(w, { call: 'write', fd: 3, data: 'hello' })).toEqual([]);
  });

  it('holds for the last close of a fifo, which frees its pipe and buffer (fs/pipe.c: put_pipe_info)', () => {
    expect(lawsBroken(fifoWithData('relink'), { call: 'close', fd: 3 })).toEqual([]);
  });

  it('holds for a fifo relink in the correct series', () => {
    expect(lawsBroken(fifoWithData('relink'), relinkAt(3, '/ckpt/s'))).toEqual([]);
  });

  it('reports a write through one fd that changed the bytes of another file', () => {
    const w = run(startWorld('relink'), [2, open('/a')], [2, open('/b')], [2, { call: 'write', fd: 4, data: 'b' }]);
    const sc: Syscall = { call: 'write', fd: 3, data: 'a' };
    const out = step(w, 2, sc);
    const b = Object.values(w.inodes).find((i) => i.i_size === 1);
    if (b === undefined) throw new Error('no /b');
    const wrong = produce(out.world, (d) => {
      const inode = d.inodes[b.id];
      if (inode !== undefined) inode.i_size = 0;
    });
    const broken = checkTransition({ before: w, pid: 2, sc, result: out.result, after: wrong });
    expect(broken.map((v) => v.invariant)).toEqual(['contentsChangeOnlyThroughData']);
  });

  it('finds fifo-relink-drops-buffer: a link emptied a pipe buffer', () => {
    expect(lawsBroken(fifoWithData('fifo-relink-drops-buffer'), relinkAt(3, '/ckpt/s'))).toContain(
      'contentsChangeOnlyThroughData',
    );
  });
});

describe('newNamesInsideSourceMount', () => {
  it('holds for a link within the bind mount', () => {
    const w = run(startWorld('relink'), [2, open('/c/f')]);
    expect(lawsBroken(w, { call: 'link', oldpath: '/c/f', newpath: '/c/g' })).toEqual([]);
  });

  it('holds for a rename that moves a name within the mount', () => {
    const w = run(startWorld('relink'), [2, open('/a')]);
    expect(lawsBroken(w, { call: 'rename', oldpath: '/a', newpath: '/ckpt/a' })).toEqual([]);
  });

  it('finds relink-cross-mount: a file reached only through /c got a name outside /c', () => {
    const w = run(startWorld('relink-cross-mount'), [2, open('/c/f')], [2, { call: 'unlink', path: '/c/f' }]);
    expect(lawsBroken(w, relinkAt(3, '/ckpt/r'))).toContain('newNamesInsideSourceMount');
  });

  it('does not blame a name the inode already had through another mount', () => {
    // /data/f is reached through the root mount too: a link of it into /ckpt is an ordinary link.
    const w = run(startWorld('relink'), [2, open('/c/f')]);
    expect(lawsBroken(w, { call: 'link', oldpath: '/data/f', newpath: '/ckpt/f' })).toEqual([]);
  });
});

describe('flowChangesOnlyItsFiles', () => {
  /** Task 2 holds /a open as fd 3 after /a is gone; task 3 has a file /z of its own. */
  const prepared = (kernel: string): World =>
    run(
      startWorld(kernel),
      [2, open('/a')],
      [2, { call: 'unlink', path: '/a' }],
      [1, { call: 'fork', child: 3 }],
      [3, { call: 'mknod', path: '/z', mode: S_IFREG | 0o644, dev: 0 }],
    );

  it('holds for a checkpoint and its cleanup with nothing in between', () => {
    const w = prepared('relink');
    const ck = checkpointWorld(w, { checkpointer: 1, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error('checkpoint failed');
    expect(checkFlow({ before: w, after: ck.world, kind: 'checkpoint', pids: [2], names: [] })).toEqual([]);
    const names = ck.result.image.createdNames;
    const cl = cleanupWorld(ck.world, 1, names);
    expect(checkFlow({ before: ck.world, after: cl.world, kind: 'cleanup', pids: [], names })).toEqual([]);
  });

  it('knows the checkpointed inode by itself, not by an (st_dev, st_ino) a new file reused', () => {
    const w = prepared('relink');
    const ck = checkpointWorld(w, { checkpointer: 1, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error('checkpoint failed');
    const names = pinCreated(ck.world, 1, ck.result.image.createdNames);
    const name = names[0]?.path ?? '';
    // The relinked inode dies (its name and last fd go); a file made at the name reuses its ino.
    const reused = run(ck.world, [1, { call: 'unlink', path: name }], [2, { call: 'close', fd: 3 }], [3, open(name)]);
    const cl = cleanupWorld(reused, 1, names, undefined, { method: 'unlink' });
    const broken = checkFlow({ before: reused, after: cl.world, kind: 'cleanup', pids: [], names });
    expect(broken.map((v) => v.invariant)).toEqual(['flowChangesOnlyItsFiles']);
  });

  it('finds cleanup-wrong-name: a cleanup removed a name of a file it did not checkpoint', () => {
    const w = prepared('cleanup-wrong-name');
    const ck = checkpointWorld(w, { checkpointer: 1, pids: [2], strategy: 'relink' });
    if (!ck.result.ok) throw new Error('checkpoint failed');
    const names = ck.result.image.createdNames;
    const name = names[0]?.path ?? '';
    const replaced = run(ck.world, [3, { call: 'rename', oldpath: '/z', newpath: name }]);
    const cl = cleanupWorld(replaced, 1, names);
    expect(
      checkFlow({ before: replaced, after: cl.world, kind: 'cleanup', pids: [], names }).map((v) => v.invariant),
    ).toEqual(['flowChangesOnlyItsFiles']);
  });
});

describe('pipeBytesStayInOrder', () => {
  it('holds for reads and writes of a fifo', () => {
    const w = fifoWithData('relink');
    const wrote = run(w, [2, { call: 'write', fd: 3, data: 'yz' }]);
    expect(lawsBroken(w, { call: 'write', fd: 3, data: 'yz' })).toEqual([]);
    expect(lawsBroken(wrote, { call: 'read', fd: 3, count: 2 })).toEqual([]);
  });

  it('reports a write that put its bytes before the ones already buffered', () => {
    const w = fifoWithData('relink');
    const sc: Syscall = { call: 'write', fd: 3, data: 'y' };
    const out = step(w, 2, sc);
    const reordered = produce(out.world, (d) => {
      for (const inode of Object.values(d.inodes)) if (inode.i_pipe !== null) inode.i_pipe.buf = 'yx';
    });
    const broken = checkTransition({ before: w, pid: 2, sc, result: out.result, after: reordered });
    expect(broken.map((v) => v.invariant)).toEqual(['pipeBytesStayInOrder']);
  });
});

describe('readBackWhatWasWritten', () => {
  const withFile = (): World => run(startWorld('relink'), [2, open('/a')], [2, { call: 'write', fd: 3, data: 'abc' }]);

  it('holds for writes, pwrites, appends and reads of a regular file', () => {
    const w = withFile();
    expect(lawsBroken(w, { call: 'pwrite64', fd: 3, data: 'Z', offset: 1 })).toEqual([]);
    expect(lawsBroken(w, { call: 'write', fd: 3, data: 'de' })).toEqual([]);
    expect(lawsBroken(w, { call: 'pread64', fd: 3, count: 8, offset: 0 })).toEqual([]);
    const appending = run(w, [2, { call: 'open', path: '/a', flags: O_RDWR | O_APPEND, mode: 0 }]);
    expect(lawsBroken(appending, { call: 'pwrite64', fd: 4, data: 'q', offset: 0 })).toEqual([]);
  });

  it('reports a write whose bytes are not where it wrote them', () => {
    const w = withFile();
    const sc: Syscall = { call: 'pwrite64', fd: 3, data: 'Z', offset: 1 };
    const out = step(w, 2, sc);
    const lost = produce(out.world, (d) => {
      for (const inode of Object.values(d.inodes)) if (inode.i_size === 3) inode.i_data = [{ off: 0, bytes: 'abc' }];
    });
    const broken = checkTransition({ before: w, pid: 2, sc, result: out.result, after: lost });
    expect(broken.map((v) => v.invariant)).toEqual(['readBackWhatWasWritten']);
  });

  it('reports a read that returned other bytes than the file holds', () => {
    const w = withFile();
    const sc: Syscall = { call: 'pread64', fd: 3, count: 3, offset: 0 };
    const out = step(w, 2, sc);
    const wrong = { ok: true, ret: 3, data: { length: 3, extents: [{ off: 0, bytes: 'abd' }] } } as const;
    const broken = checkTransition({ before: w, pid: 2, sc, result: wrong, after: out.world });
    expect(broken.map((v) => v.invariant)).toEqual(['readBackWhatWasWritten']);
  });
});
