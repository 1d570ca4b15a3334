// A call the executor says it cannot run was not compared: the cross-check reports it as a
// difference rather than passing over it, so a trace with such a call never counts as agreeing.
import { describe, expect, it } from 'vitest';
import { differences, runOnModel, type Answer } from '../../src/crosscheck/host.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

const trace: Syscall[] = [
  { call: 'open', path: 'f', flags: 0o102, mode: 0o644 },
  { call: 'close', fd: 3 },
];

describe('an answer the executor could not give', () => {
  it('is a difference, not a call passed over', () => {
    const model = runOnModel(trace);
    const kernel: Answer[] = [model[0] ?? {}, { unsupported: 'close' }];
    expect(differences(trace, kernel, model).map((d) => d.index)).toEqual([1]);
  });

  it('leaves a trace whose answers all agree without a difference', () => {
    const model = runOnModel(trace);
    expect(differences(trace, model, model)).toEqual([]);
  });
});
