/**
 * The random cross-check traces draw only calls the C executor runs: a generator that reached a
 * call the table does not mark executable would send the guest a line it cannot run.
 */
import { describe, expect, it } from 'vitest';
import { MOUNTABLE_FS_TYPES } from '../../src/model/fstype.js';
import { isSyscallName, SYSCALLS } from '../../src/model/syscall/table.js';
import { randomTraces } from '../../src/crosscheck/gen.js';

describe('random cross-check traces', () => {
  for (const relink of [false, true])
    it(`draw only executable calls${relink ? ' (with the relink series)' : ''}`, () => {
      const calls = new Set<string>();
      for (const fs of MOUNTABLE_FS_TYPES)
        for (const trace of randomTraces(40, 30, 7, relink, fs)) for (const sc of trace) calls.add(sc.call);
      const notExecutable = [...calls].filter((c) => !isSyscallName(c) || !SYSCALLS[c].executable);
      expect(notExecutable).toEqual([]);
      expect(calls.size).toBeGreaterThan(10);
    });
});
