// The report's scenes (src/teach/report-graphs.ts): where a scene ends, that a scene is drawn on
// the layout that lets projector mode draw its text larger, that the before/after pair across a
// scene's edge keeps each object at one place, and how large the node text is at 1280x720.
import { beforeAll, describe, expect, it } from 'vitest';
import { stableLayout } from '../../src/teach/layout.js';
import { toPinnedDot } from '../../src/teach/pinned-dot.js';
import { graphAtStep } from '../../src/teach/render.js';
import { projectorScale, sceneStarts, stepPictures, type StepPictures } from '../../src/teach/report-graphs.js';
import { pinnedDotToSvg } from '../../src/teach/svg.js';
import type { Timeline } from '../../src/teach/timeline.js';
import { frameOf, timeline } from './helpers.js';
import { svgNodes } from './svg-nodes.js';

const LESSONS = ['fifo.yaml', 'other-mount.yaml', 'failed-checkpoint.yaml', 'orphan.yaml'];

/**
 * The least node text, in CSS pixels, the whole picture fitted to the screen gives these lessons
 * in projector mode at 1280x720 (key w, src/teach/report-camera.ts): the fit-whole floor, which
 * keeps what the scenes and the wrapped old -> new lines won. It is short of a lecture hall's
 * 14 px: fifo's restart step is the least, 10.5 px, its picture holding the image, the restored
 * task, the reopened file and the relinked name restart removes. Projector mode's own view draws
 * 14 px and points the camera at the step's changes (browser-scenes.test.ts measures it).
 */
const FIT_WHOLE_TEXT_PX = 10.5;

const drawn = new Map<string, { readonly t: Timeline; readonly pictures: StepPictures }>();

beforeAll(async () => {
  for (const name of LESSONS) {
    const t = timeline(name);
    drawn.set(name, { t, pictures: await stepPictures(t) });
  }
}, 120_000);

function lesson(name: string): { readonly t: Timeline; readonly pictures: StepPictures } {
  const d = drawn.get(name);
  if (d === undefined) throw new Error(`${name} was not drawn`);
  return d;
}

/** The picture's size in points, from its viewBox. */
function sizeOf(svg: string): [number, number] {
  const [, , w = 0, h = 0] = (/viewBox="([^"]*)"/.exec(svg)?.[1] ?? '').split(' ').map(Number);
  return [w, h];
}

/** The node text's size in the SVG times the scale projector mode draws the SVG at, 1280x720. */
function nodeTextPx(svg: string): number {
  const size = Number(/<g id="[^"]*node\d+" class="node[^>]*>[\s\S]*?<text[^>]*font-size="([\d.]+)"/.exec(svg)?.[1]);
  return size * projectorScale(...sizeOf(svg));
}

describe('scenes', () => {
  it('end with each checkpoint, kill, backup and restart (fifo)', () => {
    const t = timeline('fifo.yaml');
    const ends = ['checkpoint', 'kill', 'backup', 'restart'].map((k) => frameOf(t, k).index + 1);
    expect(sceneStarts(t)).toEqual([0, ...ends]);
  });

  it('end with a cleanup and with every checkpoint and restart, the failed ones too (failed-checkpoint)', () => {
    const t = timeline('failed-checkpoint.yaml');
    const after = (kind: string): number[] => t.frames.filter((f) => f.step.kind === kind).map((f) => f.index + 1);
    const starts = sceneStarts(t);
    expect(after('checkpoint')).toHaveLength(2);
    expect(starts).toEqual(expect.arrayContaining([...after('cleanup'), ...after('checkpoint'), ...after('restart')]));
  });

  it('never begin after the last step', () => {
    for (const name of LESSONS) {
      const { t } = lesson(name);
      expect(Math.max(...sceneStarts(t))).toBeLessThanOrEqual(t.frames.length);
    }
  });
});

describe.each(LESSONS)('the report pictures of %s', (name) => {
  it("are each drawn at least as large in projector mode as on the scenario's one layout", async () => {
    const { t, pictures } = lesson(name);
    const graphs = [0, ...t.frames.map((f) => f.index)].map((n) => graphAtStep(t, n));
    const [booted] = graphs;
    if (booted === undefined) throw new Error(`${name} has no pictures`);
    const one = projectorScale(...sizeOf(await pinnedDotToSvg(toPinnedDot(booted, await stableLayout(graphs)))));
    for (const svg of pictures.full.steps) expect(projectorScale(...sizeOf(svg))).toBeGreaterThanOrEqual(one);
  });

  it('put each object at one place in both halves of a before/after pair across a scene edge', () => {
    const { pictures } = lesson(name);
    for (const drawnSteps of [pictures.full, pictures.focused]) {
      for (const [step, [before, after]] of drawnSteps.pairs) {
        const places = new Map(svgNodes(before).map((n) => [n.id, n.outline]));
        const shared = svgNodes(after).filter((n) => places.has(n.id));
        expect(shared.length, `step ${step}`).toBeGreaterThan(0);
        for (const n of shared) expect(n.outline, `step ${step}: ${n.id}`).toBe(places.get(n.id));
      }
    }
  });

  it(`draw node text at least ${FIT_WHOLE_TEXT_PX} px fitted whole in projector mode at 1280x720, whole and focused`, () => {
    const { pictures } = lesson(name);
    for (const [view, svgs] of [
      ['whole', pictures.full.steps],
      ['focused', pictures.focused.steps],
    ] as const) {
      svgs.forEach((svg, n) => expect(nodeTextPx(svg), `${view} step ${n}`).toBeGreaterThanOrEqual(FIT_WHOLE_TEXT_PX));
    }
  });
});

describe('the before/after pairs', () => {
  it('exist where a scene is drawn on another layout than the one before it (failed-checkpoint)', () => {
    expect(lesson('failed-checkpoint.yaml').pictures.full.pairs.size).toBeGreaterThan(0);
  });
});
