// A skipped call that may have changed the caller's credentials (prctl(PR_SET_KEEPCAPS), capset:
// the model implements neither) makes a later difference of that task unknown, not a mismatch,
// as a skipped chmod does for its file. The lines are test/corpus/programs/creds/setid.log's:
// with keep-caps set, setresuid(1000, 1000, 1000) keeps root's permitted set
// (security/commoncap.c: cap_emulate_setxuid), which the model, without keep-caps, clears.
import { describe, expect, it } from 'vitest';
import { replayLines } from '../helpers/strace.js';

const FULL = '000001ffffffffff';
const keptCaps = (pid: number): string =>
  `${pid} capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=0, permitted=0x${FULL}, inheritable=0}) = 0`;
const DROP = (pid: number): string[] => [`${pid} setresuid(1000, 1000, 1000)       = 0`, keptCaps(pid)];

describe('credentials a skipped call changed', () => {
  it('a difference after prctl(PR_SET_KEEPCAPS, 1) is unknown, and the run incomplete', () => {
    const r = replayLines(['100 prctl(PR_SET_KEEPCAPS, 1)         = 0', ...DROP(100)]);
    expect(r.mismatches).toEqual([]);
    expect(r.unknown).toBe(1);
    expect(Object.keys(r.skipReasons)).toContain('credentials a skipped call changed (first: prctl at line 1)');
    expect(r.verdict).toBe('incomplete');
  });

  it('without it the same difference is a mismatch', () => {
    expect(replayLines(DROP(100)).mismatched).toBe(1);
  });

  it('a prctl that failed, or reads only, changes nothing', () => {
    const failed = replayLines(['100 prctl(PR_SET_KEEPCAPS, 2)         = -1 EINVAL (Invalid argument)', ...DROP(100)]);
    expect(failed.mismatched).toBe(1);
    const read = replayLines(['100 prctl(PR_GET_KEEPCAPS)            = 0', ...DROP(100)]);
    expect(read.mismatched).toBe(1);
  });

  it('taints a capset that succeeded', () => {
    const capset =
      '100 capset({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=0, permitted=0, inheritable=0}) = 0';
    expect(replayLines([capset, ...DROP(100)]).unknown).toBe(1);
  });

  it('passes to a child forked after it, and not to the parent of a child that set it', () => {
    const child = replayLines(['100 prctl(PR_SET_KEEPCAPS, 1)         = 0', '100 fork()          = 101', ...DROP(101)]);
    expect(child.unknown).toBe(1);
    const parent = replayLines([
      '100 fork()          = 101',
      '101 prctl(PR_SET_KEEPCAPS, 1)         = 0',
      ...DROP(100),
    ]);
    expect(parent.mismatched).toBe(1);
  });
});
