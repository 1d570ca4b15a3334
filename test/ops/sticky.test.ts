/**
 * unlink, rmdir and rename in sticky directories (fs/namei.c: may_delete, __check_sticky): each
 * case of test/corpus/programs/creds/sticky.c, in its order (its .log beside it, measured on this
 * machine). `t` is root's 01777, `own` 1000's 01777, `plain` 0777, `closed` root's 01755.
 */
import { describe, expect, it } from 'vitest';
import { AT_FDCWD, RENAME_EXCHANGE } from '../../src/model/flags.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import type { World } from '../../src/model/world.js';
import { becomeChild, bootWith, make } from '../helpers/creds-world.js';
import { ERR, call, must } from '../helpers/spec.js';

const OK0 = { ok: true, ret: 0 };
const U1 = 1000;
const U2 = 1001;

function world(): World {
  let w = must(bootWith({}), { call: 'mkdir', path: 't', mode: 0o755 }, { call: 'chmod', path: 't', mode: 0o1777 });
  for (const [name, mode, uid] of [
    ['t/a', 0o644, U1],
    ['t/a2', 0o644, U1],
    ['t/a3', 0o666, U1],
    ['t/b', 0o644, U2],
    ['t/b2', 0o644, U2],
    ['t/b3', 0o644, U2],
    ['t/r', 0o666, 0],
  ] as const)
    w = make(w, name, mode, uid, uid);
  w = must(
    w,
    { call: 'mkdir', path: 't/ad', mode: 0o777 },
    { call: 'chown', path: 't/ad', owner: U1, group: U1 },
    { call: 'mkdir', path: 'own', mode: 0o755 },
    { call: 'chmod', path: 'own', mode: 0o1777 },
    { call: 'chown', path: 'own', owner: U1, group: U1 },
  );
  w = make(make(w, 'own/x', 0o644, U2, U2), 'own/y', 0o644, U2, U2);
  w = must(w, { call: 'mkdir', path: 'plain', mode: 0o777 }, { call: 'chmod', path: 'plain', mode: 0o777 });
  w = make(w, 'plain/a', 0o644, U1, U1);
  w = must(w, { call: 'mkdir', path: 'closed', mode: 0o755 }, { call: 'chmod', path: 'closed', mode: 0o1755 });
  return make(w, 'closed/b', 0o644, U2, U2);
}

/** Runs the calls in order as `pid`, returning each result. */
function results(w: World, pid: number, scs: readonly Syscall[]): { world: World; got: unknown[] } {
  let cur = w;
  const got: unknown[] = [];
  for (const sc of scs) {
    const out = call(cur, sc, pid);
    got.push(out.result);
    cur = out.world;
  }
  return { world: cur, got };
}

describe('sticky directories (sticky.c): the model agrees call for call', () => {
  it('1001 may remove, rename over or exchange only its own names in root’s sticky t (rows 97-103)', () => {
    const { got } = results(becomeChild(world(), 2, U2, U2), 2, [
      { call: 'unlink', path: 't/a' },
      { call: 'unlink', path: 't/a3' },
      { call: 'unlink', path: 't/r' },
      { call: 'rmdir', path: 't/ad' },
      { call: 'rename', oldpath: 't/a', newpath: 't/mine' },
      { call: 'rename', oldpath: 't/b', newpath: 't/a2' },
      {
        call: 'renameat2',
        olddirfd: AT_FDCWD,
        oldpath: 't/b2',
        newdirfd: AT_FDCWD,
        newpath: 't/a2',
        flags: RENAME_EXCHANGE,
      },
      { call: 'rename', oldpath: 't/b2', newpath: 't/b4' },
      { call: 'link', oldpath: 't/a3', newpath: 't/link' },
      { call: 'unlink', path: 't/link' },
      { call: 'unlink', path: 't/b3' },
      { call: 'unlink', path: 't/none' },
      { call: 'unlink', path: 'plain/a' },
      { call: 'unlink', path: 'closed/b' },
    ]);
    expect(got).toEqual([
      ERR('EPERM'),
      ERR('EPERM'),
      ERR('EPERM'),
      ERR('EPERM'),
      ERR('EPERM'),
      ERR('EPERM'),
      ERR('EPERM'),
      OK0,
      OK0,
      ERR('EPERM'),
      OK0,
      ERR('ENOENT'),
      OK0,
      ERR('EACCES'),
    ]);
  });

  it('the directory’s owner and the file’s owner may; root may anything (rows 105-107)', () => {
    const as1000 = results(becomeChild(world(), 2, U1, U1), 2, [
      { call: 'unlink', path: 'own/x' },
      { call: 'rename', oldpath: 'own/y', newpath: 'own/z' },
      { call: 'unlink', path: 't/a' },
      { call: 'rmdir', path: 't/ad' },
    ]);
    expect(as1000.got).toEqual([OK0, OK0, OK0, OK0]);
    const root = results(as1000.world, 1, [
      { call: 'unlink', path: 't/b' },
      { call: 'unlink', path: 't/a2' },
    ]);
    expect(root.got).toEqual([OK0, OK0]);
  });
});
