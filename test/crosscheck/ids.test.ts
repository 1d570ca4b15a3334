// The kernel's inode, device and mount numbers against the model's: up to renaming, forgetting a
// pair once the model's object is gone (the kernel reuses numbers); st_rdev and st_blocks exactly.
import { describe, expect, it } from 'vitest';
import { differences, type Answer } from '../../src/crosscheck/host.js';
import type { ModelIds } from '../../src/scenario/ids.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

const stat = (path: string): Syscall => ({ call: 'stat', path });
const ans = (st_ino: number, st_dev = 7, more: Answer = {}): Answer => ({
  ret: 0,
  st_mode: 0o100644,
  st_ino,
  st_dev,
  ...more,
});
const live = (inos: string[], mnts: number[] = []): ModelIds => ({
  inos: new Set(inos),
  devs: new Set([1]),
  mnts: new Set(mnts),
});

describe('inode, device and mount numbers in a cross-check', () => {
  it('agree up to renaming: one inode one number, two inodes two numbers', () => {
    const trace = [stat('/a'), stat('/b'), stat('/a')];
    const kernel = [ans(500), ans(501), ans(500)];
    const model = [ans(12, 1), ans(13, 1), ans(12, 1)];
    const all = live(['1:12', '1:13']);
    expect(differences(trace, kernel, model, [all, all, all])).toEqual([]);
  });

  it('one kernel number for two live model inodes is a difference', () => {
    const trace = [stat('/a'), stat('/b')];
    const all = live(['1:12', '1:13']);
    const d = differences(trace, [ans(500), ans(500)], [ans(12, 1), ans(13, 1)], [all, all]);
    expect(d.map((x) => x.index)).toEqual([1]);
  });

  it('a number freed in the model may come back for another inode on the kernel', () => {
    const trace = [stat('/a'), { call: 'unlink', path: '/a' } as Syscall, stat('/b')];
    const kernel = [ans(500), { ret: 0 }, ans(500)];
    const model = [ans(12, 1), { ret: 0 }, ans(13, 1)];
    expect(differences(trace, kernel, model, [live(['1:12']), live([]), live(['1:13'])])).toEqual([]);
  });

  it('are not compared without what the model holds (random traces)', () => {
    expect(differences([stat('/a'), stat('/b')], [ans(500), ans(500)], [ans(12, 1), ans(13, 1)])).toEqual([]);
  });

  it('statx mount ids follow the same rule', () => {
    const sx = (path: string): Syscall => ({ call: 'statx', dirfd: -100, path, flags: 0, mask: 0 });
    const trace = [sx('/'), sx('/m')];
    const all = live(['1:2', '1:12'], [21, 22]);
    const kernel = [ans(2, 7, { mnt_id: 40 }), ans(12, 7, { mnt_id: 40 })];
    const model = [ans(2, 1, { mnt_id: 21 }), ans(12, 1, { mnt_id: 22 })];
    expect(differences(trace, kernel, model, [all, all]).map((x) => x.index)).toEqual([1]);
  });

  it('a /proc object has procfs numbers, which the model does not keep (0 and 0)', () => {
    const all = live(['1:12']);
    const d = differences([stat('/proc/self/fd/3')], [ans(91234, 21)], [ans(0, 0)], [all]);
    expect(d).toEqual([]);
  });

  it('st_rdev and st_blocks are compared as they are', () => {
    const d = differences(
      [stat('/a')],
      [ans(5, 7, { st_blocks: 8, st_rdev: 0 })],
      [ans(5, 7, { st_blocks: 0, st_rdev: 0 })],
    );
    expect(d).toHaveLength(1);
  });
});
