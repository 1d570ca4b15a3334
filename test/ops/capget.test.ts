// kernel/capability.c: capget, as measured on this machine (test/corpus/programs/creds/setid.c's
// capget after each set*id call, and a probe of the header's edges: versions 1 to 3, an unknown
// version with and without a data pointer, pid -1, another task's pid, a pid with no task).
import { describe, expect, it } from 'vitest';
import { CAP_FS_MASK, CAP_FULL_SET, capMinus } from '../../src/model/cred.js';
import {
  _LINUX_CAPABILITY_VERSION_1,
  _LINUX_CAPABILITY_VERSION_2,
  _LINUX_CAPABILITY_VERSION_3,
} from '../../src/model/syscall/flag-sets.js';
import { ERR, boot, must, res } from '../helpers/spec.js';

const capget = (pid = 0, version = _LINUX_CAPABILITY_VERSION_3, dataptr = 1) =>
  ({ call: 'capget', version, pid, dataptr }) as const;
const answer = (effective: number, permitted: number) => ({ ok: true, ret: 0, caps: { effective, permitted } });

describe('capget (kernel/capability.c: capget)', () => {
  it("answers the caller's effective and permitted sets for pid 0", () => {
    expect(res(boot(), capget())).toEqual(answer(CAP_FULL_SET, CAP_FULL_SET));
    const fs = must(boot(), { call: 'setfsuid', fsuid: 1000 });
    expect(res(fs, capget())).toEqual(answer(capMinus(CAP_FULL_SET, CAP_FS_MASK), CAP_FULL_SET));
  });

  it('answers the sets commoncap left after a uid change (effective cleared, permitted kept)', () => {
    const w = must(boot(), { call: 'setresuid', ruid: -1, euid: 1000, suid: -1 });
    expect(res(w, capget())).toEqual(answer(0, CAP_FULL_SET));
  });

  it("answers another task's sets by its pid, and the caller's for its own pid", () => {
    const w = must(boot(), { call: 'fork', child: 2 });
    const dropped = must(w, { call: 'setuid', uid: 1000 });
    expect(res(dropped, capget(2))).toEqual(answer(CAP_FULL_SET, CAP_FULL_SET));
    expect(res(dropped, capget(1))).toEqual(answer(0, 0));
  });

  it('is ESRCH for a pid no task has, and EINVAL for a negative one', () => {
    expect(res(boot(), capget(4242))).toEqual(ERR('ESRCH'));
    expect(res(boot(), capget(-1))).toEqual(ERR('EINVAL'));
  });

  it('gives only the low 32 capabilities to a version 1 header, all 41 to versions 2 and 3', () => {
    expect(res(boot(), capget(0, _LINUX_CAPABILITY_VERSION_1))).toEqual(answer(0xffffffff, 0xffffffff));
    expect(res(boot(), capget(0, _LINUX_CAPABILITY_VERSION_2))).toEqual(answer(CAP_FULL_SET, CAP_FULL_SET));
  });

  it('is EINVAL for an unknown version with a data pointer, 0 without one (a probe)', () => {
    expect(res(boot(), capget(0, 0))).toEqual(ERR('EINVAL'));
    expect(res(boot(), capget(0, 0, 0))).toEqual({ ok: true, ret: 0 });
    expect(res(boot(), capget(0, _LINUX_CAPABILITY_VERSION_3, 0))).toEqual({ ok: true, ret: 0 });
  });
});
