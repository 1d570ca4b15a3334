/**
 * What execve does to credentials (security/commoncap.c: cap_bprm_creds_from_file, for a program
 * that is not set-id and has no file capabilities). Measured on this machine with a program that
 * calls setresuid, then execs itself and reads getresuid, setfsuid(-1) and /proc/self/status:
 *   setresuid(1000, 1000, 0) → uid 1000 euid 1000 suid 1000 fsuid 1000, CapPrm 0, CapEff 0
 *   setresuid(0, 1000, 1000) → uid 0 euid 1000 suid 1000, CapPrm = the bounding set, CapEff 0
 *   setresuid(1000, 0, 1000) → uid 1000 euid 0 suid 0, CapPrm = CapEff = the bounding set
 */
import { describe, expect, it } from 'vitest';
import { CAP_FULL_SET, type Cred } from '../../src/model/cred.js';
import type { World } from '../../src/model/world.js';
import { boot, must } from '../helpers/spec.js';

const execve = { call: 'execve', filename: '/bin/prog' } as const;
const cred = (w: World): Cred => {
  const c = w.tasks[1]?.cred;
  if (c === undefined) throw new Error('no task 1');
  return c;
};
const after = (ruid: number, euid: number, suid: number): Cred =>
  cred(must(boot(), { call: 'setresuid', ruid, euid, suid }, execve));

describe('execve and credentials', () => {
  it('a saved uid of 0 does not survive: suid and fsuid become the effective uid, no capability left', () => {
    const c = after(1000, 1000, 0);
    expect([c.uid, c.euid, c.suid, c.fsuid]).toEqual([1000, 1000, 1000, 1000]);
    expect([c.cap_permitted, c.cap_effective]).toEqual([0, 0]);
  });

  it('a real uid of 0 gets the bounding set as permitted, none effective', () => {
    const c = after(0, 1000, 1000);
    expect([c.uid, c.euid, c.suid]).toEqual([0, 1000, 1000]);
    expect([c.cap_permitted, c.cap_effective]).toEqual([CAP_FULL_SET, 0]);
  });

  it('an effective uid of 0 gets the bounding set as permitted and effective', () => {
    const c = after(1000, 0, 1000);
    expect([c.uid, c.euid, c.suid, c.fsuid]).toEqual([1000, 0, 0, 0]);
    expect([c.cap_permitted, c.cap_effective]).toEqual([CAP_FULL_SET, CAP_FULL_SET]);
  });

  it('root keeps what it had, and its bounding set', () => {
    const c = cred(must(boot(), execve));
    expect([c.cap_permitted, c.cap_effective, c.cap_bset]).toEqual([CAP_FULL_SET, CAP_FULL_SET, CAP_FULL_SET]);
  });

  it('commits a new cred object, as prepare_exec_creds does', () => {
    const w = boot();
    expect(cred(must(w, execve)).serial).toBe(cred(w).serial + 1);
  });
});
