// relinklab render --focus: a slide of what matters, on the same layout at every step.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture, frameOf, scenarioPath, timeline } from './helpers.js';
import { svgNodes } from './svg-nodes.js';

const fifo = timeline('fifo.yaml');

async function render(args: string[]): Promise<string> {
  const io = capture();
  expect(await main(['render', scenarioPath('fifo.yaml'), ...args], io)).toBe(0);
  expect(io.errs).toEqual([]);
  return io.outs.join('');
}

describe('relinklab render --focus', () => {
  it('leaves out inode 2 and the stdio line while the step does not touch them', async () => {
    const dot = await render(['--step', String(frameOf(fifo, 'write').index), '--focus']);
    expect(dot).not.toContain('inode 2\\n');
    expect(dot).not.toContain('from outside');
    expect(dot).toContain('inode 13');
  });

  it('draws the whole graph without it', async () => {
    expect(await render(['--step', String(frameOf(fifo, 'write').index)])).toContain('inode 2\\n');
  });

  it("puts the fifo's inode in the same place in the SVGs of two steps", async () => {
    const box = async (n: number): Promise<string | undefined> =>
      svgNodes(await render(['--step', String(n), '--format', 'svg', '--focus'])).find((x) => x.text[0] === 'inode 13')
        ?.outline;
    const write = frameOf(fifo, 'write').index;
    expect(await box(write)).toMatch(/^M/);
    expect(await box(write)).toBe(await box(write + 1));
  });
});
