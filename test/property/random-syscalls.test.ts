import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intentArb, resolveIntent } from '../helpers/alphabet.js';
import { checkInvariants } from '../../src/invariants/invariants.js';
import type { MountableFsType } from '../../src/model/fstype.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { Unmodelled } from '../../src/model/errors.js';
import { step } from '../../src/ops/run/step.js';
import type { World } from '../../src/model/world.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';

/** One step, or null for a call the model says it does not cover (nothing changed). */
function tryStep(w: World, pid: number, sc: Syscall): ReturnType<typeof step> | null {
  try {
    return step(w, pid, sc);
  } catch (e) {
    if (e instanceof Unmodelled) return null;
    throw e;
  }
}
import { assertStepLaws } from '../helpers/run.js';

const FILESYSTEMS: MountableFsType[] = ['ext4', 'btrfs', 'tmpfs'];

describe('random syscall sequences', () => {
  for (const fs of FILESYSTEMS) {
    it(`never throw, keep every invariant and leave the world untouched on errors (${fs})`, () => {
      fc.assert(
        fc.property(fc.array(intentArb, { maxLength: 60 }), (intents) => {
          let w = bootWorld({ rootFs: fs });
          for (const intent of intents) {
            const call = resolveIntent(w, intent);
            if (call === null) break;
            const out = tryStep(w, call.pid, call.sc);
            if (out === null) continue;
            assertStepLaws(w, out.world, out.result, `${call.pid} ${JSON.stringify(call.sc)}`);
            w = out.world;
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it('a trace of 10,000 random syscalls keeps the refcount invariants after every step', () => {
    const intents = fc.sample(intentArb, { seed: 20110228, numRuns: 10_000 });
    let w = bootWorld();
    let ran = 0;
    for (const intent of intents) {
      let call = resolveIntent(w, intent);
      if (call === null) {
        w = bootWorld(); // every task exited: start a fresh world and go on
        call = resolveIntent(w, intent);
        if (call === null) throw new Error('a fresh world has no running task');
      }
      const out = tryStep(w, call.pid, call.sc);
      ran++;
      if (out === null) continue;
      const violations = checkInvariants(out.world);
      if (violations.length > 0) {
        throw new Error(`step ${ran} ${JSON.stringify(call)}: ${JSON.stringify(violations)}`);
      }
      w = out.world;
    }
    expect(ran).toBe(10_000);
  });
});
