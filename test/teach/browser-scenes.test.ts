// The report's pictures as a lecture hall sees them: in headless Chromium at 1280x720 in
// projector mode, every step of four lessons, whole and focused. Zoomed (projector mode's default
// when fitting would draw text under 14 px, src/teach/report-camera.ts): node text at least 14 px,
// the step's changed nodes on the screen, and at every step of the scenario every object at the
// same offset from every other (the camera's scale is one for the whole scenario: every picture
// is on its one layout). Fitted whole (key w): the whole picture in view, its text as large as
// scenes.test.ts computes from the SVG. Screenshots of each lesson's widest step, zoomed and
// whole, land in test-output/ for a person to look at.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { LECTURE_TEXT_PX } from '../../src/teach/report-camera.js';
import { capture, scenarioPath } from './helpers.js';

const CHROMIUM = process.env['RELINKLAB_CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = join(import.meta.dirname, '..', '..', 'test-output');
const LESSONS = ['fifo.yaml', 'other-mount.yaml', 'failed-checkpoint.yaml', 'orphan.yaml'];
/** As in scenes.test.ts: the overview's floor, the least node text the whole picture fitted to the screen gives these lessons (docs/teaching.md). */
const OVERVIEW_TEXT_PX = 8.0;

type Box = readonly [number, number, number, number];

interface Shown {
  readonly step: number;
  readonly focused: boolean;
  /** A node label's font size times the scale the page draws the SVG at, in CSS pixels. */
  readonly textPx: number;
  /** Each node's box on the screen (x, y, width, height), by its id. */
  readonly boxes: Record<string, Box>;
  /** The ids of the nodes the step changed, added or freed (gold and ghost). */
  readonly changed: readonly string[];
  /** The ids of the nodes the step changed or added (gold). */
  readonly gold: readonly string[];
  /** The part of the screen the picture is drawn in: the SVG's box within the 1280x720 window. */
  readonly view: Box;
}

/** Run in the page: every step shown in turn, whole and focused, measured as drawn. */
const MEASURE = `(async () => {
  await document.fonts.ready;
  const settle = () => new Promise((r) => setTimeout(r, 0));
  const out = [];
  for (const article of document.querySelectorAll('article.step')) {
    window.location.hash = '#step-' + article.dataset.step;
    await settle();
    for (const focused of [false, true]) {
      document.body.classList.toggle('focus', focused);
      await settle();
      const svg = article.querySelector(focused ? 'div.focus-graph svg' : 'div.graph svg');
      const label = svg.querySelector('g.node text');
      const boxes = {};
      const changed = [];
      const gold = [];
      for (const node of svg.querySelectorAll('g.node')) {
        const shape = node.querySelector('path, polygon');
        if (!shape) continue;
        const r = shape.getBoundingClientRect();
        const id = node.querySelector('title').textContent;
        boxes[id] = [r.x, r.y, r.width, r.height];
        if (node.matches('.new, .changed, .ghost')) changed.push(id);
        if (node.matches('.new, .changed')) gold.push(id);
      }
      const v = svg.getBoundingClientRect();
      const x = Math.max(0, v.x), y = Math.max(0, v.y);
      const view = [x, y, Math.min(window.innerWidth, v.right) - x, Math.min(window.innerHeight, v.bottom) - y];
      out.push({ step: Number(article.dataset.step), focused,
        textPx: Number(label.getAttribute('font-size')) * label.getScreenCTM().a, boxes, changed, gold, view });
    }
    document.body.classList.remove('focus');
    await settle();
  }
  return out;
})()`;

/**
 * Run in the page: the before/after view at every step, whole and focused; each object whose box
 * differs between the two halves, one line each (boxes in the SVG's own units, as laid out).
 */
const COMPARE = `(async () => {
  const out = [];
  const boxes = (svg) => new Map(Array.from(svg.querySelectorAll('g.node')).filter((g) => g.querySelector('path, polygon'))
    .map((g) => { const b = g.querySelector('path, polygon').getBBox(); return [g.querySelector('title').textContent, [b.x, b.y, b.width, b.height].map((v) => v.toFixed(1)).join(' ')]; }));
  document.body.classList.add('compare');
  for (const article of document.querySelectorAll('article.step')) {
    if (article.dataset.step === '0') continue;
    for (const focused of [false, true]) {
      document.body.classList.toggle('focus', focused);
      window.location.hash = '#step-' + article.dataset.step;
      document.body.setAttribute('data-current-step', article.dataset.step);
      await new Promise((r) => setTimeout(r, 0));
      const halves = article.querySelectorAll('.compare-row svg');
      if (halves.length !== 2) { out.push('step ' + article.dataset.step + ': no before/after'); continue; }
      const [before, after] = [boxes(halves[0]), boxes(halves[1])];
      for (const [id, box] of after) if (before.has(id) && before.get(id) !== box) out.push('step ' + article.dataset.step + (focused ? ' focused' : '') + ': ' + id);
    }
  }
  return out;
})()`;

let browser: Browser;
const zoomed = new Map<string, readonly Shown[]>();
const fitted = new Map<string, readonly Shown[]>();
const pages = new Map<string, Page>();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run scripts/install-deps.sh browser`);
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  for (const name of LESSONS) {
    const html = join(OUT, `scenes-${name.replace('.yaml', '')}.html`);
    expect(await main(['report', scenarioPath(name), '-o', html], capture())).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${pathToFileURL(html).href}?projector`);
    zoomed.set(name, await page.evaluate<Shown[]>(MEASURE));
    await page.keyboard.press('w');
    fitted.set(name, await page.evaluate<Shown[]>(MEASURE));
    await page.keyboard.press('w');
    pages.set(name, page);
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

function measured(views: ReadonlyMap<string, readonly Shown[]>, name: string): readonly Shown[] {
  const m = views.get(name);
  if (m === undefined || m.length === 0) throw new Error(`${name} was not measured`);
  return m;
}

const label = (s: Shown): string => `step ${s.step}${s.focused ? ' focused' : ''}`;

/** The box a inside the box b, to a pixel's rounding. */
const inside = (a: Box, b: Box): boolean =>
  a[0] >= b[0] - 1 && a[1] >= b[1] - 1 && a[0] + a[2] <= b[0] + b[2] + 1 && a[1] + a[3] <= b[1] + b[3] + 1;

/** The smallest box holding all the given boxes. */
function union(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b[0]));
  const y = Math.min(...boxes.map((b) => b[1]));
  return [x, y, Math.max(...boxes.map((b) => b[0] + b[2])) - x, Math.max(...boxes.map((b) => b[1] + b[3])) - y];
}

describe.each(LESSONS)('the report of %s in projector mode at 1280x720', (name) => {
  it(`draws node text at least ${LECTURE_TEXT_PX} px at every step, whole and focused`, async () => {
    for (const s of measured(zoomed, name)) expect(s.textPx, label(s)).toBeGreaterThanOrEqual(LECTURE_TEXT_PX);
    // The steps a person should look at: the widest (smallest text when fitted whole), zoomed and whole.
    const page = pages.get(name);
    for (const focused of [false, true]) {
      const least = measured(fitted, name)
        .filter((s) => s.focused === focused)
        .reduce((a, b) => (b.textPx < a.textPx ? b : a));
      for (const whole of [false, true]) {
        await page?.evaluate(
          `document.body.classList.toggle('focus', ${focused}); document.body.classList.toggle('whole', ${whole}); window.location.hash = '#step-${least.step}'`,
        );
        await page?.waitForTimeout(100);
        const file = `scenes-${name.replace('.yaml', '')}-step${least.step}${focused ? '-focus' : ''}${whole ? '-whole' : ''}.png`;
        await page?.screenshot({ path: join(OUT, file) });
      }
    }
    await page?.evaluate(`document.body.classList.remove('focus', 'whole')`);
  });

  it("shows every node the step changed or freed, when their box fits in the picture's part of the screen", () => {
    let checked = 0;
    for (const s of measured(zoomed, name)) {
      expect(inside(s.view, [0, 0, 1280, 720]), `${label(s)}: the picture's part of the screen`).toBe(true);
      const boxes = s.changed.map((id) => s.boxes[id]).filter((b): b is Box => b !== undefined);
      if (boxes.length === 0) continue;
      const all = union(boxes);
      if (all[2] > s.view[2] || all[3] > s.view[3]) continue;
      checked++;
      for (const id of s.changed) expect(inside(s.boxes[id] ?? [0, 0, 0, 0], s.view), `${label(s)}: ${id}`).toBe(true);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('shows every node the step changed (gold) when they fit, even where the freed ones would not fit with them', () => {
    for (const s of measured(zoomed, name)) {
      const boxes = s.gold.map((id) => s.boxes[id]).filter((b): b is Box => b !== undefined);
      if (boxes.length === 0) continue;
      const all = union(boxes);
      if (all[2] > s.view[2] || all[3] > s.view[3]) continue;
      for (const id of s.gold) expect(inside(s.boxes[id] ?? [0, 0, 0, 0], s.view), `${label(s)}: ${id}`).toBe(true);
    }
  });

  it(`fits the whole picture on key w, its text at least ${OVERVIEW_TEXT_PX} px (the overview's floor)`, () => {
    for (const s of measured(fitted, name)) {
      expect(s.textPx, label(s)).toBeGreaterThanOrEqual(OVERVIEW_TEXT_PX);
      for (const [id, box] of Object.entries(s.boxes)) expect(inside(box, s.view), `${label(s)}: ${id}`).toBe(true);
    }
  });

  it('puts each object at one place in both halves of the before/after view at every step', async () => {
    const page = pages.get(name);
    expect(await page?.evaluate<string[]>(COMPARE)).toEqual([]);
  });

  for (const [view, views] of [
    ['zoomed', zoomed],
    ['fitted whole', fitted],
  ] as const) {
    it(`keeps every object at the same offset from every other at every step of the scenario (${view})`, () => {
      // Each object's box less the box of an object drawn since an earlier step: the camera may move, the objects not.
      const places = new Map<string, Map<string, Box>>();
      let compared = 0;
      for (const s of measured(views, name)) {
        const key = s.focused ? 'focused' : 'whole';
        const ref = places.get(key) ?? new Map(Object.entries(s.boxes));
        places.set(key, ref);
        const anchor = [...ref.keys()].find((id) => s.boxes[id] !== undefined);
        if (anchor === undefined) continue;
        const [ax, ay] = s.boxes[anchor] ?? [0, 0];
        const [rx, ry] = ref.get(anchor) ?? [0, 0];
        for (const [id, box] of Object.entries(s.boxes)) {
          const here: Box = [box[0] - ax + rx, box[1] - ay + ry, box[2], box[3]];
          const at = ref.get(id) ?? here;
          ref.set(id, at);
          compared++;
          for (const [i, d] of here.entries())
            expect(Math.abs(d - (at[i] ?? 0)), `step ${s.step}, ${key}: ${id} against ${anchor}`).toBeLessThan(0.2);
        }
      }
      expect(compared).toBeGreaterThan(5);
    });
  }
});
