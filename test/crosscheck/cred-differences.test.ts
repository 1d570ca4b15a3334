// The cross-check compares what the credential calls hand back (getresuid's ids, getgroups' list,
// capget's sets) and who owns a file (st_uid, st_gid), as the executor prints them: a kernel whose
// answer differs there differs, however equal the return values.
import { describe, expect, it } from 'vitest';
import { differences, runOnModel, type Answer } from '../../src/crosscheck/host.js';
import { _LINUX_CAPABILITY_VERSION_3 } from '../../src/model/syscall/flag-sets.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

const trace: Syscall[] = [
  { call: 'open', path: 'f', flags: 0o102, mode: 0o644 },
  { call: 'fstat', fd: 3 },
  { call: 'getresuid' },
  { call: 'getgroups', gidsetsize: 4, grouplist: 1 },
  { call: 'capget', version: _LINUX_CAPABILITY_VERSION_3, pid: 0, dataptr: 1 },
];

/** The model's answers with answer `i` changed by `change`: a kernel that answered so. */
function kernelWith(i: number, change: Partial<Answer>): Answer[] {
  return runOnModel(trace).map((a, k) => (k === i ? { ...a, ...change } : a));
}

describe('credential outputs in the cross-check', () => {
  it("the model answers root's ids, no groups and every capability", () => {
    const [, stat, ids, groups, caps] = runOnModel(trace);
    expect(stat).toMatchObject({ st_uid: 0, st_gid: 0 });
    expect(ids).toEqual({ ret: 0, ids: [0, 0, 0] });
    expect(groups).toEqual({ ret: 0, groups: [] });
    expect(caps).toEqual({ ret: 0, caps: { effective: 2 ** 41 - 1, permitted: 2 ** 41 - 1 } });
  });

  it.each([
    ['an owner', 1, { st_uid: 1000 }],
    ['a group', 1, { st_gid: 100 }],
    ['a saved uid', 2, { ids: [0, 0, 1000] }],
    ['a group list', 3, { groups: [100] }],
    ['an effective set', 4, { caps: { effective: 2 ** 41 - 1 - 2 ** 24, permitted: 2 ** 41 - 1 } }],
  ])('a kernel that answers another %s differs', (_what, i, change) => {
    const model = runOnModel(trace);
    expect(differences(trace, kernelWith(i, change), model).map((d) => d.index)).toEqual([i]);
  });
});
