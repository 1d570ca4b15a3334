// replayNative keeps each line's result unless asked not to (the CLI without --json prints only the
// counts and the mismatches); everything else it reports is the same either way.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTrace } from '../../bench/trace-gen.js';
import { parseJsonl } from '../../src/trace/jsonl.js';
import { replayNative } from '../../src/trace/replay-native.js';

const EXPECTING = [
  '{"relinklab":1,"kernel":"mainline","fs":"ext4"}',
  '{"call":"open","args":{"path":"/a","flags":"O_RDWR|O_CREAT","mode":"0644"},"expect":{"ret":3}}',
  '{"call":"unlink","args":{"path":"/a"},"expect":{"ret":0}}',
  '{"call":"unlink","args":{"path":"/a"},"expect":{"ret":0}}',
].join('\n');

describe('replayNative without results', () => {
  const traces = {
    'the bundled example': readFileSync('traces/examples/unlinked-open.jsonl', 'latin1'),
    'a trace with a mismatch': EXPECTING,
    'the benchmark workload': generateTrace(3000, 7),
  };
  for (const [name, text] of Object.entries(traces))
    it(`reports the same counts, mismatches and world as with them, for ${name}`, () => {
      for (const invariants of ['every', 'end'] as const) {
        const { results, ...kept } = replayNative(parseJsonl(text, 't.jsonl'), { invariants });
        const { results: none, ...rest } = replayNative(parseJsonl(text, 't.jsonl'), { invariants, results: false });
        expect(results.length).toBe(kept.calls);
        expect(none).toEqual([]);
        expect(rest).toEqual(kept);
      }
    });

  it('still counts the mismatch it does not keep a result for', () => {
    const r = replayNative(parseJsonl(EXPECTING, 't.jsonl'), { results: false });
    expect(r.mismatches.map((m) => m.line)).toEqual([4]);
  });
});
