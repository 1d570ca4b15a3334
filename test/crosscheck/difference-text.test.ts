// A cross-check difference names the call as strace prints it and both answers as results.
import { describe, expect, it } from 'vitest';
import { differenceText } from '../../src/crosscheck/difference-text.js';
import { O_CREAT, O_WRONLY } from '../../src/model/flags.js';

describe('a cross-check difference', () => {
  it("shows the call as strace prints it and each side's answer with its errno by name", () => {
    const open = { call: 'open', path: '/f', flags: O_WRONLY | O_CREAT, mode: 0o600 } as const;
    expect(differenceText(open, { ret: 3 }, { errno: 'ENOENT' })).toBe(
      'open("/f", O_WRONLY|O_CREAT, 0600): kernel = 3; model = -1 ENOENT (No such file or directory)',
    );
  });

  it("shows the outputs that came with each side's answer", () => {
    expect(differenceText({ call: 'fstat', fd: 3 }, { ret: 0, st_nlink: 1 }, { ret: 0, st_nlink: 0 })).toBe(
      'fstat(3, ...): kernel = 0, st_nlink 1; model = 0, st_nlink 0',
    );
  });
});
