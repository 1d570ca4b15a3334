// Input fuzzing of scenario files (YAML) through `relinklab run`: any input gives exit 0, 1 or 2,
// and bad input exactly one line naming the file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { runRun } from '../../src/cli/run.js';
import { budget, FUZZ_SEED, FUZZ_TIMEOUT, replayHint } from './budget.js';
import { mutatedInput } from './mutate.js';
import { assertOutcome, runGuarded } from './outcome.js';
import { SCENARIO_SEEDS, YAML_TOKENS } from './seeds.js';

const file = join(mkdtempSync(join(tmpdir(), 'relinklab-fuzz-yaml-')), 'fuzz.yaml');

describe(`scenario fuzzing (seed ${FUZZ_SEED}; reproduce with ${replayHint()})`, () => {
  it(
    'any mutated scenario: run exits 0, 1 or 2 with one line naming the file',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedInput(SCENARIO_SEEDS, YAML_TOKENS), async ({ text }) => {
          writeFileSync(file, text, 'latin1');
          assertOutcome(await runGuarded((io) => runRun([file], false, io), text), [0, 1, 2], file, text);
        }),
        { seed: FUZZ_SEED, endOnFailure: true, numRuns: budget(25_000) },
      );
    },
    FUZZ_TIMEOUT,
  );
});
