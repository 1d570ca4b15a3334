// File names that are also names of every JavaScript object's properties are file names like
// any other: a directory's children are a map with no prototype (src/ops/vfs/d-children.ts).
import { describe, expect, it } from 'vitest';
import { O_CREAT, O_DIRECTORY, O_RDONLY, O_RDWR } from '../../src/model/flags.js';
import { boot, ERR, must, openSc, res } from '../helpers/spec.js';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

describe('odd file names', () => {
  it.each(NAMES)('%s is missing until made: ENOENT, then found', (name) => {
    expect(res(boot(), { call: 'stat', path: `/${name}` })).toEqual(ERR('ENOENT'));
    expect(res(boot(), { call: 'stat', path: `/${name}/b` })).toEqual(ERR('ENOENT'));
    const w = must(boot(), { call: 'mkdir', path: `/${name}`, mode: 0o755 }, openSc(`/${name}/f`, O_CREAT | O_RDWR));
    expect(res(w, { call: 'stat', path: `/${name}/f` }).ok).toBe(true);
  });

  it('getdents64 lists them as names', () => {
    let w = boot();
    for (const n of NAMES) w = must(w, { call: 'mkdir', path: `/${n}`, mode: 0o755 });
    w = must(w, openSc('/', O_RDONLY | O_DIRECTORY));
    const r = res(w, { call: 'getdents64', fd: 3, count: 4096 });
    const names = r.ok === true ? (r.dents ?? []).map((d) => d.d_name) : [];
    expect(names.filter((n) => NAMES.includes(n)).sort()).toEqual([...NAMES].sort());
  });

  it('__proto__ can be renamed, unlinked and listed like any name', () => {
    let w = must(boot(), openSc('/__proto__', O_CREAT | O_RDWR), {
      call: 'rename',
      oldpath: '/__proto__',
      newpath: '/x',
    });
    expect(res(w, { call: 'stat', path: '/__proto__' })).toEqual(ERR('ENOENT'));
    w = must(w, { call: 'rename', oldpath: '/x', newpath: '/__proto__' }, { call: 'unlink', path: '/__proto__' });
    expect(res(w, { call: 'stat', path: '/__proto__' })).toEqual(ERR('ENOENT'));
  });
});
