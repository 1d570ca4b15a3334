// The kernel-log report of the cross-check (src/crosscheck/klog-report.ts).
import { describe, expect, it } from 'vitest';
import { batchIssues } from '../../src/crosscheck/klog-report.js';
import type { BootResult } from '../../src/crosscheck/qemu.js';
import { O_RDONLY } from '../../src/model/flags.js';

/** One boot whose only trace hung after its first answer: a mkfifo, then an open of it that sleeps. */
const HUNG: BootResult = {
  answers: [[{ ret: 0 }]],
  findings: [{ at: 1, kinds: ['hung'], notes: [], log: [] }],
  notRun: [],
  lockdep: 'none',
  hungTaskSecs: 10,
  suppressed: 0,
  leaks: [],
  mountOptions: [''],
  kmemleak: false,
  release: '6.1.0',
  accel: 'tcg',
  millis: 0,
};

describe('a hung trace in the kernel-log report', () => {
  it('names the call it hung in by its pid and the call as strace prints it', () => {
    const [issue] = batchIssues(HUNG, 1, () => ({
      where: 'trace 0',
      trace: 0,
      calls: [
        { pid: 1, sc: { call: 'mknod', path: '/p', mode: 0o010600, dev: 0 } },
        { pid: 1, sc: { call: 'open', path: '/p', flags: O_RDONLY, mode: 0 } },
      ],
      reproducer: '',
    }));
    expect(issue?.notes).toEqual(['trace 0 hung in call 2 of 2: pid 1 open("/p", O_RDONLY)']);
  });
});
