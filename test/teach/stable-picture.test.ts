// The pictures of a scenario as a lecture uses them, read from the report's SVG of every step
// (src/teach/report-graphs.ts): each object stays where it first appeared, what a step freed is
// drawn once as a ghost where it was, and the gold highlight is on the objects the step touched
// and on no other.
import { beforeAll, describe, expect, it } from 'vitest';
import { HIGHLIGHT } from '../../src/teach/dot.js';
import { frameDiff } from '../../src/teach/diff.js';
import { nodeId } from '../../src/teach/graph.js';
import { stepPictures } from '../../src/teach/report-graphs.js';
import type { Timeline } from '../../src/teach/timeline.js';
import { frameOf, timeline } from './helpers.js';
import { svgNodes, type SvgNode } from './svg-nodes.js';

const LESSONS = ['fifo.yaml', 'other-mount.yaml', 'failed-checkpoint.yaml', 'orphan.yaml'];

/** A line showing a change: "i_nlink 1 -> 0", or a long one's new value "-> /a (deleted)" under its old one (step-compare.ts). */
const showsArrow = (line: string): boolean => line.includes(' -> ') || line.startsWith('-> ');

interface Drawn {
  readonly t: Timeline;
  readonly steps: readonly (readonly SvgNode[])[];
  readonly viewBoxes: readonly string[];
}

const drawn = new Map<string, Drawn>();

beforeAll(async () => {
  for (const name of LESSONS) {
    const t = timeline(name);
    const pictures = await stepPictures(t);
    const svgs = pictures.full;
    drawn.set(name, {
      t,
      steps: svgs.map(svgNodes),
      viewBoxes: svgs.map((s) => /viewBox="([^"]*)"/.exec(s)?.[1] ?? ''),
    });
  }
}, 60_000);

function lesson(name: string): Drawn {
  const d = drawn.get(name);
  if (d === undefined) throw new Error(`${name} was not drawn`);
  return d;
}

/** The ids a step's own diff created or changed (the image when the image changed), as drawn nodes. */
function touchedByDiff(t: Timeline, step: number): Set<string> {
  const f = t.frames[step - 1];
  if (f === undefined) throw new Error(`no step ${step}`);
  const d = frameDiff(f);
  const ids = new Set([...d.added, ...d.fields].map((r) => nodeId(r.table, r.id)));
  if (f.before.image !== f.after.image) ids.add('image');
  return ids;
}

const shows = (n: SvgNode, text: string): boolean => n.text.some((l) => l.includes(text));

describe.each(LESSONS)('the pictures of %s', (name) => {
  it('are all the same size, so a step never shifts the drawing', () => {
    const boxes = new Set(lesson(name).viewBoxes);
    expect([...boxes]).toHaveLength(1);
    expect([...boxes][0]).not.toBe('');
  });

  it('keep every object in one place, the same box, at every step it is drawn', () => {
    const places = new Map<string, string>();
    for (const nodes of lesson(name).steps) {
      for (const n of nodes) {
        const first = places.get(n.id) ?? n.outline;
        places.set(n.id, first);
        expect(n.outline, n.id).toBe(first);
      }
    }
    expect(places.size).toBeGreaterThan(5);
  });

  it('outline in gold exactly the objects the step touched, or whose shown values changed', () => {
    const { t, steps } = lesson(name);
    for (const f of t.frames) {
      if (f.step.kind === 'backup') continue;
      const nodes = steps[f.index] ?? [];
      const touched = touchedByDiff(t, f.index);
      for (const n of nodes) {
        const gold = n.stroke === HIGHLIGHT;
        const showsChange = n.text.some((l) => showsArrow(l) || l.startsWith('was: '));
        const expected = !n.classes.includes('ghost') && (touched.has(n.id) || showsChange);
        expect(gold, `step ${f.index}: ${n.id}`).toBe(expected);
      }
    }
  });

  it('show an old -> new value only in gold nodes', () => {
    for (const nodes of lesson(name).steps) {
      for (const n of nodes) if (n.text.some(showsArrow)) expect(n.stroke, n.id).toBe(HIGHLIGHT);
    }
  });
});

describe('a long old -> new', () => {
  it("fifo: restart's removed relinked name shows the old path, and the new one under it", () => {
    const { t, steps } = lesson('fifo.yaml');
    const restart = frameOf(t, 'restart').index;
    const dentry = (steps[restart] ?? []).find((n) => n.classes.includes('dentry') && shows(n, 'unlink-at-restart'));
    const text = dentry?.text ?? [];
    const at = text.findIndex((l) => l.startsWith('-> '));
    const old = text[at - 1] ?? '';
    expect(old).toMatch(/^\/ckpt\/unlink-at-restart-\S+$/);
    expect(text[at]).toBe(`-> ${old} (deleted)`);
  });
});

describe('ghosts', () => {
  it('fifo: kill leaves its task, fd table and open file as ghosts, once', () => {
    const { t, steps } = lesson('fifo.yaml');
    const kill = frameOf(t, 'kill').index;
    const ghosts = (steps[kill] ?? []).filter((n) => n.classes.includes('ghost')).map((n) => n.id);
    expect(ghosts).toEqual(expect.arrayContaining(['task_2', 'fdt_2', 'file_4']));
    expect((steps[kill + 1] ?? []).some((n) => n.classes.includes('ghost'))).toBe(false);
  });

  it("failed-checkpoint: cleanup's removed relinked name is a ghost where it was", () => {
    const { t, steps } = lesson('failed-checkpoint.yaml');
    const cleanup = frameOf(t, 'cleanup').index;
    const ghost = (steps[cleanup] ?? []).find((n) => n.classes.includes('ghost') && shows(n, '/ckpt/'));
    const before = (steps[cleanup - 1] ?? []).find((n) => n.id === ghost?.id);
    expect(ghost?.outline).toBe(before?.outline);
  });

  it("orphan: kill's closed file is a ghost, its inode stays relinked", () => {
    const { t, steps } = lesson('orphan.yaml');
    const kill = frameOf(t, 'kill').index;
    const nodes = steps[kill] ?? [];
    expect(nodes.some((n) => n.classes.includes('ghost') && n.classes.includes('file'))).toBe(true);
    expect(nodes.some((n) => n.classes.includes('inode') && shows(n, 'inode 13'))).toBe(true);
  });
});
