// The playground's engine, as the browser runs it: steps parsed by the scenario parser, run by the
// scenario runner, every state drawn on one layout; a refused step is named by its number.
import { describe, expect, it } from 'vitest';
import { EMPTY_HEADER, type PlaygroundDoc } from '../../src/teach/playground/doc.js';
import { drawState, orphanLists, play, type Played } from '../../src/teach/playground/engine.js';

const doc = (...steps: string[]): PlaygroundDoc => ({ header: EMPTY_HEADER, steps });

async function played(d: PlaygroundDoc): Promise<Played> {
  const p = await play(d);
  if ('error' in p) throw new Error(p.error);
  return p;
}

const UNLINKED = doc(
  '{call: open, args: {path: /log, flags: O_RDWR|O_CREAT, mode: 0600}}',
  '{call: unlink, args: {path: /log}}',
);

describe('the playground engine', () => {
  it('boots the machine when the document has no steps', async () => {
    const p = await played(doc());
    expect(p.steps).toEqual([]);
    expect(orphanLists(p, 0)).toEqual([expect.stringMatching(/^ext4 \(dev \d+\): none$/)]);
  });

  it('lists the open, unlinked file on its file system orphan list after the unlink only', async () => {
    const p = await played(UNLINKED);
    expect(orphanLists(p, 1)).toEqual([expect.stringMatching(/: none$/)]);
    expect(orphanLists(p, 2)).toEqual([expect.stringMatching(/: inode \d+$/)]);
  });

  it('gives each step its title and answer', async () => {
    const p = await played(UNLINKED);
    expect(p.steps.map((s) => [s.title, s.ok])).toEqual([
      ['pid 1: open("/log", O_RDWR|O_CREAT, 0600)', true],
      ['pid 1: unlink("/log")', true],
    ]);
  });

  it('draws every state in the same box, the layout of all of them', async () => {
    const p = await played(UNLINKED);
    const boxes = await Promise.all([0, 1, 2].map(async (n) => /viewBox="([^"]+)"/.exec(await drawState(p, n))?.[1]));
    expect(new Set(boxes).size).toBe(1);
  });

  it('names the step the parser refuses, and the header when it is the header', async () => {
    expect(await play(doc('{backup: {}}', '{call: unlink, args: {name: /log}}'))).toEqual({
      error: 'step 2: unlink has no argument "name"',
      step: 1,
    });
    const bad = await play({ header: 'name: x\nkernel: nonesuch\n', steps: [] });
    expect(bad).toEqual({ error: 'the header: unknown kernel "nonesuch"', step: null });
  });
});
