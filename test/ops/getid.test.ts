// kernel/sys.c: getuid, geteuid, getgid, getegid, getresuid and getresgid answer the task's ids
// (measured: test/corpus/programs/creds/setid.c's getresuid and getresgid after each set*id call,
// and a probe of getuid and geteuid after setresuid(1000, 1001, -1)).
import { describe, expect, it } from 'vitest';
import { boot, must, res } from '../helpers/spec.js';

describe('the id getters (kernel/sys.c)', () => {
  const apart = () =>
    must(
      boot(),
      { call: 'setresgid', rgid: 1002, egid: 1001, sgid: 0 },
      { call: 'setresuid', ruid: 1000, euid: 1001, suid: 0 },
    );

  it('getuid and geteuid return the real and the effective uid', () => {
    expect(res(apart(), { call: 'getuid' })).toEqual({ ok: true, ret: 1000 });
    expect(res(apart(), { call: 'geteuid' })).toEqual({ ok: true, ret: 1001 });
  });

  it('getgid and getegid return the real and the effective gid', () => {
    expect(res(apart(), { call: 'getgid' })).toEqual({ ok: true, ret: 1002 });
    expect(res(apart(), { call: 'getegid' })).toEqual({ ok: true, ret: 1001 });
  });

  it('getresuid and getresgid answer the real, effective and saved ids through their pointers', () => {
    expect(res(apart(), { call: 'getresuid' })).toEqual({ ok: true, ret: 0, ids: [1000, 1001, 0] });
    expect(res(apart(), { call: 'getresgid' })).toEqual({ ok: true, ret: 0, ids: [1002, 1001, 0] });
  });

  it('getresuid does not show the fsuid: after setfsuid(1000) root still reads [0], [0], [0]', () => {
    const w = must(boot(), { call: 'setfsuid', fsuid: 1000 });
    expect(res(w, { call: 'getresuid' })).toEqual({ ok: true, ret: 0, ids: [0, 0, 0] });
  });
});
