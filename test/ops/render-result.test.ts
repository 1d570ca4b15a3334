// Results as strace ends a call's line (src/ops/run/render-result.ts), and the model-only
// funlinkat in the style of the calls (src/ops/run/render-call.ts).
import { describe, expect, it } from 'vitest';
import { AT_FDCWD } from '../../src/model/flags.js';
import type { InodeId } from '../../src/model/ids.js';
import { S_IFREG } from '../../src/model/modes.js';
import { renderInFlightCall } from '../../src/ops/run/render-call.js';
import { renderAnswer, renderOutputs, renderResult, renderResultAndOutputs } from '../../src/ops/run/render-result.js';
import { bytesOf } from '../../src/ops/vfs/pagecache.js';
import { blocked, fail, ok } from '../../src/ops/vfs/result.js';

const STAT = {
  st_dev: 2049,
  st_ino: 13,
  st_mode: S_IFREG | 0o644,
  st_nlink: 1,
  st_uid: 0,
  st_gid: 0,
  st_size: 6,
  st_blocks: 8,
  st_blksize: 4096,
  st_rdev: 0,
};

describe('a result', () => {
  it('that is a value ends the line as " = 3"', () => {
    expect(renderResult(ok(3))).toBe(' = 3');
  });

  it('that is an errno ends the line as " = -1 ENOENT (No such file or directory)"', () => {
    expect(renderResult(fail('ENOENT'))).toBe(' = -1 ENOENT (No such file or directory)');
  });

  it('of a call the model parks asleep has no value and says why: " = ? <blocked: reason>"', () => {
    expect(renderResult(blocked('fifo_open waits for a writer'))).toBe(' = ? <blocked: fifo_open waits for a writer>');
  });

  it("shows read's bytes after the value, quoted as strace quotes them", () => {
    expect(renderResultAndOutputs(ok(4, { data: bytesOf('ab\ncd') }))).toBe(' = 4, data "ab\\ncd"');
  });

  it('shows 32 bytes of a longer buffer and then "...", as strace -s 32 does', () => {
    expect(renderOutputs(ok(40, { data: bytesOf('x'.repeat(40)) }))).toBe(`data "${'x'.repeat(32)}"...`);
  });

  it("shows stat's mode by name and its owner, in the order of struct stat", () => {
    expect(renderOutputs(ok(0, { stat: STAT }))).toBe(
      'st_dev 2049, st_ino 13, st_mode S_IFREG|0644, st_nlink 1, st_uid 0, st_gid 0, st_rdev 0, st_size 6, st_blksize 4096, st_blocks 8',
    );
  });

  it("shows getresuid's three ids and getgroups' list", () => {
    expect(renderOutputs(ok(0, { ids: [1000, 1000, 0] }))).toBe('ids [1000, 1000, 0]');
    expect(renderOutputs(ok(2, { groups: [100, 1000] }))).toBe('groups [100, 1000]');
  });

  it("shows capget's sets as /proc/PID/status does, in 16 hex digits", () => {
    expect(renderOutputs(ok(0, { caps: { effective: 0x10800021f, permitted: 2 ** 41 - 1 } }))).toBe(
      'effective 000000010800021f, permitted 000001ffffffffff',
    );
  });

  it('of a call with nothing handed back is the result alone', () => {
    expect(renderResultAndOutputs(ok(0))).toBe(' = 0');
  });
});

describe("a trace's or the cross-check's answer", () => {
  it('reads as the same result would', () => {
    expect(renderAnswer({ errno: 'EBADF' })).toBe(renderResult(fail('EBADF')));
  });

  it('names an errno the model does not know without a text (the executor numbers those: E123)', () => {
    expect(renderAnswer({ errno: 'E123' })).toBe(' = -1 E123');
  });

  it('shows its outputs after the value', () => {
    expect(renderAnswer({ ret: 0, st_nlink: 0 })).toBe(' = 0, st_nlink 0');
  });

  it('that holds no answer at all is " = ?"', () => {
    expect(renderAnswer({})).toBe(' = ?');
  });
});

describe('the model-only funlinkat', () => {
  it('renders in the style of the calls, its inode as the model id', () => {
    const c = { call: 'funlinkat', dirfd: AT_FDCWD, path: '/ckpt/x', inode: 12 as InodeId } as const;
    expect(renderInFlightCall(c)).toBe('funlinkat(AT_FDCWD, "/ckpt/x", <inode #12>)');
  });

  it('with no inode to keep says so', () => {
    expect(renderInFlightCall({ call: 'funlinkat', dirfd: 3, path: 'x', inode: null })).toBe(
      'funlinkat(3, "x", <no inode>)',
    );
  });

  it('leaves a syscall to renderCall', () => {
    expect(renderInFlightCall({ call: 'unlink', path: '/a' })).toBe('unlink("/a")');
  });
});
