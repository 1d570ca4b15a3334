// Input fuzzing of native traces (JSON lines) through `relinklab replay`: any input gives exit
// 0, 1 or 2, and bad input exactly one line naming the file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { runReplay } from '../../src/cli/replay.js';
import { budget, FUZZ_SEED, FUZZ_TIMEOUT, replayHint } from './budget.js';
import { mutatedInput } from './mutate.js';
import { assertOutcome, runGuarded } from './outcome.js';
import { JSONL_TOKENS, TRACE_SEEDS } from './seeds.js';

const file = join(mkdtempSync(join(tmpdir(), 'relinklab-fuzz-jsonl-')), 'fuzz.jsonl');

describe(`native trace fuzzing (seed ${FUZZ_SEED}; reproduce with ${replayHint()})`, () => {
  it(
    'any mutated trace: replay exits 0, 1 or 2 with one line naming the file',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedInput(TRACE_SEEDS, JSONL_TOKENS), async ({ text }) => {
          writeFileSync(file, text, 'latin1');
          const o = await runGuarded((io) => runReplay({ trace: file, strace: false, json: false }, io), text);
          assertOutcome(o, [0, 1, 2], file, text);
        }),
        { seed: FUZZ_SEED, endOnFailure: true, numRuns: budget(35_000) },
      );
    },
    FUZZ_TIMEOUT,
  );
});
