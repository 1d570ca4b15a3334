import { asUser } from '../helpers/as-user.js';
import fc from 'fast-check';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { AT_FDCWD } from '../../src/model/flags.js';
import type { MountableFsType } from '../../src/model/fstype.js';
import { MNT_READONLY } from '../../src/model/mount.js';
import { S_IFDIR } from '../../src/model/modes.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { dentryOf, inodeOf, mountOf, rDentry, rInode, taskOf } from '../../src/ops/vfs/world-draft.js';
import type { Inode } from '../../src/model/inode.js';
import { openFile, walk } from '../helpers/fixtures.js';
import { assertStepLaws } from '../helpers/run.js';
import { withTree } from '../helpers/tree.js';

const OK0: SysResult = { ok: true, ret: 0 };
const FSES: readonly MountableFsType[] = ['ext4', 'ext3', 'tmpfs', 'btrfs'];

function call(w: World, sc: Syscall): { world: World; result: SysResult } {
  const out = step(w, 1, sc);
  assertStepLaws(w, out.world, out.result, JSON.stringify(sc).slice(0, 120));
  return out;
}

const mkdir = (w: World, path: string, mode = 0o777) => call(w, { call: 'mkdir', path, mode });

/**
 * mkdir in a world whose directory link count was set by hand (65000 real subdirectories would be
 * slow to build), so the name-recounting invariants cannot hold; the errno law still must.
 */
function mkdirFaked(w: World, path: string): { world: World; result: SysResult } {
  const out = step(w, 1, { call: 'mkdir', path, mode: 0o777 });
  if (out.result.ok === false) expect(out.world).toBe(w);
  return out;
}

function inodeAt(w: World, name: string): Inode {
  const ino = rDentry(w, walk(w, name).dentry).d_inode;
  if (ino === null) throw new Error('negative');
  return rInode(w, ino);
}

function edit(
  w: World,
  name: string,
  f: (i: { i_mode: number; i_uid: number; i_gid: number; i_nlink: number }) => void,
) {
  const p = walk(w, name);
  return produce(w, (d) => {
    const ino = dentryOf(d, p.dentry).d_inode;
    if (ino !== null) f(inodeOf(d, ino));
  });
}

const base = (fs: MountableFsType = 'ext4'): World =>
  withTree(bootWorld({ rootFs: fs }), { d: { sub: {} }, f: 'x', dl: { symlink: 'nowhere' } });

describe('mkdir (fs/namei.c do_mkdirat, vfs_mkdir)', () => {
  it('creates a directory with mode & ~umask, owned by the task', () => {
    const { world, result } = mkdir(
      asUser(
        edit(base(), 'd', (i) => (i.i_mode = S_IFDIR | 0o777)),
        1000,
        100,
      ),
      'd/n',
    );
    expect(result).toEqual(OK0);
    const i = inodeAt(world, 'd/n');
    expect(i.type).toBe('dir');
    expect(i.i_mode).toBe(S_IFDIR | 0o755);
    expect([i.i_uid, i.i_gid]).toEqual([1000, 100]);
  });

  it('keeps only S_IRWXUGO | S_ISVTX of the mode (07777 under umask 022 is 01755)', () => {
    const { world } = mkdir(base(), 'n', 0o7777);
    expect(inodeAt(world, 'n').i_mode).toBe(S_IFDIR | 0o1755);
  });

  it('ignores mode bits above a umode_t', () => {
    const { world } = mkdir(base(), 'n', 0x10000 | 0o700);
    expect(inodeAt(world, 'n').i_mode).toBe(S_IFDIR | 0o700);
  });

  it('gives a subdirectory of a set-group-ID directory its group and S_ISGID (inode_init_owner)', () => {
    const w = asUser(
      edit(base(), 'd', (i) => {
        i.i_mode = S_IFDIR | 0o2777;
        i.i_gid = 1234;
      }),
      65534,
      65534,
    );
    const { world } = mkdir(w, 'd/n', 0o755);
    const i = inodeAt(world, 'd/n');
    expect(i.i_mode).toBe(S_IFDIR | 0o2755);
    expect([i.i_uid, i.i_gid]).toEqual([65534, 1234]);
  });

  it.each(FSES)('sets the link counts %s shows: new dir 2 and parent +1, btrfs 1 and 1', (fs) => {
    const w = base(fs);
    const before = inodeAt(w, 'd').i_nlink;
    const { world } = mkdir(w, 'd/n');
    const flat = fs === 'btrfs';
    expect(inodeAt(world, 'd/n').i_nlink).toBe(flat ? 1 : 2);
    expect(inodeAt(world, 'd').i_nlink).toBe(flat ? 1 : before + 1);
  });

  // Real kernel: ext4 4096 per block; tmpfs 40 + 20 per entry (BOGO_DIRENT_SIZE); btrfs twice the names' bytes.
  it.each([
    ['ext4', 4096, 4096],
    ['tmpfs', 40, 80],
    ['btrfs', 0, 8],
  ] as const)(
    'gives %s the directory sizes the real kernel shows (new %i, parent of "sub" and "n" %i)',
    (fs, n, parent) => {
      const { world } = mkdir(base(fs), 'd/n');
      const size = (path: string): number | undefined => {
        const r = call(world, { call: 'lstat', path }).result;
        return r.ok === true ? r.stat?.st_size : undefined;
      };
      expect(size('d/n')).toBe(n);
      expect(size('d')).toBe(parent);
    },
  );

  it('lets an ext4 directory past 65000 links stick at 1 (dir_nlink: ext4_inc_count)', () => {
    const w = edit(base('ext4'), 'd', (i) => (i.i_nlink = 64999));
    const a = mkdirFaked(w, 'd/a');
    expect(inodeAt(a.world, 'd').i_nlink).toBe(65000);
    const b = mkdirFaked(a.world, 'd/b');
    expect(b.result).toEqual(OK0);
    expect(inodeAt(b.world, 'd').i_nlink).toBe(1);
    const c = mkdirFaked(b.world, 'd/c');
    expect(c.result).toEqual(OK0);
    expect(inodeAt(c.world, 'd').i_nlink).toBe(1);
  });

  it('refuses a 65000-link ext3 directory with EMLINK (no dir_nlink: ext4_mkdir)', () => {
    const w = edit(base('ext3'), 'd', (i) => (i.i_nlink = 65000));
    expect(mkdirFaked(w, 'd/a').result).toEqual({ ok: false, errno: 'EMLINK' });
    expect(
      mkdirFaked(
        edit(w, 'd', (i) => (i.i_nlink = 64999)),
        'd/a',
      ).result,
    ).toEqual(OK0);
  });

  it('refuses a name that exists, even as a dangling symlink, with EEXIST', () => {
    for (const n of ['d', 'f', 'dl', 'dl/', 'd/.', 'd/..', '/']) {
      expect(mkdir(base(), n).result, n).toEqual({ ok: false, errno: 'EEXIST' });
    }
  });

  it('answers ENOENT for a missing parent and ENOTDIR for a file on the way', () => {
    expect(mkdir(base(), 'nope/x').result).toEqual({ ok: false, errno: 'ENOENT' });
    expect(mkdir(base(), 'f/x').result).toEqual({ ok: false, errno: 'ENOTDIR' });
    expect(mkdir(base(), '').result).toEqual({ ok: false, errno: 'ENOENT' });
  });

  it('accepts a trailing slash', () => {
    const { world, result } = mkdir(base(), 'n//');
    expect(result).toEqual(OK0);
    expect(inodeAt(world, 'n').type).toBe('dir');
  });

  it('refuses a 256-byte name with ENAMETOOLONG', () => {
    expect(mkdir(base(), 'n'.repeat(256)).result).toEqual({ ok: false, errno: 'ENAMETOOLONG' });
    expect(mkdir(base(), 'n'.repeat(255)).result).toEqual(OK0);
  });

  it('answers EROFS on a read-only mount for a new name, EEXIST for an existing one', () => {
    const w = produce(base(), (d) => {
      mountOf(d, taskOf(d, 1).root.mnt).mnt_flags |= MNT_READONLY;
    });
    expect(mkdir(w, 'n').result).toEqual({ ok: false, errno: 'EROFS' });
    expect(mkdir(w, 'd').result).toEqual({ ok: false, errno: 'EEXIST' });
    expect(mkdir(asUser(w, 1000, 1000, 0o022), 'n').result).toEqual({ ok: false, errno: 'EROFS' });
  });

  it('answers EACCES to a user without write permission, after EEXIST', () => {
    const w = asUser(base(), 1000, 1000);
    expect(mkdir(w, 'd/n').result).toEqual({ ok: false, errno: 'EACCES' });
    expect(mkdir(w, 'd/sub').result).toEqual({ ok: false, errno: 'EEXIST' });
  });

  it('answers ENOENT in a directory removed while it is the cwd', () => {
    let w = call(base(), { call: 'chdir', path: 'd/sub' }).world;
    const rm = call(w, { call: 'rmdir', path: '/d/sub' });
    expect(rm.result).toEqual(OK0);
    w = rm.world;
    expect(mkdir(w, 'x').result).toEqual({ ok: false, errno: 'ENOENT' });
    expect(mkdir(w, '.').result).toEqual({ ok: false, errno: 'EEXIST' });
  });

  it('creates relative to a directory fd with mkdirat', () => {
    const { world, fd } = openFile(base(), 'd', 0);
    const out = call(world, { call: 'mkdirat', dirfd: fd, path: 'n', mode: 0o700 });
    expect(out.result).toEqual(OK0);
    expect(inodeAt(out.world, 'd/n').i_mode).toBe(S_IFDIR | 0o700);
    expect(call(world, { call: 'mkdirat', dirfd: AT_FDCWD, path: 'd/n', mode: 0o700 }).result).toEqual(OK0);
  });

  it('answers EEXIST for an open fd in /proc/self/fd and ENOENT for a closed one', () => {
    const { world, fd } = openFile(base(), 'f', 0);
    expect(mkdir(world, `/proc/self/fd/${fd}`).result).toEqual({ ok: false, errno: 'EEXIST' });
    expect(mkdir(world, '/proc/self/fd/99').result).toEqual({ ok: false, errno: 'ENOENT' });
  });

  it('keeps the invariants over any sequence of mkdir, mknod and symlink on any file system', () => {
    const name = fc.constantFrom('a', 'b', 'a/b', 'a/b/c', 'a/', 'b//', 'a/.', '..', 'f/x', 'dl', 'nope/x', 'd/sub/a');
    const create = fc.oneof(
      name.map((path): Syscall => ({ call: 'mkdir', path, mode: 0o755 })),
      name.map((path): Syscall => ({ call: 'mknod', path, mode: 0o010644, dev: 0 })),
      name.map((path): Syscall => ({ call: 'symlink', target: 'a', linkpath: path })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...FSES), fc.array(create, { maxLength: 12 }), (fs, calls) => {
        let w = base(fs);
        for (const sc of calls) w = call(w, sc).world;
      }),
      { numRuns: 60 },
    );
  });
});
