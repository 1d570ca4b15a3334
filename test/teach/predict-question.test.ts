// What predict mode asks of each step, and which answers it takes as right: the model's own answer,
// never a step the model did not run as the scenario expected.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { normalizeAnswer, predictQuestion } from '../../src/teach/predict-question.js';
import { buildTimeline, type Frame } from '../../src/teach/timeline.js';
import { frameOf, timeline } from './helpers.js';

/** Frame n (1-based) of a scenario written inline. */
function frameIn(steps: readonly string[], n: number): Frame {
  const sc = parseScenario(['name: q', 'steps:', ...steps.map((s) => `  - ${s}`)].join('\n'), 'q.yaml');
  const f = buildTimeline(sc).frames[n - 1];
  if (f === undefined) throw new Error(`no step ${n}`);
  return f;
}

describe("predict mode's question for a step", () => {
  it("asks a call's return value and takes the number the model returned", () => {
    const fifo = timeline('fifo.yaml');
    expect(predictQuestion(frameOf(fifo, 'write'))).toMatchObject({ kind: 'typed', accepted: ['13'], shown: '13' });
  });

  it("asks a stat's st_nlink, not its return value: 0 for orphan's fstat of the unlinked /log", () => {
    const q = predictQuestion(frameOf(timeline('orphan.yaml'), 'fstat'));
    expect(q).toMatchObject({ kind: 'typed', prompt: 'What st_nlink does fstat report?', accepted: ['0'] });
  });

  it('takes a refused call\'s errno with or without "-1"', () => {
    const f = frameIn(['{call: unlink, args: {path: /nothing}, expect: {errno: ENOENT}}'], 1);
    expect(predictQuestion(f)).toMatchObject({ kind: 'typed', accepted: ['-1 ENOENT', 'ENOENT', '-ENOENT'] });
  });

  it('asks whether a checkpoint succeeds, and other-mount\'s answer is "fails"', () => {
    const q = predictQuestion(frameOf(timeline('other-mount.yaml'), 'checkpoint'));
    expect(q).toEqual({
      kind: 'choice',
      prompt: 'Does the checkpoint succeed?',
      choices: ['succeeds', 'fails'],
      answer: 'fails',
    });
  });

  it('asks how many names an assert finds', () => {
    const q = predictQuestion(frameOf(timeline('failed-checkpoint.yaml'), 'assert'));
    expect(q).toMatchObject({ kind: 'typed', prompt: 'How many names does /ckpt hold now?', accepted: ['1'] });
  });

  it('only reveals a step with no answer of its own (kill)', () => {
    expect(predictQuestion(frameOf(timeline('fifo.yaml'), 'kill')).kind).toBe('open');
  });

  it('only reveals a step the model did not run as the scenario expected', () => {
    const f = frameIn(['{call: mkdir, args: {path: /a, mode: 0755}, expect: {ret: 1}}'], 1);
    expect(f.ok).toBe(false);
    expect(predictQuestion(f).kind).toBe('open');
  });

  it('normalizes a typed answer as the page does: trimmed, single-spaced, upper case', () => {
    expect(normalizeAnswer('  -1   enoent ')).toBe('-1 ENOENT');
  });
});
