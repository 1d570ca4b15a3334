// The benchmark's correctness, not its timing: the workload is deterministic, the model and memfs
// end with the same files, and relinklab's raw state count is SPIN's.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { modelFiles } from '../../bench/fileset.js';
import { memfsFiles, replayMemfs } from '../../bench/memfs-replay.js';
import { runSpin, spinAvailable } from '../../bench/spin.js';
import { generateSyscalls, generateTrace } from '../../bench/trace-gen.js';
import { exhaustive } from '../../src/checker/search/explore.js';
import { RELINK_ALPHABET } from '../../src/checker/relink-alphabet.js';
import { parseJsonl } from '../../src/trace/jsonl.js';
import { replayNative } from '../../src/trace/replay-native.js';

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

describe('the replay workload', () => {
  it('is the same text for the same seed, and another for another seed', () => {
    expect(generateTrace(2000, 1)).toBe(generateTrace(2000, 1));
    expect(sha1(generateTrace(2000, 1))).not.toBe(sha1(generateTrace(2000, 2)));
    expect(generateSyscalls(2000, 1)).toEqual(parseJsonl(generateTrace(2000, 1), 'gen').lines.map((l) => l.sc));
  });

  it('has the calls it promises, in the amount asked', () => {
    const calls = generateSyscalls(5000, 3);
    expect(calls).toHaveLength(5000);
    expect(new Set(calls.map((c) => c.call))).toEqual(
      new Set(['mkdir', 'open', 'write', 'close', 'link', 'unlink', 'rename']),
    );
  });

  it('ends with the same files, and the same answer to every call, on the model and on memfs', () => {
    const trace = parseJsonl(generateTrace(5000, 20110228), 'gen');
    const model = replayNative(trace);
    const memfs = replayMemfs(
      trace.lines.map((l) => l.sc),
      { posixRename: true },
    );
    expect(model.mismatched).toBe(0);
    const files = modelFiles(model.world);
    expect(files.length).toBeGreaterThan(3);
    expect(memfsFiles(memfs.vol)).toEqual(files);
    expect(memfs.outcomes).toEqual(model.results.map((r) => ('result' in r ? (r.result.errno ?? 'ok') : 'skipped')));
  });
});

describe('states before symmetry reduction', () => {
  it('are more than after it, from depth 3 on', () => {
    expect(exhaustive('relink', 3, RELINK_ALPHABET, { key: 'raw' }).distinctStates).toBe(169);
    expect(exhaustive('relink', 3).distinctStates).toBe(123);
  });

  // The README's test command installs spin and gcc (scripts/install-deps.sh bench); without them
  // this fails rather than passing unchecked.
  it('are as many as SPIN finds in bench/spin/relink.pml', () => {
    expect(spinAvailable(), 'spin and gcc are missing: run scripts/install-deps.sh bench').toBe(true);
    const ours = exhaustive('relink', 4, RELINK_ALPHABET, { key: 'raw' }).distinctStates;
    expect(runSpin('bench/spin/relink.pml', 4, false).states).toBe(ours);
  });
});
