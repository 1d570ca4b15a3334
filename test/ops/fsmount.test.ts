// The new mount API as far as relink= meets it (src/ops/calls/fsopen.ts): fsopen, fspick, fsconfig of
// "relink", and fsmount of a context that cannot be mounted. Checked on this machine's kernel under strace and on
// both 6.1 kernels (scenarios/relink-option/fsopen-relink-refused.yaml, the random QEMU traces).
import { describe, expect, it } from 'vitest';
import { AT_FDCWD } from '../../src/model/flags.js';
import type { MountableFsType } from '../../src/model/fstype.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import {
  FSCONFIG_CMD_CREATE,
  FSCONFIG_CMD_RECONFIGURE,
  FSCONFIG_SET_FD,
  FSCONFIG_SET_FLAG,
  FSCONFIG_SET_STRING,
  FSOPEN_CLOEXEC,
} from '../../src/model/syscall/flag-sets.js';
import type { SysResult } from '../../src/ops/vfs/result.js';
import { Unmodelled } from '../../src/model/errors.js';
import { step } from '../../src/ops/run/step.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { assertStepLaws } from '../helpers/run.js';

const OK = (ret: number): SysResult => ({ ok: true, ret });
const ERR = (errno: string): SysResult => ({ ok: false, errno }) as SysResult;

function call(w: World, sc: Syscall, pid = 1): { world: World; result: SysResult } {
  const out = step(w, pid, sc);
  assertStepLaws(w, out.world, out.result, JSON.stringify(sc));
  return out;
}
const fsopen = (fs_name: string, flags = 0): Syscall => ({ call: 'fsopen', fs_name, flags });
const fsconfig = (fd: number, cmd: number, key = '', value = '', aux = 0): Syscall => ({
  call: 'fsconfig',
  fd,
  cmd,
  key,
  value,
  aux,
});
const relink = (fd: number, value = '/ckpt'): Syscall => fsconfig(fd, FSCONFIG_SET_STRING, 'relink', value);

/** A world with an fs_context for `type` on fd 3. */
function opened(kernel: string, type: MountableFsType): World {
  const out = call(bootWorld({ kernel, outsideFds: [0, 1, 2] }), fsopen(type));
  expect(out.result).toEqual(OK(3));
  return out.world;
}

describe('fsopen (fs/fsopen.c)', () => {
  it('gives the lowest free descriptor, close-on-exec with FSOPEN_CLOEXEC', () => {
    const w = opened('relink', 'ext4');
    expect(call(w, { call: 'fcntl', fd: 3, cmd: 1, arg: 0 }).result).toEqual(OK(0));
    const w2 = call(w, fsopen('tmpfs', FSOPEN_CLOEXEC)).world;
    expect(call(w2, { call: 'fcntl', fd: 4, cmd: 1, arg: 0 }).result).toEqual(OK(1));
  });

  it('is opened O_RDWR (anon_inode_getfd): F_GETFL is 2', () => {
    expect(call(opened('relink', 'ext4'), { call: 'fcntl', fd: 3, cmd: 3, arg: 0 }).result).toEqual(OK(2));
  });

  it('refuses unknown flags (EINVAL), unknown types (ENODEV) and non-root callers (EPERM)', () => {
    const w = bootWorld({ kernel: 'relink' });
    expect(call(w, fsopen('ext4', 2)).result).toEqual(ERR('EINVAL'));
    expect(call(w, fsopen('nosuchfs')).result).toEqual(ERR('ENODEV'));
    expect(call(bootWorld({ kernel: 'relink', uid: 1000 }), fsopen('ext4')).result).toEqual(ERR('EPERM'));
  });

  it('close frees its file, its slot, and its nameless anon inode and dentry', () => {
    const w = bootWorld({ kernel: 'relink', outsideFds: [0, 1, 2] });
    const after = call(call(w, fsopen('ext4')).world, { call: 'close', fd: 3 }).world;
    expect(after.fdtables).toEqual(w.fdtables);
    expect(Object.keys(after.files)).toEqual(Object.keys(w.files));
    // Its anon inode and dentry had no name (alloc_file_pseudo): they go with it.
    expect(Object.keys(after.dentries)).toEqual(Object.keys(w.dentries));
    expect(Object.keys(after.inodes)).toEqual(Object.keys(w.inodes));
  });
});

describe('fsconfig of "relink" (fs/fsopen.c: fsconfig → vfs_parse_fs_param)', () => {
  it('our port refuses it on a type with .relink: only mount(2) takes relink= (EINVAL)', () => {
    for (const type of ['ext4', 'btrfs'] as const) {
      expect(call(opened('relink', type), relink(3)).result).toEqual(ERR('EINVAL'));
      expect(call(opened('relink', type), fsconfig(3, FSCONFIG_SET_FLAG, 'relink')).result).toEqual(ERR('EINVAL'));
    }
  });

  it('mainline ext4 and tmpfs do not know it (EINVAL)', () => {
    expect(call(opened('mainline', 'ext4'), relink(3)).result).toEqual(ERR('EINVAL'));
    expect(call(opened('mainline', 'tmpfs'), relink(3)).result).toEqual(ERR('EINVAL'));
    expect(call(opened('relink', 'tmpfs'), relink(3)).result).toEqual(ERR('EINVAL'));
  });

  it('mainline btrfs (legacy_parse_param) takes any key, but no comma in a value', () => {
    const w = opened('mainline', 'btrfs');
    expect(call(w, relink(3)).result).toEqual(OK(0));
    expect(call(w, fsconfig(3, FSCONFIG_SET_FLAG, 'relink')).result).toEqual(OK(0));
    expect(call(w, relink(3, 'a,b')).result).toEqual(ERR('EINVAL'));
  });

  it('mainline btrfs refuses an option string past PAGE_SIZE ("Cumulative options too large")', () => {
    let w = opened('mainline', 'btrfs');
    const value = 'x'.repeat(200); // "relink=" + 200 bytes, and a comma between options
    for (let i = 0; i < 19; i++) w = call(w, relink(3, value)).world;
    expect(call(w, relink(3, value)).result).toEqual(ERR('EINVAL'));
  });

  it('checks the descriptor first: a negative one EINVAL, a closed one EBADF, another file EINVAL', () => {
    const w = opened('relink', 'ext4');
    expect(call(w, relink(-1)).result).toEqual(ERR('EINVAL'));
    expect(call(w, relink(4)).result).toEqual(ERR('EBADF'));
    expect(call(w, relink(0)).result).toEqual(ERR('EINVAL'));
  });

  it('an unknown command is EOPNOTSUPP, aux on a string EINVAL, a key or value past 255 bytes EINVAL', () => {
    const w = opened('mainline', 'btrfs');
    expect(call(w, fsconfig(3, 9, 'relink', '/ckpt')).result).toEqual(ERR('EOPNOTSUPP'));
    expect(call(w, fsconfig(3, FSCONFIG_SET_STRING, 'relink', '/ckpt', 1)).result).toEqual(ERR('EINVAL'));
    expect(call(w, relink(3, 'v'.repeat(256))).result).toEqual(ERR('EINVAL'));
  });

  it('FSCONFIG_CMD_RECONFIGURE on a context from fsopen is EBUSY (not FS_CONTEXT_RECONF_PARAMS)', () => {
    expect(call(opened('relink', 'ext4'), fsconfig(3, FSCONFIG_CMD_RECONFIGURE)).result).toEqual(ERR('EBUSY'));
  });

  it('what the model does not follow is Unmodelled: other keys, FSCONFIG_CMD_CREATE, fd values', () => {
    const w = opened('relink', 'ext4');
    expect(() => step(w, 1, fsconfig(3, FSCONFIG_SET_STRING, 'source', '/dev/root'))).toThrow(Unmodelled);
    expect(() => step(w, 1, fsconfig(3, FSCONFIG_CMD_CREATE))).toThrow(Unmodelled);
    expect(() => step(w, 1, fsconfig(3, FSCONFIG_SET_FD, 'source', '', 4))).toThrow(Unmodelled);
  });

  it('the model does not read, write or stat an fs_context descriptor (Unmodelled)', () => {
    const w = opened('relink', 'ext4');
    expect(() => step(w, 1, { call: 'read', fd: 3, count: 64 })).toThrow(Unmodelled);
    expect(() => step(w, 1, { call: 'fstat', fd: 3 })).toThrow(Unmodelled);
  });
});

describe('fsmount (fs/namespace.c)', () => {
  const fsmount = (fs_fd: number, flags = 0, attr_flags = 0): Syscall => ({
    call: 'fsmount',
    fs_fd,
    flags,
    attr_flags,
  });

  it('of a context with no superblock yet is EINVAL: relink= never reaches a mount this way', () => {
    expect(call(opened('relink', 'ext4'), fsmount(3)).result).toEqual(ERR('EINVAL'));
  });

  it('checks its flags, then the descriptor: bad flags or atime EINVAL, a closed fd EBADF', () => {
    const w = opened('relink', 'ext4');
    expect(call(w, fsmount(3, 2)).result).toEqual(ERR('EINVAL'));
    expect(call(w, fsmount(3, 0, 0x30)).result).toEqual(ERR('EINVAL'));
    expect(call(w, fsmount(3, 0, 0x400)).result).toEqual(ERR('EINVAL'));
    expect(call(w, fsmount(9)).result).toEqual(ERR('EBADF'));
    expect(call(bootWorld({ kernel: 'relink', uid: 1000 }), fsmount(3)).result).toEqual(ERR('EPERM'));
  });
});

describe('fspick (fs/fsopen.c): a context to reconfigure a mounted superblock', () => {
  const fspick = (path: string, flags = 0): Syscall => ({ call: 'fspick', dirfd: AT_FDCWD, path, flags });
  const picked = (kernel: string, fs: MountableFsType): World => {
    const out = call(bootWorld({ kernel, rootFs: fs, outsideFds: [0, 1, 2] }), fspick('/'));
    expect(out.result).toEqual(OK(3));
    return out.world;
  };

  it('takes only the root of a mount (EINVAL otherwise), unknown flags EINVAL, a missing path ENOENT', () => {
    const w = call(bootWorld({ kernel: 'relink' }), { call: 'mkdir', path: '/d', mode: 0o755 }).world;
    expect(call(w, fspick('/d')).result).toEqual(ERR('EINVAL'));
    expect(call(w, fspick('/', 0x10)).result).toEqual(ERR('EINVAL'));
    expect(call(w, fspick('/nonexist')).result).toEqual(ERR('ENOENT'));
    expect(call(w, fspick('')).result).toEqual(ERR('ENOENT'));
  });

  it('our port refuses relink= on it too (EINVAL); mainline btrfs takes the key', () => {
    expect(call(picked('relink', 'ext4'), relink(3)).result).toEqual(ERR('EINVAL'));
    expect(call(picked('relink', 'btrfs'), relink(3)).result).toEqual(ERR('EINVAL'));
    expect(call(picked('mainline', 'btrfs'), relink(3)).result).toEqual(OK(0));
  });

  it('FSCONFIG_CMD_CREATE and fsmount are EBUSY; FSCONFIG_CMD_RECONFIGURE is Unmodelled', () => {
    const w = picked('relink', 'ext4');
    expect(call(w, fsconfig(3, FSCONFIG_CMD_CREATE)).result).toEqual(ERR('EBUSY'));
    expect(call(w, { call: 'fsmount', fs_fd: 3, flags: 0, attr_flags: 0 }).result).toEqual(ERR('EBUSY'));
    expect(() => step(w, 1, fsconfig(3, FSCONFIG_CMD_RECONFIGURE))).toThrow(Unmodelled);
  });
});
