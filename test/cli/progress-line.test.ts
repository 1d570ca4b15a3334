import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { progressLine } from '../../src/cli/progress-line.js';

const io = (progress?: (line: string) => void): Io => ({
  out: () => undefined,
  err: () => undefined,
  isTTY: false,
  progress,
});
const step = { kind: 'exhaustive', level: 3, distinct: 30, transitions: 100, queue: 24 } as const;

describe('the progress line', () => {
  it('is not drawn when stderr is not a terminal', () => {
    expect(progressLine(io()).sink).toBeUndefined();
  });

  it('shows the level, distinct states, transitions and queue of an exhaustive search', () => {
    const lines: string[] = [];
    progressLine(io((l) => lines.push(l))).sink?.(step);
    expect(lines[0]).toMatch(/^level 3: 30 distinct, 100 generated, queue 24, /);
  });

  it('is cleared when the search ends', () => {
    const lines: string[] = [];
    const p = progressLine(io((l) => lines.push(l)));
    p.sink?.(step);
    p.done();
    expect(lines.at(-1)).toBe('');
  });
});
