// A long argument strace prints unsigned (truncate's and ftruncate's length: %lu) is the signed
// value the kernel takes: 18446744073709551615 is -1, which do_sys_truncate and do_sys_ftruncate
// refuse with EINVAL (fs/open.c: `if (length < 0)`), as test/corpus/programs/creds/times.log shows.
import { describe, expect, it } from 'vitest';
import { replayLines } from '../helpers/strace.js';

describe('long arguments printed unsigned', () => {
  it('truncate(f, 18446744073709551615) is a length of -1: EINVAL', () => {
    const r = replayLines([
      '100 open("f", O_WRONLY|O_CREAT, 0644) = 3',
      '100 truncate("f", 18446744073709551615) = -1 EINVAL (Invalid argument)',
      '100 ftruncate(3, 18446744073709551615) = -1 EINVAL (Invalid argument)',
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.matched).toBe(3);
  });

  it('is not decoded when the value lies beyond what a number holds exactly (2^60 + 1)', () => {
    const r = replayLines([
      '100 open("f", O_WRONLY|O_CREAT, 0644) = 3',
      '100 truncate("f", 1152921504606846977) = -1 EFBIG (File too large)',
    ]);
    expect(r.skippedModelled).toBe(1);
  });
});
