// Input fuzzing of strace logs through `relinklab replay --strace`: any input gives exit 0, 1, 2
// or 3 (incomplete), and bad input exactly one line naming the file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { runReplay } from '../../src/cli/replay.js';
import { budget, FUZZ_SEED, FUZZ_TIMEOUT, replayHint } from './budget.js';
import { mutatedInput } from './mutate.js';
import { assertOutcome, runGuarded } from './outcome.js';
import { STRACE_ROOTS, STRACE_SEEDS, STRACE_TOKENS } from './seeds.js';

const file = join(mkdtempSync(join(tmpdir(), 'relinklab-fuzz-strace-')), 'fuzz.log');

describe(`strace log fuzzing (seed ${FUZZ_SEED}; reproduce with ${replayHint()})`, () => {
  it(
    'any mutated log: replay --strace exits 0, 1, 2 or 3 with one line naming the file',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedInput(STRACE_SEEDS, STRACE_TOKENS), async ({ seed, text }) => {
          writeFileSync(file, text, 'latin1');
          const root = STRACE_ROOTS[seed] ?? '/tmp/rlroot';
          const o = await runGuarded((io) => runReplay({ trace: file, strace: true, root, json: false }, io), text);
          assertOutcome(o, [0, 1, 2, 3], file, text);
        }),
        { seed: FUZZ_SEED, endOnFailure: true, numRuns: budget(25_000) },
      );
    },
    FUZZ_TIMEOUT,
  );
});
