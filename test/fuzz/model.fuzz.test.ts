// Model fuzzing: random calls, valid and invalid, on every kernel variant and file system, with
// every invariant checked after every call on the real kernels (a seeded bug is meant to break
// one: there only the absence of exceptions is checked). The model answers each with a result or an errno;
// the only exceptions allowed are Unmodelled (a call it says it does not cover) and NotRunnable
// (a pid that cannot make a call). Anything else, a ModelBug included, fails with a replayable seed.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { fastCheckInvariants } from '../../src/invariants/invariants-fast.js';
import { MOUNTABLE_FS_TYPES, type MountableFsType } from '../../src/model/fstype.js';
import { KERNELS } from '../../src/model/kernel.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { InPlaceRunner } from '../../src/ops/run/inplace.js';
import { NotRunnable, Unmodelled } from '../../src/model/errors.js';
import { budget, FUZZ_SEED, FUZZ_TIMEOUT, replayHint } from './budget.js';
import { fuzzCall, resolveFuzzCall, type FuzzCall } from './model-calls.js';

/** Every type mount(2) takes (src/model/fstype.ts), so a new one is fuzzed too. */
const FILESYSTEMS: readonly MountableFsType[] = MOUNTABLE_FS_TYPES;
const KERNEL_NAMES = Object.keys(KERNELS);
const isRealKernel = (name: string): boolean => KERNELS[name]?.bugs.length === 0;
/** 10^6 calls at the default budget, over every kernel and file system. */
const CALLS = budget(1_000_000);
const LENGTH = 40;
const RUNS = Math.ceil(CALLS / LENGTH / (KERNEL_NAMES.length * FILESYSTEMS.length));

/** Runs the calls; returns a description of the first failure, or null. */
function fuzzOnce(kernel: string, fs: MountableFsType, calls: readonly FuzzCall[]): string | null {
  const checkLaws = isRealKernel(kernel);
  const runner = new InPlaceRunner(bootWorld({ kernel, rootFs: fs, outsideFds: [0, 1, 2] }));
  for (const [i, c] of calls.entries()) {
    const call = resolveFuzzCall(runner.world, c);
    if (call === null) return null;
    const { pid, sc } = call;
    try {
      runner.step(pid, sc);
    } catch (e) {
      if (e instanceof Unmodelled || e instanceof NotRunnable) continue;
      return `call ${i}: pid ${pid} ${JSON.stringify(sc)} threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
    }
    const broken = checkLaws ? fastCheckInvariants(runner.world) : [];
    if (broken.length > 0)
      return `call ${i}: pid ${pid} ${JSON.stringify(sc)} broke ${broken.map((v) => `${v.invariant}: ${v.message}`).join('; ')}`;
  }
  return null;
}

describe(`model fuzzing (${CALLS} calls, seed ${FUZZ_SEED}; reproduce with ${replayHint()})`, () => {
  for (const kernel of KERNEL_NAMES)
    for (const fs of FILESYSTEMS)
      it(
        `${kernel} on ${fs}: no exception${isRealKernel(kernel) ? ', every invariant after every call' : ''}`,
        () => {
          fc.assert(
            fc.property(fc.array(fuzzCall, { minLength: LENGTH, maxLength: LENGTH }), (calls) => {
              const failure = fuzzOnce(kernel, fs, calls);
              if (failure !== null) throw new Error(failure);
            }),
            { numRuns: RUNS, seed: FUZZ_SEED, endOnFailure: true },
          );
        },
        FUZZ_TIMEOUT,
      );
});
