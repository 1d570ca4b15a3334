// Scenario expectations of st_ino, st_dev and mnt_id name them (the model numbers its own inodes,
// devices and mounts): one name is one object all along, and two names are two objects, the
// renaming the trace replay uses (src/trace/replay-compare.ts). st_rdev and st_blocks are numbers.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';
import { InputError } from '../../src/model/errors.js';

const STEPS_HEAD = ['name: ids', 'fs: ext4', 'steps:'];
const run = (...steps: string[]) => runScenario(parseScenario([...STEPS_HEAD, ...steps].join('\n'), 'ids.yaml'));
const failed = (r: ReturnType<typeof run>) => r.steps.filter((s) => !s.ok).map((s) => [s.line, s.detail]);

const MAKE_A_B = [
  '  - {call: open, args: {path: /a, flags: O_CREAT|O_RDWR, mode: 0644}}',
  '  - {call: link, args: {oldpath: /a, newpath: /b}}',
  '  - {call: open, args: {path: /c, flags: O_CREAT|O_RDWR, mode: 0644}}',
];

describe('st_ino in a scenario', () => {
  it('two names of one inode under one name agree', () => {
    const r = run(
      ...MAKE_A_B,
      '  - {call: stat, args: {path: /a}, expect: {st_ino: f, st_dev: root}}',
      '  - {call: stat, args: {path: /b}, expect: {st_ino: f, st_dev: root}}',
      '  - {call: stat, args: {path: /c}, expect: {st_ino: g, st_dev: root}}',
    );
    expect(failed(r)).toEqual([]);
  });

  it('one name for two inodes fails at the second', () => {
    const r = run(
      ...MAKE_A_B,
      '  - {call: stat, args: {path: /a}, expect: {st_ino: f}}',
      '  - {call: stat, args: {path: /c}, expect: {st_ino: f}}',
    );
    expect(failed(r).map(([line]) => line)).toEqual([8]);
    expect(String(failed(r)[0]?.[1])).toContain('st_ino: f is another inode');
  });

  it('two names for one inode fail at the second', () => {
    const r = run(
      ...MAKE_A_B,
      '  - {call: stat, args: {path: /a}, expect: {st_ino: f}}',
      '  - {call: fstat, args: {fd: 3}, expect: {st_ino: g}}',
    );
    expect(failed(r).map(([line]) => line)).toEqual([8]);
    expect(String(failed(r)[0]?.[1])).toContain('st_ino: g is the inode named f');
  });

  it('a number for st_ino is refused: the model numbers its own inodes', () => {
    expect(() => run('  - {call: stat, args: {path: /}, expect: {st_ino: 2}}')).toThrow(InputError);
    expect(() => run('  - {call: stat, args: {path: /}, expect: {st_ino: 2}}')).toThrow(/ids.yaml:4.*st_ino/);
  });
});

describe('mnt_id and st_dev in a scenario', () => {
  it('statx names the mount; a mount on top is another one, on another device', () => {
    const r = run(
      '  - {call: mkdir, args: {path: /m, mode: 0755}}',
      '  - {call: statx, args: {dirfd: AT_FDCWD, path: /m, flags: 0, mask: 0x1000}, expect: {mnt_id: root, st_dev: disk}}',
      '  - {call: mount, args: {source: none, target: /m, fstype: tmpfs, flags: 0, data: ""}}',
      '  - {call: statx, args: {dirfd: AT_FDCWD, path: /m, flags: 0, mask: 0x1000}, expect: {mnt_id: m, st_dev: mem}}',
      '  - {call: statx, args: {dirfd: AT_FDCWD, path: /, flags: 0, mask: 0}, expect: {mnt_id: root, st_dev: disk}}',
    );
    expect(failed(r)).toEqual([]);
  });

  it('stat has no mnt_id to compare: the expectation fails', () => {
    const r = run('  - {call: stat, args: {path: /}, expect: {mnt_id: root}}');
    expect(String(failed(r)[0]?.[1])).toContain('mnt_id: expected root, model has none');
  });
});

describe('st_rdev and st_blocks in a scenario', () => {
  it('are stated as numbers', () => {
    const r = run(
      '  - {call: mknod, args: {path: /p, mode: 010644, dev: 0x102}}',
      '  - {call: stat, args: {path: /p}, expect: {st_rdev: 0, st_blocks: 0}}',
      '  - {call: stat, args: {path: /p}, expect: {st_blocks: 8}}',
    );
    expect(failed(r).map(([line]) => line)).toEqual([6]);
  });
});
