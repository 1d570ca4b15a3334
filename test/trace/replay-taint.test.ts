// Issue 12, item 2: only a skipped call that succeeded can have changed a file. Before, a failed
// ioctl(FICLONE) or a copy that moved no byte tainted the file, so a later real difference there
// became "unknown" and the run stayed at exit 0; and a copy tainted its source, not its destination.
import { describe, expect, it } from 'vitest';
import { replayLines } from '../helpers/strace.js';

const replay = replayLines;

const CREATE = [
  '100 openat(AT_FDCWD, "src", O_RDWR|O_CREAT, 0644) = 3',
  '100 write(3, "hello\\n", 6)            = 6',
  '100 openat(AT_FDCWD, "dst", O_WRONLY|O_CREAT, 0644) = 4',
];
/** The kernel says dst holds 6 bytes; in the model it is empty. */
const DST_HAS_6 = '100 fstat(4, {st_mode=S_IFREG|0644, st_nlink=1, st_size=6}) = 0';

describe('taint from skipped calls', () => {
  it('a failed ioctl(FICLONE) taints nothing: a later difference is a mismatch', () => {
    const r = replay([
      ...CREATE,
      '100 ioctl(4, BTRFS_IOC_CLONE or FICLONE, 3) = -1 EOPNOTSUPP (Operation not supported)',
      DST_HAS_6,
    ]);
    expect(r.unknown).toBe(0);
    expect(r.mismatches.map((m) => m.model)).toEqual(['st_size 6, model 0']);
  });

  it('an ioctl(FICLONE) that succeeded taints its file: the difference is unknown and the run incomplete', () => {
    const r = replay([...CREATE, '100 ioctl(4, BTRFS_IOC_CLONE or FICLONE, 3) = 0', DST_HAS_6]);
    expect(r.unknown).toBe(1);
    expect(r.verdict).toBe('incomplete');
  });

  it('a writev that wrote nothing taints nothing', () => {
    const r = replay([...CREATE, '100 writev(4, [], 0)                 = 0', DST_HAS_6]);
    expect(r.mismatches).toHaveLength(1);
  });

  it('a failed fsetxattr taints nothing, one that succeeded does', () => {
    const mode = '100 fstat(4, {st_mode=S_IFREG|0600, st_nlink=1, st_size=0}) = 0';
    const acl = '100 fsetxattr(4, "system.posix_acl_access", "\\2\\0\\0\\0", 28, 0)';
    const failed = replay([...CREATE, `${acl} = -1 EPERM (Operation not permitted)`, mode]);
    expect(failed.mismatches.map((m) => m.model)).toEqual(['st_mode 0100600, model 0100644']);
    const done = replay([...CREATE, `${acl} = 0`, mode]);
    expect(done.unknown).toBe(1);
  });

  it('a modelled fchmod is compared, not skipped: the mode it set matches', () => {
    const r = replay([
      ...CREATE,
      '100 fchmod(4, 0600)                   = 0',
      '100 fstat(4, {st_mode=S_IFREG|0600, st_nlink=1, st_size=0}) = 0',
    ]);
    expect(r.unknown).toBe(0);
    expect(r.mismatches).toEqual([]);
  });

  it('an fsetxattr of system.posix_acl_access that succeeded taints the file (cp -a sets the mode so)', () => {
    const r = replay([
      ...CREATE,
      '100 fsetxattr(4, "system.posix_acl_access", "\\2\\0\\0\\0", 28, 0) = 0',
      '100 fstat(4, {st_mode=S_IFREG|0600, st_nlink=1, st_size=0}) = 0',
    ]);
    expect(r.unknown).toBe(1);
  });

  it('a setxattr that succeeded taints the file its path names', () => {
    const r = replay([
      ...CREATE,
      '100 setxattr("dst", "system.posix_acl_access", "\\2\\0\\0\\0", 28, 0) = 0',
      '100 stat("dst", {st_mode=S_IFREG|0600, st_nlink=1, st_size=0}) = 0',
    ]);
    expect(r.unknown).toBe(1);
  });
});
