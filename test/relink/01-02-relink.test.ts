// Patches 01 (the .relink file operation), 02 (ext3/ext4 relink) and 06 (btrfs relink), through
// our port's interface: linkat(fd, "", dirfd, name, AT_EMPTY_PATH) into relink_dir.
import { describe, expect, it } from 'vitest';
import { MS_BIND, MS_RDONLY, MS_REMOUNT, O_RDWR } from '../../src/model/flags.js';
import { inodeHasRelinkOp } from '../../src/ops/relink/relink-op.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import { rFile, rInode, rSb, rTask } from '../../src/ops/vfs/world-draft.js';
import type { World } from '../../src/model/world.js';
import { ERR, OK0, call, must, open, relinkAt, relinkWorld, unlinkedOpen } from './setup.js';

const fileInode = (w: World, fd: number) => {
  const t = rTask(w, 1);
  const f = w.fdtables[t.files]?.fds[fd]?.file;
  if (f === undefined) throw new Error(`fd ${fd} not open`);
  return rInode(w, rFile(w, f).f_inode);
};

describe('patch 01: the .relink file operation', () => {
  it('exists for regular files and fifos on ext4, ext3 and btrfs under the relink series', () => {
    for (const fs of ['ext4', 'ext3', 'btrfs'] as const) {
      const w = must(relinkWorld(fs), open('/f'), { call: 'mknod', path: '/p', mode: 0o10644, dev: 0 });
      const p = must(w, open('/p', O_RDWR));
      expect(inodeHasRelinkOp(p, fileInode(p, 3).id)).toBe(true);
      expect(inodeHasRelinkOp(p, fileInode(p, 4).id)).toBe(true);
    }
  });

  it('does not exist on tmpfs, for directories, or on a mainline kernel', () => {
    const tmp = must(relinkWorld('tmpfs'), open('/f'));
    expect(inodeHasRelinkOp(tmp, fileInode(tmp, 3).id)).toBe(false);
    const dir = must(relinkWorld(), open('/ckpt', 0));
    expect(inodeHasRelinkOp(dir, fileInode(dir, 3).id)).toBe(false);
    const main = must(relinkWorld('ext4', 'mainline'), open('/f'));
    expect(inodeHasRelinkOp(main, fileInode(main, 3).id)).toBe(false);
  });
});

describe('patch 02: ext3/ext4 relink of an open, unlinked file', () => {
  it('links the inode into relink_dir: i_nlink 0 to 1, off the orphan list, the name instantiated', () => {
    const w0 = unlinkedOpen(relinkWorld());
    const ino = fileInode(w0, 3);
    expect(ino.i_nlink).toBe(0);
    expect(rSb(w0, ino.i_sb).s_orphans).toContain(ino.id);
    const w = must(w0, relinkAt(3, '/ckpt/x'));
    expect(fileInode(w, 3).i_nlink).toBe(1);
    expect(rSb(w, ino.i_sb).s_orphans).not.toContain(ino.id);
    const st = call(w, { call: 'stat', path: '/ckpt/x' }).result;
    expect(st.ok === true && st.stat?.st_ino).toBe(ino.i_ino);
    const read = call(w, { call: 'pread64', fd: 3, count: 100, offset: 0 }).result;
    expect(read.ok === true && read.data).toEqual('payload');
    expect(checkInvariants(w)).toEqual([]);
  });

  it('refuses a name outside relink_dir with mainline ENOENT', () => {
    const w = unlinkedOpen(relinkWorld());
    expect(call(w, relinkAt(3, '/elsewhere')).result).toEqual(ERR('ENOENT'));
  });

  it('gives the mainline kernel ENOENT where the series relinks', () => {
    const w = unlinkedOpen(relinkWorld('ext4', 'mainline'));
    expect(call(w, relinkAt(3, '/ckpt/x')).result).toEqual(ERR('ENOENT'));
  });

  it('reports EEXIST before anything relink-specific (filename_create comes first)', () => {
    const w = must(unlinkedOpen(relinkWorld()), open('/ckpt/x'));
    expect(call(w, relinkAt(3, '/ckpt/x')).result).toEqual(ERR('EEXIST'));
  });

  it('after a relink, unlinking the new name puts the inode back on the orphan list once', () => {
    const w = must(unlinkedOpen(relinkWorld()), relinkAt(3, '/ckpt/x'), { call: 'unlink', path: '/ckpt/x' });
    const ino = fileInode(w, 3);
    expect(ino.i_nlink).toBe(0);
    expect(rSb(w, ino.i_sb).s_orphans.filter((i) => i === ino.id)).toHaveLength(1);
    expect(checkInvariants(w)).toEqual([]);
  });

  it('a file whose other name survives is linked as usual, its count going up by one', () => {
    const w0 = must(
      relinkWorld(),
      open('/f'),
      { call: 'link', oldpath: '/f', newpath: '/g' },
      { call: 'unlink', path: '/f' },
    );
    const w = must(w0, relinkAt(3, '/ckpt/x'));
    expect(fileInode(w, 3).i_nlink).toBe(2);
  });

  it('also relinks through /proc/self/fd/N with AT_SYMLINK_FOLLOW (the same old path)', () => {
    const w = unlinkedOpen(relinkWorld());
    const r = call(w, {
      call: 'linkat',
      olddirfd: -100,
      oldpath: '/proc/self/fd/3',
      newdirfd: -100,
      newpath: '/ckpt/y',
      flags: 0x400,
    }).result;
    expect(r).toEqual(OK0);
  });
});

describe('patch 06: btrfs relink', () => {
  it('relinks on btrfs and deletes the orphan item', () => {
    const w0 = unlinkedOpen(relinkWorld('btrfs'));
    const ino = fileInode(w0, 3);
    expect(rSb(w0, ino.i_sb).s_orphans).toContain(ino.id);
    const w = must(w0, relinkAt(3, '/ckpt/x'));
    expect(rSb(w, ino.i_sb).s_orphans).not.toContain(ino.id);
    expect(fileInode(w, 3).i_nlink).toBe(1);
  });
});

describe('patch 03: relink shares do_linkat (checks in do_linkat order)', () => {
  it('EINVAL for unknown flags comes before everything', () => {
    const w = unlinkedOpen(relinkWorld());
    expect(call(w, { ...relinkAt(3, '/ckpt/x'), flags: 0x8000 }).result).toEqual(ERR('EINVAL'));
  });

  it('AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH in 6.1: ENOENT for an unprivileged task', () => {
    let w = must(unlinkedOpen(relinkWorld()), { call: 'fork', child: 2 });
    w = call(w, { call: 'setuid', uid: 1000 }, 2).world;
    expect(call(w, relinkAt(3, '/ckpt/x'), 2).result).toEqual(ERR('ENOENT'));
  });

  it('EROFS is reported after EEXIST, and EXDEV after both (filename_create, then the mounts)', () => {
    let w = must(unlinkedOpen(relinkWorld()), open('/ckpt/taken'), { call: 'mkdir', path: '/ro', mode: 0o755 });
    w = must(
      w,
      { call: 'mount', source: '/', target: '/ro', fstype: '', flags: MS_BIND, data: '' },
      { call: 'mount', source: '', target: '/ro', fstype: '', flags: MS_REMOUNT | MS_BIND | MS_RDONLY, data: '' },
    );
    expect(call(w, relinkAt(3, '/ro/ckpt/taken')).result).toEqual(ERR('EEXIST'));
    expect(call(w, relinkAt(3, '/ro/ckpt/new')).result).toEqual(ERR('EROFS'));
    w = must(w, { call: 'mount', source: '', target: '/ro', fstype: '', flags: MS_REMOUNT | MS_BIND, data: '' });
    expect(call(w, relinkAt(3, '/ro/ckpt/new')).result).toEqual(ERR('EXDEV'));
  });

  it('a dead relink_dir (removed after relink= named it) refuses with ENOENT', () => {
    const w = must(unlinkedOpen(relinkWorld()), { call: 'rmdir', path: '/ckpt' });
    expect(call(w, relinkAt(3, '/ckpt/x')).result).toEqual(ERR('ENOENT'));
  });
});
