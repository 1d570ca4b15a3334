import { asUser } from '../helpers/as-user.js';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { Unmodelled } from '../../src/model/errors.js';
import { step } from '../../src/ops/run/step.js';
import { dPath } from '../../src/ops/vfs/d-path.js';
import { dDelete } from '../../src/ops/vfs/dcache.js';
import { clearNlink, dropNlink, orphanAdd } from '../../src/ops/vfs/refs.js';
import { detachMounts, isLocalMountpoint, mntIsReadonly } from '../../src/ops/vfs/namespace.js';
import { dentryOf, inodeOf, rMount, rSb, rTask } from '../../src/ops/vfs/world-draft.js';
import {
  CLONE_FILES,
  CLONE_NEWNS,
  MNT_DETACH,
  MNT_EXPIRE,
  MNT_FORCE,
  MS_BIND,
  MS_MGC_VAL,
  MS_MOVE,
  MS_NOSUID,
  MS_PRIVATE,
  MS_RDONLY,
  MS_REC,
  MS_REMOUNT,
  MS_SHARED,
  MS_SILENT,
  MS_SLAVE,
  MS_UNBINDABLE,
  O_DIRECTORY,
  O_PATH,
  O_RDONLY,
  O_RDWR,
  UMOUNT_NOFOLLOW,
} from '../../src/model/flags.js';
import { MNT_NOSUID, MNT_READONLY } from '../../src/model/mount.js';
import { S_DEAD } from '../../src/model/inode.js';
import { SB_RDONLY } from '../../src/model/superblock.js';
import type { MountId } from '../../src/model/ids.js';
import type { World } from '../../src/model/world.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { assertStepLaws } from '../helpers/run.js';
import { withTree } from '../helpers/tree.js';
import { closeFile, create, dCount, openFile, unlinkFile, walk } from '../helpers/fixtures.js';

function call(w: World, pid: number, sc: Syscall): { world: World; result: SysResult } {
  const out = step(w, pid, sc);
  assertStepLaws(w, out.world, out.result, `${pid} ${JSON.stringify(sc)}`);
  return out;
}
const OK0: SysResult = { ok: true, ret: 0 };
const ERR = (errno: string): SysResult => ({ ok: false, errno }) as SysResult;

const mountSc = (source: string, target: string, fstype: string, flags = 0, data = ''): Syscall => ({
  call: 'mount',
  source,
  target,
  fstype,
  flags,
  data,
});
const umountSc = (target: string, flags = 0): Syscall => ({ call: 'umount2', target, flags });
/** Run calls as pid 1, each expected to succeed. */
function okAll(w: World, calls: readonly Syscall[], pid = 1): World {
  let cur = w;
  for (const sc of calls) {
    const out = call(cur, pid, sc);
    expect(out.result, JSON.stringify(sc)).toEqual(OK0);
    cur = out.world;
  }
  return cur;
}
const res = (w: World, sc: Syscall, pid = 1): SysResult => call(w, pid, sc).result;
/** The world without its id counters: after mount and umount it is what it was. */
const shape = (w: World): unknown => ({ ...w, next: null });

const base = withTree(bootWorld(), { a: {}, b: {}, c: {}, file: 'x', file2: 'y', la: { symlink: 'a' } });
const rootMnt = (w: World): MountId => rTask(w, 1).root.mnt;

describe('mount: new mounts (fs/namespace.c do_new_mount)', () => {
  it('mount tmpfs makes a superblock and a mount on the target, which the walk then enters', () => {
    const w = okAll(base, [mountSc('none', 'a', 'tmpfs')]);
    const p = walk(w, 'a');
    const m = rMount(w, p.mnt);
    expect(p.mnt).not.toBe(rootMnt(w));
    expect(p.dentry).toBe(m.mnt_root);
    expect(m.mnt_count).toBe(1);
    expect(m.mnt_parent).toBe(rootMnt(w));
    expect(m.mnt_devname).toBe('none');
    expect(rSb(w, m.mnt_sb)).toMatchObject({ s_type: 'tmpfs', s_active: 1 });
    expect(dCount(w, m.mnt_mountpoint)).toBe(1);
    expect(rMount(w, rootMnt(w)).mnt_count).toBe(rMount(base, rootMnt(base)).mnt_count + 1);
  });

  it('a fresh tmpfs root is 01777 unless mode= says otherwise (shmem_fill_super)', () => {
    const w1 = okAll(base, [mountSc('none', 'a', 'tmpfs')]);
    const root1 = w1.dentries[walk(w1, 'a').dentry]?.d_inode ?? -1;
    expect((w1.inodes[root1]?.i_mode ?? 0) & 0o7777).toBe(0o1777);
    const w2 = okAll(base, [mountSc('none', 'a', 'tmpfs', 0, 'size=1m,mode=700')]);
    const root2 = w2.dentries[walk(w2, 'a').dentry]?.d_inode ?? -1;
    expect((w2.inodes[root2]?.i_mode ?? 0) & 0o7777).toBe(0o700);
  });

  it('mount then umount gives back the world as it was', () => {
    const w = okAll(base, [mountSc('none', 'a', 'tmpfs'), umountSc('a')]);
    expect(shape(w)).toEqual(shape(base));
  });

  it('mount follows a symlink target (user_path_at LOOKUP_FOLLOW)', () => {
    const w = okAll(base, [mountSc('none', 'la', 'tmpfs')]);
    expect(walk(w, 'a').mnt).not.toBe(rootMnt(w));
  });

  it('an unknown file system type is ENODEV, after the target walk', () => {
    expect(res(base, mountSc('none', 'a', 'nosuchfs'))).toEqual(ERR('ENODEV'));
    expect(res(base, mountSc('none', 'a', ''))).toEqual(ERR('ENODEV'));
    expect(res(base, mountSc('none', 'nope', 'nosuchfs'))).toEqual(ERR('ENOENT'));
  });

  it('a file as the target of a new mount is ENOTDIR (graft_tree)', () => {
    expect(res(base, mountSc('none', 'file', 'tmpfs'))).toEqual(ERR('ENOTDIR'));
    expect(res(base, mountSc('none', 'file/', 'tmpfs'))).toEqual(ERR('ENOTDIR'));
  });

  it('an option the file system does not have is EINVAL', () => {
    expect(res(base, mountSc('none', 'a', 'tmpfs', 0, 'bogus'))).toEqual(ERR('EINVAL'));
    expect(res(base, mountSc('/dev/x', 'a', 'ext4', 0, 'noatime'))).toEqual(ERR('EINVAL'));
    expect(res(base, mountSc('none', 'a', 'tmpfs', 0, 'size=1m,nr_inodes=10'))).toEqual(OK0);
  });

  it('MS_NOUSER is EINVAL and comes before the EPERM of a non-root caller', () => {
    const user = withTree(bootWorld({ uid: 1000, gid: 1000 }), { a: {} });
    expect(res(user, mountSc('none', 'a', 'tmpfs', 2 ** 31))).toEqual(ERR('EINVAL'));
    expect(res(user, mountSc('none', 'a', 'tmpfs'))).toEqual(ERR('EPERM'));
    expect(res(user, mountSc('none', 'nope', 'tmpfs'))).toEqual(ERR('ENOENT'));
  });

  it('the MS_MGC_VAL magic in the high bits is discarded', () => {
    const w = okAll(base, [mountSc('none', 'a', 'tmpfs', MS_MGC_VAL | MS_RDONLY)]);
    expect(mntIsReadonly(w, walk(w, 'a').mnt)).toBe(true);
  });

  it('MS_RDONLY makes the mount MNT_READONLY and a fresh superblock SB_RDONLY', () => {
    const w = okAll(base, [mountSc('none', 'a', 'tmpfs', MS_RDONLY | MS_NOSUID)]);
    const m = rMount(w, walk(w, 'a').mnt);
    expect(m.mnt_flags & MNT_READONLY).toBe(MNT_READONLY);
    expect(rSb(w, m.mnt_sb).s_flags & SB_RDONLY).toBe(SB_RDONLY);
  });

  it('a second mount on the same place stacks on top; umount takes the top one', () => {
    let w = okAll(base, [mountSc('one', 'a', 'tmpfs'), mountSc('two', 'a', 'tmpfs')]);
    expect(rMount(w, walk(w, 'a').mnt).mnt_devname).toBe('two');
    w = okAll(w, [umountSc('a')]);
    expect(rMount(w, walk(w, 'a').mnt).mnt_devname).toBe('one');
  });

  it('mounting on "." from a cwd already covered goes on top of the stack (lock_mount)', () => {
    let w = okAll(base, [{ call: 'chdir', path: 'a' }, mountSc('t1', '.', 'tmpfs'), mountSc('t2', '.', 'tmpfs')]);
    expect(rMount(w, walk(w, '/a').mnt).mnt_devname).toBe('t2');
    expect(rMount(w, rMount(w, walk(w, '/a').mnt).mnt_parent).mnt_devname).toBe('t1');
    w = okAll(w, [umountSc('.'), umountSc('.')]);
    expect(res(w, umountSc('.'))).toEqual(ERR('EINVAL'));
  });

  it('mounting on a removed directory is ENOENT (cant_mount)', () => {
    let w = okAll(base, [{ call: 'chdir', path: 'c' }]);
    const c = walk(w, '/c').dentry;
    w = produce(w, (d) => {
      const ino = dentryOf(d, c).d_inode;
      const parent = dentryOf(d, dentryOf(d, c).d_parent).d_inode;
      if (ino === null || parent === null) throw new Error('setup');
      clearNlink(d, ino);
      orphanAdd(d, ino); // ext4_rmdir: the cwd still uses it
      inodeOf(d, ino).i_flags |= S_DEAD;
      dropNlink(d, parent);
      dDelete(d, c);
    });
    expect(res(w, mountSc('none', '.', 'tmpfs'))).toEqual(ERR('ENOENT'));
  });
});

describe('mount: block devices by name (sget semantics)', () => {
  it('a device mounted twice shares one superblock (s_active 2)', () => {
    const w = okAll(base, [mountSc('/dev/sdb', 'a', 'ext4'), mountSc('/dev/sdb', 'b', 'ext4')]);
    const ma = rMount(w, walk(w, 'a').mnt);
    const mb = rMount(w, walk(w, 'b').mnt);
    expect(ma.mnt_sb).toBe(mb.mnt_sb);
    expect(ma.mnt_root).toBe(mb.mnt_root);
    expect(rSb(w, ma.mnt_sb).s_active).toBe(2);
    const back = okAll(w, [umountSc('b'), umountSc('a')]);
    expect(shape(back)).toEqual(shape(base));
  });

  it('a mounted ext4 device cannot be mounted with another read-only state, or on its own root (EBUSY)', () => {
    const w = okAll(base, [mountSc('/dev/sdb', 'a', 'ext4')]);
    expect(res(w, mountSc('/dev/sdb', 'b', 'ext4', MS_RDONLY))).toEqual(ERR('EBUSY'));
    expect(res(w, mountSc('/dev/sdb', 'a', 'ext4'))).toEqual(ERR('EBUSY'));
    const ro = okAll(base, [mountSc('/dev/sdb', 'a', 'ext4', MS_RDONLY)]);
    expect(res(ro, mountSc('/dev/sdb', 'b', 'ext4'))).toEqual(ERR('EBUSY'));
    expect(res(ro, mountSc('/dev/sdb', 'b', 'ext4', MS_RDONLY))).toEqual(OK0);
  });

  it('a device held by ext4 is EBUSY for ext3 and EINVAL for btrfs', () => {
    const w = okAll(base, [mountSc('/dev/sdb', 'a', 'ext4')]);
    expect(res(w, mountSc('/dev/sdb', 'b', 'ext3'))).toEqual(ERR('EBUSY'));
    expect(res(w, mountSc('/dev/sdb', 'b', 'btrfs'))).toEqual(ERR('EINVAL'));
  });

  it('btrfs lets read-only and read-write mounts of a device coexist (btrfs_mount)', () => {
    const w = okAll(base, [mountSc('/dev/sdc', 'a', 'btrfs', MS_RDONLY), mountSc('/dev/sdc', 'b', 'btrfs')]);
    const ma = rMount(w, walk(w, 'a').mnt);
    expect(rSb(w, ma.mnt_sb).s_flags & SB_RDONLY).toBe(0);
    expect(mntIsReadonly(w, walk(w, 'a').mnt)).toBe(true);
    expect(mntIsReadonly(w, walk(w, 'b').mnt)).toBe(false);
  });

  it('a device that is no longer mounted gets a fresh file system', () => {
    let w = okAll(base, [mountSc('/dev/sdb', 'a', 'ext4')]);
    const first = rMount(w, walk(w, 'a').mnt).mnt_sb;
    w = okAll(w, [umountSc('a'), mountSc('/dev/sdb', 'a', 'ext4')]);
    expect(rMount(w, walk(w, 'a').mnt).mnt_sb).not.toBe(first);
  });
});

describe('umount2 (fs/namespace.c path_umount)', () => {
  const mounted = okAll(base, [mountSc('none', 'a', 'tmpfs')]);

  it('flags other than MNT_FORCE|MNT_DETACH|MNT_EXPIRE|UMOUNT_NOFOLLOW are EINVAL before the walk', () => {
    expect(res(mounted, umountSc('nope', 0x10))).toEqual(ERR('EINVAL'));
    expect(res(mounted, umountSc('a', -1))).toEqual(ERR('EINVAL'));
  });

  it('a path that is not the root of a mount is EINVAL; a missing one ENOENT', () => {
    expect(res(mounted, umountSc('b'))).toEqual(ERR('EINVAL'));
    expect(res(mounted, umountSc('file'))).toEqual(ERR('EINVAL'));
    expect(res(mounted, umountSc('nope'))).toEqual(ERR('ENOENT'));
    const sub = okAll(create(mounted, 'a', 'sub', 'dir'), []);
    expect(res(sub, umountSc('a/sub'))).toEqual(ERR('EINVAL'));
  });

  it('a non-root caller gets EPERM after the walk (can_umount)', () => {
    const user = asUser(mounted, 1000, 0);
    expect(res(user, umountSc('nope'))).toEqual(ERR('ENOENT'));
    expect(res(user, umountSc('a'))).toEqual(ERR('EPERM'));
    expect(res(user, umountSc('b'))).toEqual(ERR('EPERM'));
  });

  it('UMOUNT_NOFOLLOW does not follow a symlink to the mount', () => {
    expect(res(mounted, umountSc('la', UMOUNT_NOFOLLOW))).toEqual(ERR('EINVAL'));
    expect(res(mounted, umountSc('la'))).toEqual(OK0);
  });

  it('a file open in the mount makes it busy (EBUSY)', () => {
    const o = openFile(create(mounted, 'a', 'x'), 'a/x', O_RDWR);
    expect(res(o.world, umountSc('a'))).toEqual(ERR('EBUSY'));
    expect(res(o.world, umountSc('a', MNT_FORCE))).toEqual(ERR('EBUSY'));
    const closed = closeFile(o.world, o.fd);
    expect(res(closed, umountSc('a'))).toEqual(OK0);
  });

  it('a cwd inside the mount makes it busy', () => {
    const w = okAll(mounted, [{ call: 'chdir', path: 'a' }]);
    expect(res(w, umountSc('/a'))).toEqual(ERR('EBUSY'));
  });

  it('a mount with a submount is busy', () => {
    const w = okAll(create(mounted, 'a', 's', 'dir'), [mountSc('none', 'a/s', 'tmpfs')]);
    expect(res(w, umountSc('a'))).toEqual(ERR('EBUSY'));
    expect(res(okAll(w, [umountSc('a/s')]), umountSc('a'))).toEqual(OK0);
  });

  it('MNT_DETACH of a busy mount detaches it now; the last close frees mount and superblock', () => {
    const o = openFile(create(mounted, 'a', 'x'), 'a/x', O_RDWR);
    const mnt = walk(o.world, 'a').mnt;
    const sb = rMount(o.world, mnt).mnt_sb;
    const w = okAll(o.world, [umountSc('a', MNT_DETACH)]);
    const m = rMount(w, mnt);
    expect(m.mnt_ns).toBeNull();
    expect(m.mnt_parent).toBe(mnt);
    expect(m.mnt_count).toBe(1);
    expect(walk(w, 'a').mnt).toBe(rootMnt(w));
    expect(rMount(w, rootMnt(w)).mnt_count).toBe(rMount(base, rootMnt(base)).mnt_count);
    expect(rSb(w, sb).s_active).toBe(1);
    const after = closeFile(w, o.fd);
    expect(after.mounts[mnt]).toBeUndefined();
    expect(after.superblocks[sb]).toBeUndefined();
    expect(shape(after)).toEqual(shape(base));
  });

  it('a file on a lazily unmounted mount is named from that mount (d_path: "/x")', () => {
    const o = openFile(create(mounted, 'a', 'x'), 'a/x', O_RDWR);
    const w = okAll(o.world, [umountSc('a', MNT_DETACH)]);
    const f = w.files[o.file];
    if (f === undefined) throw new Error('file');
    expect(dPath(w, rTask(w, 1), f.f_path)).toBe('/x');
  });

  it('MNT_DETACH takes submounts with it, each detached on its own', () => {
    let w = okAll(create(mounted, 'a', 's', 'dir'), [mountSc('none', 'a/s', 'tmpfs')]);
    const o = openFile(w, 'a/s', O_RDONLY | O_DIRECTORY);
    const sub = walk(o.world, 'a/s').mnt;
    w = okAll(o.world, [umountSc('a', MNT_DETACH)]);
    expect(rMount(w, sub)).toMatchObject({ mnt_ns: null, mnt_parent: sub, mnt_count: 1 });
    expect(Object.keys(w.mounts).length).toBe(Object.keys(base.mounts).length + 1);
    const f = w.files[o.file];
    if (f === undefined) throw new Error('file');
    expect(dPath(w, rTask(w, 1), f.f_path)).toBe('/');
    expect(shape(closeFile(w, o.fd))).toEqual(shape(base));
  });

  it('a detached mount is not in the namespace: mounting and unmounting there is EINVAL', () => {
    let w = okAll(create(mounted, 'a', 'in', 'dir'), [{ call: 'chdir', path: 'a' }, umountSc('/a', MNT_DETACH)]);
    expect(res(w, umountSc('.'))).toEqual(ERR('EINVAL'));
    // 6.1: do_add_mount's check_mnt (6.18's reworked lock_mount says ENOENT instead).
    expect(res(w, mountSc('none', 'in', 'tmpfs'))).toEqual(ERR('EINVAL'));
    expect(res(w, mountSc('/b', 'in', '', MS_BIND))).toEqual(ERR('EINVAL'));
    expect(res(w, mountSc('', '.', '', MS_PRIVATE))).toEqual(ERR('EINVAL'));
    w = okAll(w, [{ call: 'chdir', path: '/' }]);
    expect(shape(w)).toEqual(shape(base)); // the cwd was the detached mount's last user
  });

  it('MNT_EXPIRE: busy is EBUSY, otherwise EAGAIN (the expiry mark is not modelled)', () => {
    const o = openFile(create(mounted, 'a', 'x'), 'a/x', O_RDWR);
    expect(res(o.world, umountSc('a', MNT_EXPIRE))).toEqual(ERR('EBUSY'));
    expect(res(mounted, umountSc('a', MNT_EXPIRE))).toEqual(ERR('EAGAIN'));
    expect(res(mounted, umountSc('a', MNT_EXPIRE | MNT_DETACH))).toEqual(ERR('EINVAL'));
  });

  it('umount of the root without MNT_DETACH remounts it read-only (do_umount_root)', () => {
    const { world, result } = call(base, 1, umountSc('/'));
    expect(result).toEqual(OK0);
    expect(rSb(world, rMount(world, rootMnt(world)).mnt_sb).s_flags & SB_RDONLY).toBe(SB_RDONLY);
    const o = openFile(base, 'file', O_RDWR);
    expect(res(o.world, umountSc('/'))).toEqual(ERR('EBUSY'));
  });

  it('a lazy umount of the namespace root detaches the whole tree; the tasks keep their root', () => {
    const w = okAll(mounted, [umountSc('/', MNT_DETACH)]);
    expect(Object.values(w.mounts).every((m) => m.mnt_ns === null)).toBe(true);
    expect(res(w, umountSc('/'))).toEqual(ERR('EINVAL'));
    expect(res(w, mountSc('none', '/b', 'tmpfs'))).toEqual(ERR('EINVAL'));
    const gone = okAll(w, [{ call: 'exit_group', status: 0 }]);
    expect(Object.keys(gone.mounts).length).toBe(0);
    expect(Object.keys(gone.superblocks).length).toBe(0);
  });

  it('a mount of another namespace is EINVAL to umount (check_mnt)', () => {
    const o = openFile(mounted, 'a', O_PATH);
    let w = call(o.world, 1, { call: 'clone', flags: CLONE_NEWNS | CLONE_FILES | 17 }).world;
    w = okAll(w, [{ call: 'fchdir', fd: o.fd }], 2);
    expect(res(w, umountSc('.'), 2)).toEqual(ERR('EINVAL'));
  });
});

describe('bind mounts (do_loopback)', () => {
  it('MS_BIND mounts the same superblock rooted at the source dentry', () => {
    const src = create(base, 'a', 'sub', 'dir');
    const w = okAll(src, [mountSc('a/sub', 'b', '', MS_BIND)]);
    const m = rMount(w, walk(w, 'b').mnt);
    expect(m.mnt_root).toBe(walk(w, 'a/sub').dentry);
    expect(m.mnt_sb).toBe(rMount(w, rootMnt(w)).mnt_sb);
    expect(rSb(w, m.mnt_sb).s_active).toBe(2);
    expect(shape(okAll(w, [umountSc('b')]))).toEqual(shape(src));
  });

  it('a file binds onto a file; a directory onto a file or a file onto a directory is ENOTDIR', () => {
    const w = okAll(base, [mountSc('file', 'file2', '', MS_BIND)]);
    expect(walk(w, 'file2').dentry).toBe(walk(w, 'file').dentry);
    expect(res(base, mountSc('a', 'file2', '', MS_BIND))).toEqual(ERR('ENOTDIR'));
    expect(res(base, mountSc('file', 'b', '', MS_BIND))).toEqual(ERR('ENOTDIR'));
  });

  it('an empty source is EINVAL; a missing one ENOENT', () => {
    expect(res(base, mountSc('', 'b', '', MS_BIND))).toEqual(ERR('EINVAL'));
    expect(res(base, mountSc('nope', 'b', '', MS_BIND))).toEqual(ERR('ENOENT'));
  });

  it('MS_BIND|MS_RDONLY does not make the bind read-only; it inherits the source mount flags', () => {
    const w = okAll(base, [mountSc('a', 'b', '', MS_BIND | MS_RDONLY)]);
    expect(mntIsReadonly(w, walk(w, 'b').mnt)).toBe(false);
    const ro = okAll(base, [mountSc('none', 'a', 'tmpfs', MS_RDONLY), mountSc('a', 'b', '', MS_BIND)]);
    expect(mntIsReadonly(ro, walk(ro, 'b').mnt)).toBe(true);
  });

  it('without MS_REC submounts stay behind; with it those below the source come along', () => {
    let w = create(base, 'a', 's', 'dir');
    w = create(w, 'a/s', 't', 'dir');
    w = create(w, 'a', 'o', 'dir');
    w = okAll(w, [mountSc('s1', 'a/s/t', 'tmpfs'), mountSc('o1', 'a/o', 'tmpfs')]);
    const plain = okAll(w, [mountSc('a/s', 'b', '', MS_BIND)]);
    expect(walk(plain, 'b/t').mnt).toBe(walk(plain, 'b').mnt);
    const rec = okAll(w, [mountSc('a/s', 'b', '', MS_BIND | MS_REC)]);
    const t = rMount(rec, walk(rec, 'b/t').mnt);
    expect(t.mnt_devname).toBe('s1');
    expect(t.mnt_parent).toBe(walk(rec, 'b').mnt);
    expect(Object.keys(rec.mounts).length).toBe(Object.keys(w.mounts).length + 2);
    expect(res(rec, umountSc('b'))).toEqual(ERR('EBUSY'));
    expect(shape(okAll(rec, [umountSc('b/t'), umountSc('b')]))).toEqual(shape(w));
  });

  it('MS_REC bind of a tree onto a place inside it copies the tree once', () => {
    const w = okAll(create(base, 'a', 's', 'dir'), [mountSc('none', 'a', 'tmpfs')]);
    const w2 = okAll(create(w, 'a', 'in', 'dir'), [mountSc('/a', '/a/in', '', MS_BIND | MS_REC)]);
    expect(Object.keys(w2.mounts).length).toBe(Object.keys(w.mounts).length + 1);
  });
});

describe('remount (do_remount, do_reconfigure_mnt)', () => {
  const two = okAll(base, [mountSc('dev', 'a', 'tmpfs'), mountSc('a', 'b', '', MS_BIND)]);

  it('MS_REMOUNT|MS_BIND|MS_RDONLY makes only that mount read-only', () => {
    const w = okAll(two, [mountSc('', 'b', '', MS_REMOUNT | MS_BIND | MS_RDONLY)]);
    expect(mntIsReadonly(w, walk(w, 'b').mnt)).toBe(true);
    expect(mntIsReadonly(w, walk(w, 'a').mnt)).toBe(false);
    const back = okAll(w, [mountSc('', 'b', '', MS_REMOUNT | MS_BIND)]);
    expect(mntIsReadonly(back, walk(back, 'b').mnt)).toBe(false);
  });

  it('a mount with a file open for writing cannot go read-only (mnt_make_readonly: EBUSY)', () => {
    const o = openFile(create(two, 'a', 'w'), 'a/w', O_RDWR);
    expect(res(o.world, mountSc('', 'a', '', MS_REMOUNT | MS_BIND | MS_RDONLY))).toEqual(ERR('EBUSY'));
    expect(res(o.world, mountSc('', 'b', '', MS_REMOUNT | MS_BIND | MS_RDONLY))).toEqual(OK0);
    const r = openFile(create(two, 'a', 'r'), 'a/r', O_RDONLY);
    expect(res(r.world, mountSc('', 'a', '', MS_REMOUNT | MS_BIND | MS_RDONLY))).toEqual(OK0);
  });

  it('MS_REMOUNT|MS_RDONLY is EBUSY while any mount of the superblock has a writer', () => {
    const o = openFile(create(two, 'a', 'w'), 'a/w', O_RDWR);
    expect(res(o.world, mountSc('', 'b', '', MS_REMOUNT | MS_RDONLY))).toEqual(ERR('EBUSY'));
    const w = okAll(closeFile(o.world, o.fd), [mountSc('', 'b', '', MS_REMOUNT | MS_RDONLY)]);
    expect(rSb(w, rMount(w, walk(w, 'a').mnt).mnt_sb).s_flags & SB_RDONLY).toBe(SB_RDONLY);
    expect(mntIsReadonly(w, walk(w, 'a').mnt)).toBe(true);
  });

  it('MS_REMOUNT|MS_RDONLY is EBUSY while an unlinked inode is still open (s_remove_count)', () => {
    const o = openFile(create(two, 'a', 'u'), 'a/u', O_RDONLY);
    const w = unlinkFile(o.world, 'a/u');
    expect(res(w, mountSc('', 'a', '', MS_REMOUNT | MS_RDONLY))).toEqual(ERR('EBUSY'));
    expect(res(closeFile(w, o.fd), mountSc('', 'a', '', MS_REMOUNT | MS_RDONLY))).toEqual(OK0);
  });

  it('MS_REMOUNT without MS_RDONLY makes the superblock read-write and replaces the mount flags', () => {
    let w = okAll(two, [mountSc('', 'a', '', MS_REMOUNT | MS_RDONLY)]);
    w = okAll(w, [mountSc('', 'a', '', MS_REMOUNT | MS_NOSUID)]);
    const m = rMount(w, walk(w, 'a').mnt);
    expect(rSb(w, m.mnt_sb).s_flags & SB_RDONLY).toBe(0);
    expect(m.mnt_flags).toBe(MNT_NOSUID);
  });

  it('MS_REMOUNT checks the options (EINVAL); MS_REMOUNT|MS_BIND ignores them', () => {
    expect(res(two, mountSc('', 'a', '', MS_REMOUNT, 'bogus'))).toEqual(ERR('EINVAL'));
    expect(res(two, mountSc('', 'a', '', MS_REMOUNT | MS_BIND, 'bogus'))).toEqual(OK0);
    const w = okAll(two, [mountSc('', 'a', '', MS_REMOUNT, 'size=2m')]);
    expect(rSb(w, rMount(w, walk(w, 'a').mnt).mnt_sb).s_options).toBe('size=2m');
  });

  it('a remount of something that is not a mount root is EINVAL', () => {
    const w = create(two, 'a', 'sub', 'dir');
    expect(res(w, mountSc('', 'a/sub', '', MS_REMOUNT))).toEqual(ERR('EINVAL'));
    expect(res(w, mountSc('', 'file', '', MS_REMOUNT))).toEqual(ERR('EINVAL'));
    expect(res(w, mountSc('', 'file', '', MS_REMOUNT | MS_BIND))).toEqual(ERR('EINVAL'));
  });
});

describe('propagation flags and MS_MOVE', () => {
  const mounted = okAll(base, [mountSc('dev', 'a', 'tmpfs')]);

  it('one propagation type on a mount root is accepted and changes nothing; fstype and data are ignored', () => {
    for (const f of [MS_PRIVATE, MS_SHARED, MS_SLAVE, MS_UNBINDABLE, MS_PRIVATE | MS_REC, MS_PRIVATE | MS_SILENT]) {
      const out = call(mounted, 1, mountSc('junk', 'a', 'junkfs', f, 'junk'));
      expect(out.result).toEqual(OK0);
      expect(out.world).toBe(mounted);
    }
  });

  it('propagation flags on a non-root, mixed types, or with other flags are EINVAL', () => {
    expect(res(mounted, mountSc('', 'b', '', MS_PRIVATE))).toEqual(ERR('EINVAL'));
    expect(res(mounted, mountSc('', 'a', '', MS_PRIVATE | MS_SHARED))).toEqual(ERR('EINVAL'));
    expect(res(mounted, mountSc('', 'a', '', MS_PRIVATE | MS_RDONLY))).toEqual(ERR('EINVAL'));
    expect(res(mounted, mountSc('', 'a', '', MS_PRIVATE | MS_MOVE))).toEqual(ERR('EINVAL'));
    expect(res(mounted, mountSc('', 'a', '', MS_PRIVATE | MS_BIND))).toEqual(ERR('EINVAL'));
    expect(res(mounted, mountSc('', 'nope', '', MS_PRIVATE))).toEqual(ERR('ENOENT'));
  });

  it('MS_MOVE moves a mount with its references', () => {
    const w = okAll(mounted, [mountSc('a', 'b', '', MS_MOVE)]);
    expect(walk(w, 'a').mnt).toBe(rootMnt(w));
    expect(rMount(w, walk(w, 'b').mnt).mnt_devname).toBe('dev');
    expect(dCount(w, walk(w, 'a').dentry)).toBe(0);
    expect(shape(okAll(w, [umountSc('b')]))).toEqual(shape(base));
  });

  it('MS_MOVE below itself is ELOOP; of a non-root or an unmounted source EINVAL', () => {
    const w = create(mounted, 'a', 'in', 'dir');
    expect(res(w, mountSc('a', 'a/in', '', MS_MOVE))).toEqual(ERR('ELOOP'));
    expect(res(w, mountSc('file', 'b', '', MS_MOVE))).toEqual(ERR('EINVAL'));
    expect(res(w, mountSc('a/in', 'b', '', MS_MOVE))).toEqual(ERR('EINVAL'));
    expect(res(w, mountSc('/', 'b', '', MS_MOVE))).toEqual(ERR('EINVAL'));
    expect(res(w, mountSc('', 'b', '', MS_MOVE))).toEqual(ERR('EINVAL'));
  });
});

describe('mountpoints for unlink, rmdir and rename (is_local_mountpoint, detach_mounts)', () => {
  it('a dentry with a mount of the caller namespace on it is a local mountpoint', () => {
    const w = okAll(base, [mountSc('dev', 'a', 'tmpfs')]);
    const a = walk(base, 'a').dentry;
    expect(isLocalMountpoint(w, rTask(w, 1), a)).toBe(true);
    expect(isLocalMountpoint(w, rTask(w, 1), walk(w, 'b').dentry)).toBe(false);
  });

  it('detach_mounts lazily unmounts what other namespaces have on a removed dentry', () => {
    let w = okAll(base, [mountSc('dev', 'a', 'tmpfs')]);
    w = call(w, 1, { call: 'clone', flags: CLONE_NEWNS | 17 }).world;
    const a = walk(base, 'a').dentry;
    w = okAll(w, [umountSc('/a')], 1);
    expect(isLocalMountpoint(w, rTask(w, 1), a)).toBe(false);
    expect(isLocalMountpoint(w, rTask(w, 2), a)).toBe(true);
    w = produce(w, (d) => detachMounts(d, a));
    expect(isLocalMountpoint(w, rTask(w, 2), a)).toBe(false);
    expect(walk(w, '/a', 2).mnt).toBe(rTask(w, 2).root.mnt);
  });

  it('the /proc mount is not modelled: umount("/proc") is refused loudly', () => {
    expect(() => step(base, 1, umountSc('/proc'))).toThrow(Unmodelled);
    expect(res(base, umountSc('/proc/self/fd'))).toEqual(ERR('EINVAL'));
  });
});
