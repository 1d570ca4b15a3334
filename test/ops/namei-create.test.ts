import { asUser } from '../helpers/as-user.js';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { AT_FDCWD } from '../../src/model/flags.js';
import { S_DEAD, S_IMMUTABLE } from '../../src/model/inode.js';
import { MNT_READONLY } from '../../src/model/mount.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { filenameCreate, mayCreate } from '../../src/ops/vfs/namei-create.js';
import { Unmodelled } from '../../src/model/errors.js';
import { dentryOf, inodeOf, mountOf, rDentry, rTask, taskOf } from '../../src/ops/vfs/world-draft.js';
import { openFile, walk } from '../helpers/fixtures.js';
import { withTree } from '../helpers/tree.js';

const base = (): World => withTree(bootWorld(), { d: { sub: {}, f: 'x' }, f: 'x', dl: { symlink: 'nowhere' } });

function create(w: World, name: string, isDir = false, dfd = AT_FDCWD) {
  return filenameCreate(w, rTask(w, 1), dfd, name, { isDir });
}

function errnoOf(w: World, name: string, isDir = false): string {
  const r = create(w, name, isDir);
  return r.ok ? 'ok' : r.errno;
}

/** Set permission bits (and owner) of what `name` leads to. */
function chmod(w: World, name: string, perm: number, uid = 0, gid = 0): World {
  const p = walk(w, name);
  return produce(w, (d) => {
    const ino = dentryOf(d, p.dentry).d_inode;
    if (ino === null) throw new Error('negative');
    const inode = inodeOf(d, ino);
    inode.i_mode = (inode.i_mode & ~0o7777) | perm;
    inode.i_uid = uid;
    inode.i_gid = gid;
  });
}

function readonlyRoot(w: World): World {
  return produce(w, (d) => {
    mountOf(d, taskOf(d, 1).root.mnt).mnt_flags |= MNT_READONLY;
  });
}

function setFlag(w: World, name: string, flag: number): World {
  const p = walk(w, name);
  return produce(w, (d) => {
    const ino = dentryOf(d, p.dentry).d_inode;
    if (ino !== null) inodeOf(d, ino).i_flags |= flag;
  });
}

describe('filenameCreate (fs/namei.c filename_create)', () => {
  it('returns the parent directory and the last name for a new name', () => {
    const w = base();
    const r = create(w, 'd/new');
    expect(r).toEqual({ ok: true, value: { dir: walk(w, 'd'), last: 'new' } });
  });

  it('resolves a relative name against the directory fd', () => {
    const { world, fd } = openFile(base(), 'd', 0);
    const r = create(world, 'new', false, fd);
    expect(r).toEqual({ ok: true, value: { dir: walk(world, 'd'), last: 'new' } });
  });

  it('refuses an existing name with EEXIST', () => {
    expect(errnoOf(base(), 'd/f')).toBe('EEXIST');
    expect(errnoOf(base(), 'd/sub', true)).toBe('EEXIST');
  });

  it('refuses a dangling symlink at the name with EEXIST', () => {
    expect(errnoOf(base(), 'dl')).toBe('EEXIST');
    expect(errnoOf(base(), 'dl/', true)).toBe('EEXIST');
  });

  it('answers EEXIST for ".", ".." and "/" as the last component', () => {
    for (const n of ['d/.', 'd/..', '/', '.', '//']) expect(errnoOf(base(), n, true), n).toBe('EEXIST');
  });

  it('passes filename_parentat errors through: ENOENT, ENOTDIR, empty name, PATH_MAX', () => {
    expect(errnoOf(base(), 'nope/x')).toBe('ENOENT');
    expect(errnoOf(base(), 'f/x')).toBe('ENOTDIR');
    expect(errnoOf(base(), '')).toBe('ENOENT');
    expect(errnoOf(base(), 'a'.repeat(4096))).toBe('ENAMETOOLONG');
  });

  it('refuses a 256-byte last name with ENAMETOOLONG but accepts 255 bytes', () => {
    expect(errnoOf(base(), 'n'.repeat(256))).toBe('ENAMETOOLONG');
    expect(errnoOf(base(), 'n'.repeat(255))).toBe('ok');
  });

  it('refuses a trailing slash on a new non-directory with ENOENT, and allows it for a directory', () => {
    expect(errnoOf(base(), 'g/')).toBe('ENOENT');
    expect(errnoOf(base(), 'g/', true)).toBe('ok');
    expect(errnoOf(base(), 'g//', true)).toBe('ok');
  });

  it('reports EROFS only after EEXIST, the trailing-slash ENOENT and ENAMETOOLONG', () => {
    const w = readonlyRoot(base());
    expect(errnoOf(w, 'new', true)).toBe('EROFS');
    expect(errnoOf(w, 'f')).toBe('EEXIST');
    expect(errnoOf(w, 'd/.')).toBe('EEXIST');
    expect(errnoOf(w, 'new/')).toBe('ENOENT');
    expect(errnoOf(w, 'nope/x')).toBe('ENOENT');
    expect(errnoOf(w, 'n'.repeat(256))).toBe('ENAMETOOLONG');
  });

  it('needs search permission on the parent itself, before EEXIST and EEXIST for "."', () => {
    const w = asUser(chmod(base(), 'd', 0o766), 1000, 1000);
    expect(errnoOf(w, 'd/x')).toBe('EACCES');
    expect(errnoOf(w, 'd/f')).toBe('EACCES');
    expect(errnoOf(w, 'd/.', true)).toBe('EACCES');
  });

  it('does not check write permission (that is may_create)', () => {
    const w = asUser(base(), 1000, 1000);
    expect(errnoOf(w, 'd/x')).toBe('ok');
  });

  it('answers ENOENT in a dead directory, before ENAMETOOLONG, but EEXIST for "."', () => {
    const w = setFlag(base(), 'd/sub', S_DEAD);
    expect(errnoOf(w, 'd/sub/x', true)).toBe('ENOENT');
    expect(errnoOf(w, 'd/sub/' + 'n'.repeat(256))).toBe('ENOENT');
    expect(errnoOf(w, 'd/sub/.', true)).toBe('EEXIST');
  });

  it('answers EEXIST for an open fd and ENOENT for a closed one in /proc/self/fd', () => {
    const { world, fd } = openFile(base(), 'f', 0);
    expect(errnoOf(world, `/proc/self/fd/${fd}`, true)).toBe('EEXIST');
    expect(errnoOf(world, '/proc/self/fd/99', true)).toBe('ENOENT');
    expect(errnoOf(world, '/proc/self/fd/99/', true)).toBe('ENOENT');
    expect(errnoOf(world, '/proc/self', true)).toBe('EEXIST');
  });

  it('does not guess about /proc entries the model does not know', () => {
    expect(() => create(base(), '/proc/self/status')).toThrow(Unmodelled);
    expect(() => create(base(), '/proc/mounts')).toThrow(Unmodelled);
  });
});

describe('mayCreate (fs/namei.c may_create)', () => {
  const dirOf = (w: World, name: string) => walk(w, name).dentry;

  it('allows root anywhere that is not dead', () => {
    const w = chmod(base(), 'd', 0o000);
    expect(mayCreate(w, rTask(w, 1), dirOf(w, 'd'))).toBeNull();
  });

  it('needs write and search permission on the directory (EACCES)', () => {
    const w = asUser(chmod(chmod(base(), 'd', 0o755, 1000, 1000), 'd/sub', 0o755), 1000, 1000);
    expect(mayCreate(w, rTask(w, 1), dirOf(w, 'd'))).toBeNull();
    expect(mayCreate(w, rTask(w, 1), dirOf(w, 'd/sub'))).toBe('EACCES');
    const noExec = chmod(w, 'd', 0o600, 1000, 1000);
    expect(mayCreate(noExec, rTask(noExec, 1), dirOf(w, 'd'))).toBe('EACCES');
  });

  it('answers ENOENT for a dead directory', () => {
    const w = setFlag(base(), 'd', S_DEAD);
    expect(mayCreate(w, rTask(w, 1), dirOf(w, 'd'))).toBe('ENOENT');
  });

  it('answers EPERM for an immutable directory (inode_permission)', () => {
    const w = setFlag(base(), 'd', S_IMMUTABLE);
    expect(mayCreate(w, rTask(w, 1), dirOf(w, 'd'))).toBe('EPERM');
  });

  it('reads the world without changing it', () => {
    const w = base();
    const before = JSON.stringify(w);
    create(w, 'd/new');
    mayCreate(w, rTask(w, 1), dirOf(w, 'd'));
    expect(JSON.stringify(w)).toBe(before);
    expect(rDentry(w, dirOf(w, 'd')).d_children['new']).toBeUndefined();
  });
});
