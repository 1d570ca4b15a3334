import { asUser } from '../helpers/as-user.js';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { MNT_READONLY } from '../../src/model/mount.js';
import { S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFREG, S_IFSOCK } from '../../src/model/modes.js';
import type { Inode } from '../../src/model/inode.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { Unmodelled } from '../../src/model/errors.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { dentryOf, inodeOf, mountOf, rDentry, rInode, taskOf } from '../../src/ops/vfs/world-draft.js';
import { openFile, walk } from '../helpers/fixtures.js';
import { assertStepLaws } from '../helpers/run.js';
import { withTree } from '../helpers/tree.js';

const OK0: SysResult = { ok: true, ret: 0 };
const fail = (errno: string): SysResult => ({ ok: false, errno }) as SysResult;

function call(w: World, sc: Syscall): { world: World; result: SysResult } {
  const out = step(w, 1, sc);
  assertStepLaws(w, out.world, out.result, JSON.stringify(sc).slice(0, 120));
  return out;
}

const mknod = (w: World, path: string, mode: number) => call(w, { call: 'mknod', path, mode, dev: 0 });

function inodeAt(w: World, name: string): Inode {
  const ino = rDentry(w, walk(w, name).dentry).d_inode;
  if (ino === null) throw new Error('negative');
  return rInode(w, ino);
}

function chmodDir(w: World, name: string, mode: number, gid = 0): World {
  const p = walk(w, name);
  return produce(w, (d) => {
    const ino = dentryOf(d, p.dentry).d_inode;
    if (ino === null) throw new Error('negative');
    inodeOf(d, ino).i_mode = S_IFDIR | mode;
    inodeOf(d, ino).i_gid = gid;
  });
}

/** d: a directory everyone may write; sg: a set-group-ID one of group 1234; ro: root's 0755. */
function base(): World {
  const w = withTree(bootWorld(), { d: {}, sg: {}, ro: {}, f: 'x', dl: { symlink: 'nowhere' } });
  return chmodDir(chmodDir(w, 'd', 0o777), 'sg', 0o2777, 1234);
}

describe('mknod (fs/namei.c do_mknodat, may_mknod, vfs_create, vfs_mknod)', () => {
  it('creates a fifo with mode & ~umask (mkfifo)', () => {
    const { world, result } = mknod(base(), 'p', S_IFIFO | 0o666);
    expect(result).toEqual(OK0);
    const i = inodeAt(world, 'p');
    expect(i.type).toBe('fifo');
    expect(i.i_mode).toBe(S_IFIFO | 0o644);
    expect(i.i_nlink).toBe(1);
    expect(i.i_pipe).toBeNull();
  });

  it('creates a regular file for S_IFREG and for type 0', () => {
    const a = mknod(base(), 'r', S_IFREG | 0o644);
    expect(inodeAt(a.world, 'r').i_mode).toBe(S_IFREG | 0o644);
    const b = mknod(base(), 'z', 0);
    expect(inodeAt(b.world, 'z').i_mode).toBe(S_IFREG);
    expect(inodeAt(b.world, 'z').i_size).toBe(0);
  });

  it('keeps set-ID and sticky bits for root (07777 under umask 022 is 07755)', () => {
    expect(inodeAt(mknod(base(), 'r', S_IFREG | 0o7777).world, 'r').i_mode).toBe(S_IFREG | 0o7755);
    expect(inodeAt(mknod(base(), 'p', S_IFIFO | 0o7777).world, 'p').i_mode).toBe(S_IFIFO | 0o7755);
  });

  it('owns the new file by the task; a set-group-ID directory gives its group', () => {
    const w = asUser(base(), 1000, 100);
    expect(inodeAt(mknod(w, 'd/r', S_IFREG | 0o600).world, 'd/r')).toMatchObject({ i_uid: 1000, i_gid: 100 });
    expect(inodeAt(mknod(w, 'sg/r', S_IFREG | 0o600).world, 'sg/r')).toMatchObject({ i_uid: 1000, i_gid: 1234 });
  });

  it('strips S_ISGID from a group-executable file of a non-member in a set-group-ID directory', () => {
    const w = asUser(base(), 65534, 65534);
    expect(inodeAt(mknod(w, 'sg/f', S_IFREG | 0o2770).world, 'sg/f').i_mode).toBe(S_IFREG | 0o750);
    expect(inodeAt(mknod(w, 'sg/p', S_IFIFO | 0o2770).world, 'sg/p').i_mode).toBe(S_IFIFO | 0o750);
    expect(inodeAt(mknod(w, 'sg/n', S_IFREG | 0o2640).world, 'sg/n').i_mode).toBe(S_IFREG | 0o2640);
    const root = base();
    expect(inodeAt(mknod(root, 'sg/f', S_IFREG | 0o2770).world, 'sg/f').i_mode).toBe(S_IFREG | 0o2750);
  });

  it('tests the group-exec bit for mode_strip_sgid before the umask clears it', () => {
    const w = asUser(base(), 65534, 65534, 0o010);
    expect(inodeAt(mknod(w, 'sg/g', S_IFREG | 0o2010).world, 'sg/g').i_mode).toBe(S_IFREG);
  });

  it('refuses S_IFDIR with EPERM and an unknown type with EINVAL, before any lookup', () => {
    expect(mknod(base(), 'm', S_IFDIR | 0o755).result).toEqual(fail('EPERM'));
    expect(mknod(base(), 'm', 0o170000 | 0o644).result).toEqual(fail('EINVAL'));
    expect(mknod(base(), 'f', 0o170000).result).toEqual(fail('EINVAL'));
    expect(mknod(base(), 'f', S_IFDIR).result).toEqual(fail('EPERM'));
    expect(mknod(base(), 'nope/x', S_IFDIR).result).toEqual(fail('EPERM'));
  });

  it('refuses a device from a user without CAP_MKNOD with EPERM, after EEXIST, ENOENT and EACCES', () => {
    const w = asUser(base(), 1000, 1000);
    expect(mknod(w, 'd/c', S_IFCHR | 0o644).result).toEqual(fail('EPERM'));
    expect(mknod(w, 'd/b', S_IFBLK | 0o644).result).toEqual(fail('EPERM'));
    expect(mknod(w, 'f', S_IFCHR | 0o644).result).toEqual(fail('EEXIST'));
    expect(mknod(w, 'nope/c', S_IFCHR | 0o644).result).toEqual(fail('ENOENT'));
    expect(mknod(w, 'ro/c', S_IFCHR | 0o644).result).toEqual(fail('EACCES'));
  });

  it('does not model devices or sockets', () => {
    expect(() => mknod(base(), 'c', S_IFCHR | 0o644)).toThrow(Unmodelled);
    expect(() => mknod(base(), 'b', S_IFBLK | 0o644)).toThrow(Unmodelled);
    expect(() => mknod(base(), 's', S_IFSOCK | 0o644)).toThrow(Unmodelled);
  });

  it('refuses an existing name with EEXIST, a dangling symlink included', () => {
    expect(mknod(base(), 'f', S_IFIFO | 0o644).result).toEqual(fail('EEXIST'));
    expect(mknod(base(), 'dl', S_IFIFO | 0o644).result).toEqual(fail('EEXIST'));
    expect(mknod(base(), 'd/', S_IFIFO | 0o644).result).toEqual(fail('EEXIST'));
  });

  it('refuses a new name with a trailing slash with ENOENT', () => {
    expect(mknod(base(), 'g/', S_IFREG | 0o644).result).toEqual(fail('ENOENT'));
    expect(mknod(base(), 'g/', S_IFIFO | 0o644).result).toEqual(fail('ENOENT'));
  });

  it('answers ENOENT, ENOTDIR and ENAMETOOLONG for bad names', () => {
    expect(mknod(base(), 'nope/p', S_IFIFO).result).toEqual(fail('ENOENT'));
    expect(mknod(base(), 'f/p', S_IFIFO).result).toEqual(fail('ENOTDIR'));
    expect(mknod(base(), 'n'.repeat(256), S_IFIFO).result).toEqual(fail('ENAMETOOLONG'));
  });

  it('answers EROFS on a read-only mount, after EEXIST and the trailing-slash ENOENT', () => {
    const w = produce(base(), (d) => {
      mountOf(d, taskOf(d, 1).root.mnt).mnt_flags |= MNT_READONLY;
    });
    expect(mknod(w, 'p', S_IFIFO | 0o644).result).toEqual(fail('EROFS'));
    expect(mknod(w, 'f', S_IFIFO | 0o644).result).toEqual(fail('EEXIST'));
    expect(mknod(w, 'p/', S_IFIFO | 0o644).result).toEqual(fail('ENOENT'));
    expect(mknod(asUser(w, 1000, 1000, 0o022), 'c', S_IFCHR | 0o644).result).toEqual(fail('EROFS'));
  });

  it('answers EACCES to a user who may not write the directory', () => {
    expect(mknod(asUser(base(), 1000, 1000), 'ro/p', S_IFIFO | 0o644).result).toEqual(fail('EACCES'));
  });

  it('creates relative to a directory fd with mknodat', () => {
    const { world, fd } = openFile(base(), 'd', 0);
    const out = call(world, { call: 'mknodat', dirfd: fd, path: 'p', mode: S_IFIFO | 0o600, dev: 0 });
    expect(out.result).toEqual(OK0);
    expect(inodeAt(out.world, 'd/p').i_mode).toBe(S_IFIFO | 0o600);
  });

  it('answers ENOENT for a closed fd in /proc/self/fd', () => {
    expect(mknod(base(), '/proc/self/fd/99', S_IFIFO | 0o644).result).toEqual(fail('ENOENT'));
  });
});
