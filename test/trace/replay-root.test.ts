// Issue 12, item 3: what lies above --root is outside and never compared (the model's root is its
// own parent; the real one is not), and the stat family compares every field the model knows.
import { describe, expect, it } from 'vitest';
import { replayLines } from '../helpers/strace.js';

const replay = replayLines;

/** /tmp as this machine shows it: not the model's root. */
const PARENT =
  '{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_blksize=4096, stx_attributes=0, stx_nlink=25, stx_uid=0, stx_gid=0, stx_mode=S_IFDIR|S_ISVTX|0777, stx_ino=2, stx_size=12288, stx_blocks=24, stx_dev_major=254, stx_dev_minor=0}';
const statx = (path: string, out: string): string =>
  `100 statx(AT_FDCWD, "${path}", AT_STATX_SYNC_AS_STAT, STATX_ALL, ${out}) = 0`;
const st = (fields: string): string =>
  `{st_dev=makedev(0xfe, 0), st_ino=11, st_mode=S_IFREG|0644, st_nlink=1, st_uid=0, st_gid=0, st_blksize=4096, st_blocks=0, st_size=0${fields}}`;

describe('paths above --root', () => {
  it('does not compare ".." from the root directory (it is the real parent, outside)', () => {
    const r = replay([statx('..', PARENT)]);
    expect(r.calls).toBe(0);
    expect(r.outside).toBe(1);
    expect(r.verdict).toBe('clean');
  });

  it('does not compare a walk that climbs above the root from a subdirectory or an absolute path', () => {
    const r = replay([
      '100 mkdir("d", 0755)                  = 0',
      statx('d/../..', PARENT),
      statx('/tmp/t/..', PARENT),
      '100 chdir("d")                        = 0',
      statx('../..', PARENT),
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.outside).toBe(3);
  });

  it('does not compare a walk through a symlink whose target lies outside the root', () => {
    const r = replay([
      '100 symlink("/etc", "e")              = 0',
      statx('e/passwd', PARENT),
      statx('e', PARENT),
      '100 symlink("../..", "up")            = 0',
      statx('up/x', PARENT),
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.outside).toBe(3);
  });

  it('does not compare a call that follows a trailing symlink out of the root (chmod, chown, access, utimensat)', () => {
    const r = replay([
      '100 symlink("/etc/passwd", "p")       = 0',
      '100 chmod("p", 0644)                  = 0',
      '100 chown("p", 0, 0)                  = 0',
      '100 access("p", R_OK)                 = 0',
      '100 faccessat2(AT_FDCWD, "p", R_OK, 0) = 0',
      '100 fchownat(AT_FDCWD, "p", 0, 0, 0)  = 0',
      '100 utimensat(AT_FDCWD, "p", NULL, 0) = 0',
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.outside).toBe(6);
  });

  it('compares the same calls on the link itself when they do not follow it', () => {
    const r = replay([
      '100 symlink("/etc/passwd", "p")       = 0',
      '100 lchown("p", 0, 0)                 = 0',
      '100 fchownat(AT_FDCWD, "p", 0, 0, AT_SYMLINK_NOFOLLOW) = 0',
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.outside).toBe(0);
    expect(r.calls).toBe(3);
  });

  it('compares the link itself (lstat) and a link whose target is under the root', () => {
    const r = replay([
      '100 symlink("/etc", "e")              = 0',
      '100 lstat("e", {st_mode=S_IFLNK|0777, st_nlink=1, st_size=4}) = 0',
      '100 mkdir("d", 0755)                  = 0',
      '100 symlink("/tmp/t/d", "in")         = 0',
      '100 stat("in", {st_mode=S_IFDIR|0755, st_nlink=2, st_size=4096}) = 0',
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.calls).toBe(5);
  });

  it('compares a walk that stops at a missing name before it could climb ("x/../..": ENOENT)', () => {
    const r = replay([
      statx('x/../..', PARENT).replace(/\{stx_mask.*\}\) = 0$/, '0x7ffd) = -1 ENOENT (No such file or directory)'),
    ]);
    expect(r.calls).toBe(1);
    expect(r.mismatches).toEqual([]);
  });

  it('still compares ".." that stays inside the root', () => {
    const r = replay(['100 mkdir("d", 0755)                  = 0', statx('d/..', PARENT)]);
    expect(r.mismatches.map((m) => m.line)).toEqual([2]);
  });
});

describe('the stat fields compared', () => {
  const create = '100 openat(AT_FDCWD, "f", O_WRONLY|O_CREAT, 0644) = 3';

  it('compares st_uid and st_gid', () => {
    const r = replay([create, `100 fstat(3, ${st('').replace('st_uid=0', 'st_uid=1000')}) = 0`]);
    expect(r.mismatches.map((m) => m.model)).toEqual(['st_uid 1000, model 0']);
    const g = replay([create, `100 fstat(3, ${st('').replace('st_gid=0', 'st_gid=1000')}) = 0`]);
    expect(g.mismatches.map((m) => m.model)).toEqual(['st_gid 1000, model 0']);
  });

  it('compares st_dev up to a renaming: one file system keeps one device number', () => {
    const same = replay([create, `100 fstat(3, ${st('')}) = 0`, `100 stat("f", ${st('')}) = 0`]);
    expect(same.mismatches).toEqual([]);
    const other = replay([
      create,
      `100 fstat(3, ${st('')}) = 0`,
      `100 stat("f", ${st('').replace('makedev(0xfe, 0)', 'makedev(0xfe, 0x1)')}) = 0`,
    ]);
    expect(other.mismatches.map((m) => m.model)).toEqual(['st_dev 254:1 is not the file system the model has there']);
  });

  it('compares st_ino up to a renaming: two names of one inode show one number', () => {
    const r = replay([
      create,
      '100 link("f", "g")                    = 0',
      `100 stat("f", ${st('').replace('st_nlink=1', 'st_nlink=2')}) = 0`,
      `100 stat("g", ${st('').replace('st_nlink=1', 'st_nlink=2').replace('st_ino=11', 'st_ino=12')}) = 0`,
    ]);
    expect(r.mismatches.map((m) => m.model)).toEqual(['st_ino 12 is not the inode the model has there']);
  });

  it('compares a directory\u2019s st_size (ext4: one block; a removed one: 0)', () => {
    const dir = (size: number, nlink: number): string =>
      `{st_dev=makedev(0xfe, 0), st_ino=12, st_mode=S_IFDIR|0755, st_nlink=${nlink}, st_uid=0, st_gid=0, st_blksize=4096, st_blocks=8, st_size=${size}}`;
    const r = replay([
      '100 mkdir("d", 0755)                  = 0',
      `100 stat("d", ${dir(4096, 2)}) = 0`,
      '100 chdir("d")                        = 0',
      '100 rmdir("../d")                     = 0',
      `100 stat(".", ${dir(0, 0)}) = 0`,
      `100 stat(".", ${dir(4096, 0)}) = 0`,
    ]);
    expect(r.mismatches.map((m) => [m.line, m.model])).toEqual([[6, 'st_size 4096, model 0']]);
  });
});
