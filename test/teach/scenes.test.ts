// The report's pictures on the scenario's one layout (src/teach/report-graphs.ts): every object
// keeps its place at every step, whole and focused, and how large the node text is when the whole
// picture is fitted to a lecture hall's 1280x720 (the overview, key w in projector mode).
import { beforeAll, describe, expect, it } from 'vitest';
import { stepPictures, type StepPictures } from '../../src/teach/report-graphs.js';
import { timeline } from './helpers.js';
import { svgNodes } from './svg-nodes.js';

const LESSONS = ['fifo.yaml', 'other-mount.yaml', 'failed-checkpoint.yaml', 'orphan.yaml'];

/**
 * The least node text, in CSS pixels, the whole picture fitted to the screen gives these lessons
 * in projector mode at 1280x720 (key w, src/teach/report-camera.ts): the overview's floor,
 * failed-checkpoint's 8.0 px (fifo 10.5, orphan 11.2, other-mount 13.3). The one layout holds
 * every step's objects, so it is at least as wide as the widest step, a restart's (the image, the
 * restored task, the reopened file, the relinked name restart removes), and every step is drawn
 * at its scale. The lecture view is projector mode's own: 14 px, the camera pointed at the step's
 * changes (browser-scenes.test.ts measures it).
 */
const OVERVIEW_TEXT_PX = 8.0;

/**
 * The room projector mode gives a picture at 1280x720, in CSS pixels, as Chromium lays the page
 * out: the viewer's width, and the height less the controls and the step's title (report-view.ts).
 */
const PROJECTOR_ROOM = { width: 1262, height: 586 } as const;

const drawn = new Map<string, StepPictures>();

beforeAll(async () => {
  for (const name of LESSONS) drawn.set(name, await stepPictures(timeline(name)));
}, 120_000);

function lesson(name: string): StepPictures {
  const d = drawn.get(name);
  if (d === undefined) throw new Error(`${name} was not drawn`);
  return d;
}

const viewBoxOf = (svg: string): string => /viewBox="([^"]*)"/.exec(svg)?.[1] ?? '';

/** The node text's size in the SVG times the scale projector mode fits the SVG to 1280x720 at. */
function nodeTextPx(svg: string): number {
  const size = Number(/<g id="[^"]*node\d+" class="node[^>]*>[\s\S]*?<text[^>]*font-size="([\d.]+)"/.exec(svg)?.[1]);
  const [, , w = 0, h = 0] = viewBoxOf(svg).split(' ').map(Number);
  return size * Math.min(PROJECTOR_ROOM.width / w, PROJECTOR_ROOM.height / h);
}

const views = (p: StepPictures): (readonly [string, readonly string[]])[] => [
  ['whole', p.full],
  ['focused', p.focused],
];

describe.each(LESSONS)('the report pictures of %s', (name) => {
  it('keep every object at one place, the same outline, at every step of the scenario, whole and focused', () => {
    for (const [view, svgs] of views(lesson(name))) {
      const places = new Map<string, string>();
      svgs.forEach((svg, n) => {
        for (const node of svgNodes(svg)) {
          const first = places.get(node.id) ?? node.outline;
          places.set(node.id, first);
          expect(node.outline, `${view} step ${n}: ${node.id}`).toBe(first);
        }
      });
      expect(places.size, view).toBeGreaterThan(5);
    }
  });

  it('are all one size, whole and focused, so projector mode draws every step at one scale', () => {
    for (const [view, svgs] of views(lesson(name))) {
      const boxes = new Set(svgs.map(viewBoxOf));
      expect([...boxes], view).toHaveLength(1);
      expect([...boxes][0], view).not.toBe('');
    }
  });

  it(`draw node text at least ${OVERVIEW_TEXT_PX} px fitted whole in projector mode at 1280x720, whole and focused`, () => {
    for (const [view, svgs] of views(lesson(name))) {
      svgs.forEach((svg, n) => expect(nodeTextPx(svg), `${view} step ${n}`).toBeGreaterThanOrEqual(OVERVIEW_TEXT_PX));
    }
  });
});
