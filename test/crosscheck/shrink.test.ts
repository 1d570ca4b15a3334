// Shrinking a differing trace to a short reproducer, against a stand-in kernel with a known bug.
import { describe, expect, it } from 'vitest';
import { runOnModel, type Answer } from '../../src/crosscheck/host.js';
import { randomTraces } from '../../src/crosscheck/gen.js';
import { shrinkTrace, type KernelRunner } from '../../src/crosscheck/shrink.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

/** A "kernel" that answers as the model does, except that an unlink of b after any write fails with EIO. */
const buggyKernel: KernelRunner = (traces) =>
  traces.map((t) => {
    const answers: Answer[] = runOnModel(t);
    const written = t.findIndex((sc) => sc.call === 'write');
    const bad = t.findIndex((sc, i) => i > written && written >= 0 && sc.call === 'unlink' && sc.path === 'b');
    return answers.map((a, i) => (i === bad ? { errno: 'EIO' } : a));
  });

const model = (t: readonly Syscall[]): Answer[] => runOnModel(t);

describe('shrinking a cross-check difference', () => {
  it('shrinks a random 40-call trace to the two calls that show the bug', () => {
    const withBug = randomTraces(200, 40, 7).find((t) => buggyKernel([t])[0]?.some((a) => a.errno === 'EIO'));
    expect(withBug).toBeDefined();
    const shrunk = shrinkTrace(withBug ?? [], 0, buggyKernel, model, 24);
    expect(shrunk.trace.map((sc) => sc.call)).toEqual(['write', 'unlink']);
    expect(shrunk.trace[1]).toMatchObject({ path: 'b' });
  });

  it('keeps the set-up prefix it is told to keep', () => {
    const setup: Syscall[] = [{ call: 'mkdir', path: 'ckpt', mode: 0o755 }];
    const t: Syscall[] = [
      ...setup,
      { call: 'write', fd: 1, data: 'x' },
      { call: 'stat', path: 'a' },
      { call: 'unlink', path: 'b' },
    ];
    const shrunk = shrinkTrace(t, 1, buggyKernel, model, 24);
    expect(shrunk.trace.map((sc) => sc.call)).toEqual(['mkdir', 'write', 'unlink']);
  });

  it('returns a trace unchanged when no smaller one differs', () => {
    const t: Syscall[] = [
      { call: 'write', fd: 1, data: 'x' },
      { call: 'unlink', path: 'b' },
    ];
    expect(shrinkTrace(t, 0, buggyKernel, model, 24).trace).toEqual(t);
  });
});
