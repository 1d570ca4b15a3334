// Issue 12, item 2: `cat <&7 > e` with fd 7 on an unlinked file copies it with copy_file_range;
// the model did not have the call, tainted neither file, and then reported e's st_size 6 as a
// mismatch. The copy calls are modelled now (src/ops/calls/copy-file-range.ts, src/ops/calls/sendfile.ts) and
// compared like any other; test/corpus/programs/copy.c checks their errnos against the kernel.
import { describe, expect, it } from 'vitest';
import { replayLines } from '../helpers/strace.js';

const replay = replayLines;

/** The shell's side of `exec 7<a; rm a; cat <&7 > e`, then cat's copy. */
const CAT_UNLINKED = [
  '100 openat(AT_FDCWD, "a", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3',
  '100 write(3, "hello\\n", 6)            = 6',
  '100 close(3)                          = 0',
  '100 openat(AT_FDCWD, "a", O_RDONLY)   = 3',
  '100 dup2(3, 7)                        = 7',
  '100 close(3)                          = 0',
  '100 unlink("a")                       = 0',
  '100 openat(AT_FDCWD, "e", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3',
  '100 dup2(3, 1)                        = 1',
  '100 close(3)                          = 0',
  '100 dup2(7, 0)                        = 0',
  '100 copy_file_range(0, NULL, 1, NULL, 9223372035781033984, 0) = 6',
  '100 copy_file_range(0, NULL, 1, NULL, 9223372035781033984, 0) = 0',
  '100 fstat(1, {st_mode=S_IFREG|0644, st_nlink=1, st_size=6}) = 0',
  '100 pread64(1, "hello\\n", 64, 0)     = -1 EBADF (Bad file descriptor)',
];

describe('the copy calls in strace replay', () => {
  it('compares cat\u2019s copy_file_range out of an unlinked file, and the size it leaves', () => {
    const r = replay(CAT_UNLINKED);
    expect(r.mismatches).toEqual([]);
    expect(r.coverage['copy_file_range']?.calls).toBe(2);
    expect(r.verdict).toBe('clean');
  });

  it('finds a copy that returned more than the file holds', () => {
    const r = replay(CAT_UNLINKED.map((l) => l.replace(/\) = 6$/, ') = 7')));
    expect(r.mismatches.map((m) => m.model)).toEqual(['returned 7, model 6']);
  });

  it('compares the offset sendfile writes back through its pointer', () => {
    const r = replay([
      '100 openat(AT_FDCWD, "a", O_RDWR|O_CREAT, 0644) = 3',
      '100 write(3, "0123456789", 10)        = 10',
      '100 openat(AT_FDCWD, "b", O_RDWR|O_CREAT, 0644) = 4',
      '100 sendfile(4, 3, [7] => [10], 100)  = 3',
      '100 sendfile(4, 3, [2] => [9], 3)     = 3',
    ]);
    expect(r.mismatches.map((m) => m.model)).toEqual(['offset 9, model 5']);
  });

  it('copies a file into itself the way splice does: each round reads what the last one wrote', () => {
    const r = replay([
      '100 openat(AT_FDCWD, "a", O_RDWR|O_CREAT, 0644) = 3',
      '100 write(3, "Zabc", 4)               = 4',
      '100 sendfile(3, 3, [3] => [103], 100) = 100',
      '100 fstat(3, {st_mode=S_IFREG|0644, st_nlink=1, st_size=104}) = 0',
    ]);
    expect(r.mismatches).toEqual([]);
  });
});
