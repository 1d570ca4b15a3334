// kernel/groups.c: setgroups and getgroups, as the credential corpus measured them on this machine
// (test/corpus/programs/creds/setid.c, docs/credentials-facts.md rows 66-68 and 72) and a probe of
// the edges (getgroups' sizes, a NULL list, a duplicate gid).
import { describe, expect, it } from 'vitest';
import { gidBytes, NGROUPS_MAX } from '../../src/model/syscall/gid-list.js';
import type { World } from '../../src/model/world.js';
import { asUser } from '../helpers/as-user.js';
import { ERR, boot, call, must, res } from '../helpers/spec.js';

const groupsOf = (w: World, pid = 1): readonly number[] => w.tasks[pid]?.cred.groups ?? [];
const setgroups = (gids: readonly number[], size = gids.length) =>
  ({ call: 'setgroups', gidsetsize: size, grouplist: gidBytes(gids) }) as const;
const getgroups = (size: number, grouplist = 1) => ({ call: 'getgroups', gidsetsize: size, grouplist }) as const;

describe('setgroups (kernel/groups.c: setgroups)', () => {
  it('sorts the list as groups_sort does: [1002, 1000] is kept as [1000, 1002]', () => {
    expect(groupsOf(must(boot(), setgroups([1002, 1000])))).toEqual([1000, 1002]);
  });

  it('keeps a duplicate gid (nothing removes them): [5, 1, 5] reads back [1, 5, 5]', () => {
    expect(groupsOf(must(boot(), setgroups([5, 1, 5])))).toEqual([1, 5, 5]);
  });

  it('commits new credentials even for the same list (set_current_groups)', () => {
    const w = must(boot(), setgroups([]));
    expect(w.tasks[1]?.cred.serial).toBe((boot().tasks[1]?.cred.serial ?? 0) + 1);
  });

  it('refuses a task without CAP_SETGID with EPERM before looking at the size', () => {
    const w = asUser(boot(), 1000, 1000);
    expect(res(w, setgroups([]))).toEqual(ERR('EPERM'));
    expect(res(w, setgroups([], 70000))).toEqual(ERR('EPERM'));
  });

  it('is EINVAL for more than NGROUPS_MAX gids or a negative count, and allows exactly NGROUPS_MAX', () => {
    expect(res(boot(), setgroups([], NGROUPS_MAX + 1))).toEqual(ERR('EINVAL'));
    expect(res(boot(), setgroups([], -1))).toEqual(ERR('EINVAL'));
    // 65536 passes the size check; the list holds none of them: EFAULT.
    expect(res(boot(), setgroups([], NGROUPS_MAX))).toEqual(ERR('EFAULT'));
  });

  it('is EFAULT when the list holds fewer gids than the count (a NULL list with a count)', () => {
    expect(res(boot(), setgroups([], 2))).toEqual(ERR('EFAULT'));
    expect(res(boot(), setgroups([1000], 2))).toEqual(ERR('EFAULT'));
  });

  it('is EINVAL for (gid_t)-1, which make_kgid never maps', () => {
    expect(res(boot(), setgroups([-1]))).toEqual(ERR('EINVAL'));
  });
});

describe('getgroups (kernel/groups.c: getgroups)', () => {
  const two = (): World => must(boot(), setgroups([1002, 1000]));

  it('returns the count and copies the groups out when they fit', () => {
    expect(res(two(), getgroups(8))).toEqual({ ok: true, ret: 2, groups: [1000, 1002] });
  });

  it('returns the count without copying for a size of 0', () => {
    expect(res(two(), getgroups(0, 0))).toEqual({ ok: true, ret: 2 });
  });

  it('is EINVAL for a size smaller than the count, or negative', () => {
    expect(res(two(), getgroups(1))).toEqual(ERR('EINVAL'));
    expect(res(two(), getgroups(-1))).toEqual(ERR('EINVAL'));
  });

  it('is EFAULT for a NULL list only when there is a group to copy', () => {
    expect(res(two(), getgroups(8, 0))).toEqual(ERR('EFAULT'));
    expect(res(boot(), getgroups(1, 0))).toEqual({ ok: true, ret: 0, groups: [] });
  });

  it('answers a task that dropped its groups with none', () => {
    const out = call(must(two(), setgroups([])), getgroups(8));
    expect(out.result).toEqual({ ok: true, ret: 0, groups: [] });
  });
});
