// The strace replayer's handling of what it cannot see: descriptors opened outside the modelled
// tree, and tasks whose cwd left it. The line shapes are taken from a log of python3 run through
// pyenv's bash shim on this machine (strace -f -v -s 256).
import { describe, expect, it } from 'vitest';
import { parseStrace } from '../../src/trace/strace-parse.js';
import { replayStrace, type ReplayReport } from '../../src/trace/strace-replay.js';

const replay = (lines: readonly string[]): ReplayReport =>
  replayStrace(parseStrace(`${lines.join('\n')}\n`, 'test.log'), { root: '/tmp/t', fs: 'ext4', kernel: 'mainline' });

describe('strace replay of descriptors opened outside the modelled tree', () => {
  it('keeps O_CLOEXEC of a skipped open, so F_GETFD answers FD_CLOEXEC', () => {
    const r = replay([
      '100 openat(AT_FDCWD, "/usr/lib/python3.11/os.py", O_RDONLY|O_CLOEXEC) = 3',
      '100 fcntl(3, F_GETFD)                 = 0x1 (flags FD_CLOEXEC)',
      '100 openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 4',
      '100 fcntl(4, F_GETFD)                 = 0',
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.matched).toBe(2);
  });

  it('skips F_GETFL on such a descriptor (its open flags are not the model\u2019s to know)', () => {
    const r = replay([
      '100 openat(AT_FDCWD, "/root/.pyenv/shims/python3", O_RDONLY) = 3',
      '100 dup2(3, 255)                      = 255',
      '100 fcntl(255, F_GETFL)               = 0x8000 (flags O_RDONLY|O_LARGEFILE)',
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.skippedByCall['fcntl']).toBe(1);
  });
});

describe('strace replay of ls -l /proc/self/fd (its own fd links)', () => {
  const LS = [
    '100 openat(AT_FDCWD, "f", O_RDWR|O_CREAT, 0644) = 3',
    '100 openat(AT_FDCWD, "/etc/group", O_RDONLY|O_CLOEXEC) = 4',
    '100 close(4)                          = 0',
    '100 openat(AT_FDCWD, "/proc/self/fd/", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 4',
    '100 newfstatat(4, "", {st_dev=makedev(0, 0x15), st_ino=532444, st_mode=S_IFDIR|0500, st_nlink=2, st_uid=0, st_gid=0, st_blksize=1024, st_blocks=0, st_size=7}, AT_EMPTY_PATH) = 0',
    '100 statx(AT_FDCWD, "/proc/self/fd/0", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_MODE, {stx_mask=STATX_BASIC_STATS, stx_blksize=1024, stx_attributes=0, stx_nlink=1, stx_uid=0, stx_gid=0, stx_mode=S_IFLNK|0500, stx_ino=532449, stx_size=64}) = 0',
    '100 readlink("/proc/self/fd/0", "/dev/null", 65) = 9',
    '100 statx(AT_FDCWD, "/proc/self/fd/3", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_MODE, {stx_mask=STATX_BASIC_STATS, stx_blksize=1024, stx_attributes=0, stx_nlink=1, stx_uid=0, stx_gid=0, stx_mode=S_IFLNK|0700, stx_ino=532452, stx_size=64}) = 0',
    '100 readlink("/proc/self/fd/3", "/tmp/t/f", 65) = 8',
    '100 readlink("/proc/self/fd/4", "/proc/100/fd", 65) = 12',
    '100 close(4)                          = 0',
  ];

  it('skips the links of descriptors the model does not look into, and compares its own', () => {
    const r = replay(LS);
    expect(r.mismatches).toEqual([]);
    expect(r.skippedByCall['statx']).toBe(1);
    expect(r.skippedByCall['readlink']).toBe(2);
    expect(r.matched).toBeGreaterThanOrEqual(4); // the open of f, the link of fd 3 twice, close(4)
  });

  it('keeps the fd of an open the model does not cover (the /proc/self/fd directory) in use', () => {
    // fd 4 was open and closed before, so nothing could pass it off as inherited.
    const r = replay(LS);
    expect(r.inheritedFds).toEqual([]);
    expect(r.coverage['close']?.calls).toBe(2);
    expect(r.skippedByCall['newfstatat']).toBe(1);
  });

  it('infers an inherited fd from its /proc/self/fd link existing', () => {
    const r = replay([
      '100 statx(AT_FDCWD, "/proc/self/fd/251", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_MODE, {stx_mask=STATX_BASIC_STATS, stx_blksize=1024, stx_attributes=0, stx_nlink=1, stx_uid=0, stx_gid=0, stx_mode=S_IFLNK|0300, stx_ino=532455, stx_size=64}) = 0',
      '100 readlink("/proc/self/fd/251", "pipe:[533144]", 65) = 13',
    ]);
    expect(r.inheritedFds).toEqual([251]);
    expect(r.mismatches).toEqual([]);
  });
});

describe('strace replay of a task whose cwd is outside the modelled tree', () => {
  it('treats the relative paths of its children as outside too (a child starts in its parent\u2019s cwd)', () => {
    const r = replay([
      '100 chdir("/root/.pyenv/libexec")     = 0',
      '100 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 101',
      '101 readlink("pyenv", 0x5646a8cd5b60, 64) = -1 EINVAL (Invalid argument)',
      '101 exit_group(0)                     = ?',
      '101 +++ exited with 0 +++',
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.skippedByCall['readlink']).toBe(1);
  });
});

describe('strace replay of what existed before the trace', () => {
  const STAT_ROOT =
    '100 newfstatat(AT_FDCWD, "/tmp/t", {st_dev=makedev(0, 0x27), st_ino=1, st_mode=S_IFDIR|S_ISVTX|0777, st_nlink=2, st_uid=0, st_gid=0, st_blksize=4096, st_blocks=8, st_size=4096}, 0) = 0';

  it('takes the starting directory\u2019s mode from its first stat (a tmpfs root is 1777)', () => {
    const after = STAT_ROOT.replace('st_nlink=2', 'st_nlink=3'); // d's ".." counts
    const r = replay([STAT_ROOT, '100 mkdir("d", 0777) = 0', after]);
    expect(r.rootMode).toBe(0o1777);
    expect(r.mismatches).toEqual([]);
  });

  it('does not take it when a skipped setxattr may have set it', () => {
    const r = replay(['100 setxattr("/tmp/t", "system.posix_acl_access", "\\2\\0\\0\\0", 28, 0) = 0', STAT_ROOT]);
    expect(r.rootMode).toBeNull();
    expect(r.unknown).toBe(1);
  });

  it('still infers an inherited fd after a difference that leaves fd numbers alone', () => {
    const r = replay([
      '100 openat(AT_FDCWD, "f", O_RDWR|O_CREAT, 0644) = 3',
      '100 fstat(3, {st_mode=S_IFREG|0644, st_nlink=1, st_size=7}) = 0', // the model says 0 bytes
      '100 fcntl(3, F_DUPFD, 10)             = 11',
    ]);
    expect(r.inheritedFds).toEqual([10]);
    expect(r.mismatches.map((m) => m.call)).toEqual(['fstat']);
  });

  it('infers nothing once an open has already gone differently (later fds may follow from it)', () => {
    const r = replay([
      '100 openat(AT_FDCWD, "missing", O_RDONLY) = 3', // the model has no such file: ENOENT
      '100 openat(AT_FDCWD, "f", O_RDWR|O_CREAT, 0644) = 4',
    ]);
    expect(r.inheritedFds).toEqual([]);
    expect(r.mismatches.map((m) => m.model)).toEqual(['returned 3, model ENOENT', 'returned 4, model 3']);
  });
});
