import { describe, expect, it } from 'vitest';
import {
  CAP_CHECKPOINT_RESTORE,
  CAP_DAC_OVERRIDE,
  CAP_FS_MASK,
  CAP_FULL_SET,
  CAP_MAC_OVERRIDE,
  capIntersect,
  CAP_SETUID,
  CAP_SYS_ADMIN,
  capHas,
  type Cred,
} from '../../src/model/cred.js';
import type { World } from '../../src/model/world.js';
import { asUser } from '../helpers/as-user.js';
import { ERR, boot, call, must, res } from '../helpers/spec.js';

const OK0 = { ok: true, ret: 0 };
const cred = (w: World, pid = 1): Cred => {
  const t = w.tasks[pid];
  if (t === undefined) throw new Error(`no task ${pid}`);
  return t.cred;
};
const ids = (c: Cred): number[] => [c.uid, c.euid, c.suid, c.fsuid];
const gids = (c: Cred): number[] => [c.gid, c.egid, c.sgid, c.fsgid];
const has = (c: Cred, cap: number): boolean => capHas(c.cap_effective, cap);

describe('setuid (kernel/sys.c: __sys_setuid)', () => {
  it('as root sets the real, effective, saved and fs uid, and drops every capability', () => {
    const w = must(boot(), { call: 'setuid', uid: 1000 });
    expect(ids(cred(w))).toEqual([1000, 1000, 1000, 1000]);
    expect([cred(w).cap_effective, cred(w).cap_permitted]).toEqual([0, 0]);
  });

  it('refuses an unprivileged task a uid other than its real or saved one with EPERM', () => {
    expect(res(asUser(boot(), 1000, 1000), { call: 'setuid', uid: 0 })).toEqual(ERR('EPERM'));
    expect(res(asUser(boot(), 1000, 1000), { call: 'setuid', uid: 1000 })).toEqual(OK0);
  });

  it('is EINVAL for (uid_t)-1, which no namespace maps', () => {
    expect(res(boot(), { call: 'setuid', uid: -1 })).toEqual(ERR('EINVAL'));
  });

  it('lets a task whose saved uid is root take euid 0 back, and its capabilities with it', () => {
    const w = must(boot(), { call: 'setresuid', ruid: 1000, euid: 1000, suid: 0 });
    expect(cred(w).cap_effective).toBe(0);
    expect(cred(w).cap_permitted).toBe(CAP_FULL_SET);
    const back = must(w, { call: 'setuid', uid: 0 });
    expect(ids(cred(back))).toEqual([1000, 0, 0, 0]);
    expect(cred(back).cap_effective).toBe(CAP_FULL_SET);
  });
});

describe('setreuid (kernel/sys.c: __sys_setreuid)', () => {
  it('swapping real and effective keeps root in the saved uid, so capabilities stay permitted', () => {
    const w = must(boot(), { call: 'setreuid', ruid: -1, euid: 1000 });
    expect(ids(cred(w))).toEqual([0, 1000, 1000, 1000]);
    expect(cred(w).cap_permitted).toBe(CAP_FULL_SET);
    expect(cred(w).cap_effective).toBe(0);
  });

  it('sets the saved uid to the new effective one when the real uid is given', () => {
    const w = must(boot(), { call: 'setreuid', ruid: 1000, euid: 2000 });
    expect(ids(cred(w))).toEqual([1000, 2000, 2000, 2000]);
    expect(cred(w).cap_permitted).toBe(0);
  });

  it('lets an unprivileged task make its effective uid its real one, not a third', () => {
    const w = must(boot(), { call: 'setresuid', ruid: 1000, euid: 2000, suid: 3000 });
    expect(res(w, { call: 'setreuid', ruid: -1, euid: 1000 })).toEqual(OK0);
    expect(res(w, { call: 'setreuid', ruid: -1, euid: 3000 })).toEqual(OK0);
    expect(res(w, { call: 'setreuid', ruid: -1, euid: 4000 })).toEqual(ERR('EPERM'));
    expect(res(w, { call: 'setreuid', ruid: 3000, euid: -1 })).toEqual(ERR('EPERM'));
  });
});

describe('setresuid (kernel/sys.c: __sys_setresuid)', () => {
  it('lets an unprivileged task permute its three uids', () => {
    const w = must(boot(), { call: 'setresuid', ruid: 1000, euid: 2000, suid: 3000 });
    const p = must(w, { call: 'setresuid', ruid: 3000, euid: 1000, suid: 2000 });
    expect(ids(cred(p))).toEqual([3000, 1000, 2000, 1000]);
  });

  it('refuses an unprivileged task a new uid with EPERM', () => {
    expect(res(asUser(boot(), 1000, 1000), { call: 'setresuid', ruid: -1, euid: 5, suid: -1 })).toEqual(ERR('EPERM'));
  });

  it('changing nothing commits no new credentials (the no-op check)', () => {
    const w = boot();
    const after = must(w, { call: 'setresuid', ruid: 0, euid: -1, suid: 0 });
    expect(cred(after).serial).toBe(cred(w).serial);
  });

  it('a change commits new credentials, a new object for linkat to compare', () => {
    const w = boot();
    expect(cred(must(w, { call: 'setresuid', ruid: -1, euid: 0, suid: 1 })).serial).toBe(cred(w).serial + 1);
  });
});

describe('setgid, setregid, setresgid', () => {
  it('setgid as root (CAP_SETGID) sets all four gids', () => {
    expect(gids(cred(must(boot(), { call: 'setgid', gid: 100 })))).toEqual([100, 100, 100, 100]);
  });

  it('setgid unprivileged takes only the real or saved gid, as the effective and fs gid', () => {
    const w = must(boot(), { call: 'setresgid', rgid: 10, egid: 20, sgid: 30 }, { call: 'setuid', uid: 1000 });
    expect(gids(cred(must(w, { call: 'setgid', gid: 30 })))).toEqual([10, 30, 30, 30]);
    expect(res(w, { call: 'setgid', gid: 40 })).toEqual(ERR('EPERM'));
  });

  it('setregid moves the saved gid with the effective one when the real gid is given', () => {
    expect(gids(cred(must(boot(), { call: 'setregid', rgid: 10, egid: 20 })))).toEqual([10, 20, 20, 20]);
  });

  it('setresgid refuses an unprivileged task a new gid', () => {
    expect(res(asUser(boot(), 1000, 1000), { call: 'setresgid', rgid: 5, egid: -1, sgid: -1 })).toEqual(ERR('EPERM'));
  });

  it('gids carry no capabilities: root keeps them after setgid', () => {
    expect(has(cred(must(boot(), { call: 'setgid', gid: 100 })), CAP_SYS_ADMIN)).toBe(true);
  });
});

describe('setfsuid and setfsgid (kernel/sys.c: __sys_setfsuid)', () => {
  it('returns the old fsuid, not 0, when it changes it', () => {
    const w = boot();
    const r = call(w, { call: 'setfsuid', fsuid: 1000 });
    expect(r.result).toEqual({ ok: true, ret: 0 });
    expect(cred(r.world).fsuid).toBe(1000);
    expect(res(r.world, { call: 'setfsuid', fsuid: 0 })).toEqual({ ok: true, ret: 1000 });
  });

  it('drops the file-system capabilities with fsuid 0 and keeps the others', () => {
    const c = cred(must(boot(), { call: 'setfsuid', fsuid: 1000 }));
    expect(capIntersect(c.cap_effective, CAP_FS_MASK)).toBe(0);
    expect(has(c, CAP_SYS_ADMIN)).toBe(true);
    expect(has(c, CAP_SETUID)).toBe(true);
  });

  it('raises them again when fsuid returns to 0', () => {
    const w = must(boot(), { call: 'setfsuid', fsuid: 1000 }, { call: 'setfsuid', fsuid: 0 });
    expect(has(cred(w), CAP_DAC_OVERRIDE)).toBe(true);
  });

  it('refuses an unprivileged task a foreign fsuid silently, answering the old one', () => {
    const w = asUser(boot(), 1000, 1000);
    const r = call(w, { call: 'setfsuid', fsuid: 0 });
    expect(r.result).toEqual({ ok: true, ret: 1000 });
    expect(cred(r.world).fsuid).toBe(1000);
  });

  it('answers the old fsuid for (uid_t)-1, the usual way to read it', () => {
    expect(res(asUser(boot(), 1000, 1000), { call: 'setfsuid', fsuid: -1 })).toEqual({ ok: true, ret: 1000 });
  });

  it('setfsgid follows the same rule with gids', () => {
    const r = call(asUser(boot(), 1000, 1000), { call: 'setfsgid', fsgid: 5 });
    expect(r.result).toEqual({ ok: true, ret: 1000 });
    expect(cred(r.world).fsgid).toBe(1000);
  });
});

describe('credentials and the permission checks', () => {
  it('a root task that setuid away loses CAP_SYS_ADMIN: mount is EPERM', () => {
    const w = must(boot(), { call: 'mkdir', path: '/m', mode: 0o755 }, { call: 'setuid', uid: 1000 });
    expect(res(w, { call: 'mount', source: 'none', target: '/m', fstype: 'tmpfs', flags: 0, data: '' })).toEqual(
      ERR('EPERM'),
    );
  });

  it('files are created with the fsuid and fsgid, not the real ids', () => {
    const w = must(
      boot(),
      { call: 'umask', mask: 0 },
      { call: 'mkdir', path: '/d', mode: 0o777 },
      { call: 'setfsgid', fsgid: 7 },
      { call: 'setfsuid', fsuid: 42 },
      { call: 'open', path: '/d/f', flags: 0o100, mode: 0o644 },
    );
    const f = Object.values(w.inodes).find((i) => i.i_uid === 42);
    expect(f?.i_gid).toBe(7);
  });

  it('a child gets a copy of its parent credentials as a new object', () => {
    const r = call(boot(), { call: 'fork' });
    const child =
      Object.keys(r.world.tasks)
        .map(Number)
        .find((p) => p !== 1) ?? -1;
    expect(ids(cred(r.world, child))).toEqual(ids(cred(r.world)));
    expect(cred(r.world, child).owner).toBe(child);
  });
});

describe('capability sets (include/uapi/linux/capability.h)', () => {
  it("root holds all 41 of 6.1's capabilities, CapEff 000001ffffffffff as /proc/self/status shows", () => {
    expect(cred(boot()).cap_effective.toString(16)).toBe('1ffffffffff');
  });

  it('setfsuid keeps the capabilities above bit 31 (CAP_CHECKPOINT_RESTORE) and drops CAP_MAC_OVERRIDE', () => {
    const c = cred(must(boot(), { call: 'setfsuid', fsuid: 1000 }));
    expect(has(c, CAP_CHECKPOINT_RESTORE)).toBe(true);
    expect(has(c, CAP_MAC_OVERRIDE)).toBe(false);
    // creds/setid.log: 1fef6fffde0 on this machine, whose bounding set lacks CAP_SYS_RESOURCE (bit 24).
    expect(c.cap_effective.toString(16)).toBe('1fef7fffde0');
  });
});
