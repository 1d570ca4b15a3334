import { asUser } from '../helpers/as-user.js';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { MNT_READONLY } from '../../src/model/mount.js';
import { S_IFDIR, S_IFLNK } from '../../src/model/modes.js';
import type { Inode } from '../../src/model/inode.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { dentryOf, inodeOf, mountOf, rDentry, rInode, rTask, taskOf } from '../../src/ops/vfs/world-draft.js';
import { openFile } from '../helpers/fixtures.js';
import { assertStepLaws } from '../helpers/run.js';
import { withTree } from '../helpers/tree.js';
import { filenameParentat } from '../../src/ops/vfs/namei.js';
import { AT_FDCWD } from '../../src/model/flags.js';

const OK0: SysResult = { ok: true, ret: 0 };
const fail = (errno: string): SysResult => ({ ok: false, errno }) as SysResult;

function call(w: World, sc: Syscall): { world: World; result: SysResult } {
  const out = step(w, 1, sc);
  assertStepLaws(w, out.world, out.result, JSON.stringify(sc).slice(0, 120));
  return out;
}

const symlink = (w: World, target: string, linkpath: string) => call(w, { call: 'symlink', target, linkpath });

/** The inode at `name` without following a final symlink. */
function lnodeAt(w: World, name: string): Inode {
  const p = filenameParentat(w, rTask(w, 1), AT_FDCWD, name);
  if (!p.ok || p.value.dir.kind !== 'path') throw new Error(`no parent for ${name}`);
  const child = rDentry(w, p.value.dir.path.dentry).d_children[p.value.last];
  const ino = child === undefined ? null : rDentry(w, child).d_inode;
  if (ino === null) throw new Error(`${name} is negative`);
  return rInode(w, ino);
}

const base = (): World => withTree(bootWorld(), { d: {}, f: 'x', dl: { symlink: 'nowhere' } });

describe('symlink (fs/namei.c do_symlinkat, vfs_symlink)', () => {
  it('creates a symlink holding the target, sized by its length, mode 0777 whatever the umask', () => {
    const { world, result } = symlink(asUser(base(), 0, 0, 0o077), 'some/where', 'l');
    expect(result).toEqual(OK0);
    const i = lnodeAt(world, 'l');
    expect(i.type).toBe('symlink');
    expect(i.i_mode).toBe(S_IFLNK | 0o777);
    expect(i.i_link).toBe('some/where');
    expect(i.i_size).toBe(10);
    expect(i.i_nlink).toBe(1);
  });

  it('does not change the parent directory link count', () => {
    const w = base();
    const before = lnodeAt(w, 'd').i_nlink;
    expect(lnodeAt(symlink(w, 'x', 'd/l').world, 'd').i_nlink).toBe(before);
  });

  it('owns the link by the task and takes a set-group-ID directory group', () => {
    const w = produce(base(), (d) => {
      const dir = dentryOf(d, taskOf(d, 1).root.dentry).d_children['d'];
      const ino = dir === undefined ? null : dentryOf(d, dir).d_inode;
      if (ino === null) throw new Error('no d');
      inodeOf(d, ino).i_mode = S_IFDIR | 0o2777;
      inodeOf(d, ino).i_gid = 1234;
    });
    const i = lnodeAt(symlink(asUser(w, 1000, 100, 0o022), 'x', 'd/l').world, 'd/l');
    expect([i.i_uid, i.i_gid, i.i_mode]).toEqual([1000, 1234, S_IFLNK | 0o777]);
  });

  it('refuses an empty target with ENOENT before looking at the new name', () => {
    expect(symlink(base(), '', 'l').result).toEqual(fail('ENOENT'));
    expect(symlink(base(), '', 'f').result).toEqual(fail('ENOENT'));
  });

  it('refuses a target of PATH_MAX bytes with ENAMETOOLONG, accepts PATH_MAX - 1', () => {
    expect(symlink(base(), 't'.repeat(4096), 'f').result).toEqual(fail('ENAMETOOLONG'));
    const { world, result } = symlink(base(), 't'.repeat(4095), 'l');
    expect(result).toEqual(OK0);
    expect(lnodeAt(world, 'l').i_size).toBe(4095);
  });

  it('refuses an existing name with EEXIST, a dangling symlink included', () => {
    for (const n of ['f', 'd', 'dl', 'd/.', '/']) expect(symlink(base(), 'x', n).result, n).toEqual(fail('EEXIST'));
  });

  it('refuses a new name with a trailing slash with ENOENT', () => {
    expect(symlink(base(), 'x', 'g/').result).toEqual(fail('ENOENT'));
  });

  it('answers ENOENT, ENOTDIR and ENAMETOOLONG for a bad link path', () => {
    expect(symlink(base(), 'x', 'nope/l').result).toEqual(fail('ENOENT'));
    expect(symlink(base(), 'x', 'f/l').result).toEqual(fail('ENOTDIR'));
    expect(symlink(base(), 'x', 'n'.repeat(256)).result).toEqual(fail('ENAMETOOLONG'));
  });

  it('answers EROFS on a read-only mount for a new name, EEXIST for an existing one', () => {
    const w = produce(base(), (d) => {
      mountOf(d, taskOf(d, 1).root.mnt).mnt_flags |= MNT_READONLY;
    });
    expect(symlink(w, 'x', 'l').result).toEqual(fail('EROFS'));
    expect(symlink(w, 'x', 'f').result).toEqual(fail('EEXIST'));
  });

  it('answers EACCES to a user who may not write the directory', () => {
    expect(symlink(asUser(base(), 1000, 1000), 'x', 'd/l').result).toEqual(fail('EACCES'));
  });

  it('creates relative to a directory fd with symlinkat', () => {
    const { world, fd } = openFile(base(), 'd', 0);
    const out = call(world, { call: 'symlinkat', target: '../f', newdirfd: fd, linkpath: 'l' });
    expect(out.result).toEqual(OK0);
    expect(lnodeAt(out.world, 'd/l').i_link).toBe('../f');
  });

  it('answers ENOENT for a closed fd in /proc/self/fd', () => {
    expect(symlink(base(), 'x', '/proc/self/fd/99').result).toEqual(fail('ENOENT'));
  });
});
