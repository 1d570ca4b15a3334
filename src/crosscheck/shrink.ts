/**
 * Shrinking a trace on which the kernel and the model differ to a short reproducer. Every
 * candidate costs a run on the kernel (a QEMU boot runs a whole batch), so candidates are tried a
 * batch at a time: each round removes one call, or a block of calls, in every possible place, and
 * keeps the shortest candidate that still differs. The calls of `keep` (the set-up prefix) stay.
 */
import type { Syscall } from '../model/syscall/syscall.js';
import { differences, type Answer } from './host.js';

/** Runs traces on the kernel, a batch at a time. */
export type KernelRunner = (traces: readonly (readonly Syscall[])[]) => readonly (readonly Answer[])[];
export type ModelRunner = (trace: readonly Syscall[]) => readonly Answer[];

export interface Shrunk {
  readonly trace: readonly Syscall[];
  /** Kernel runs spent shrinking (QEMU boots when the runner is a QEMU batch). */
  readonly rounds: number;
}

/** The trace up to its first difference, or undefined when the answers agree. */
function firstDifferencePrefix(
  trace: readonly Syscall[],
  kernel: readonly Answer[],
  model: ModelRunner,
): Syscall[] | undefined {
  const d = differences(trace, kernel, model(trace))[0];
  return d === undefined ? undefined : trace.slice(0, d.index + 1);
}

/** Candidates without one block of `size` calls, for every block after the kept prefix. */
function withoutBlocks(trace: readonly Syscall[], keep: number, size: number): Syscall[][] {
  const out: Syscall[][] = [];
  for (let at = trace.length - size; at >= keep; at -= 1) out.push([...trace.slice(0, at), ...trace.slice(at + size)]);
  return out;
}

export function shrinkTrace(
  trace: readonly Syscall[],
  keep: number,
  kernel: KernelRunner,
  model: ModelRunner,
  batch: number,
): Shrunk {
  let cur = [...trace];
  let rounds = 0;
  for (;;) {
    const sizes = [8, 4, 2, 1].filter((s) => s <= cur.length - keep);
    const candidates = sizes.flatMap((s) => withoutBlocks(cur, keep, s));
    let best: Syscall[] | undefined;
    for (let i = 0; i < candidates.length && best === undefined; i += batch) {
      const chunk = candidates.slice(i, i + batch);
      const answers = kernel(chunk);
      rounds += 1;
      chunk.forEach((c, j) => {
        const p = firstDifferencePrefix(c, answers[j] ?? [], model);
        if (p !== undefined && (best === undefined || p.length < best.length)) best = p;
      });
    }
    if (best === undefined) return { trace: cur, rounds };
    cur = best;
  }
}
