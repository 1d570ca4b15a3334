// The report's scenes as a lecture hall sees them: in headless Chromium at 1280x720 in projector
// mode, every step of four lessons, whole and focused, the node text as large as scenes.test.ts
// computes from the SVG, and each object at one place on the screen within a scene. Screenshots
// of each lesson's step with the smallest text land in test-output/ for a person to look at.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture, scenarioPath } from './helpers.js';

const CHROMIUM = process.env['RELINKLAB_CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = join(import.meta.dirname, '..', '..', 'test-output');
const LESSONS = ['fifo.yaml', 'other-mount.yaml', 'failed-checkpoint.yaml', 'orphan.yaml'];
/** As in scenes.test.ts: the least node text projector mode gives these lessons (docs/teaching.md). */
const PROJECTOR_TEXT_PX = 8.9;

interface Shown {
  readonly step: number;
  readonly scene: string;
  readonly focused: boolean;
  /** A node label's font size times the scale the page draws the SVG at, in CSS pixels. */
  readonly textPx: number;
  /** Each node's box on the screen, by its id. */
  readonly boxes: Record<string, string>;
}

/** Run in the page: every step shown in turn, whole and focused, measured as drawn. */
const MEASURE = `(async () => {
  await document.fonts.ready;
  const out = [];
  for (const article of document.querySelectorAll('article.step')) {
    window.location.hash = '#step-' + article.dataset.step;
    await new Promise((r) => setTimeout(r, 0));
    for (const focused of [false, true]) {
      document.body.classList.toggle('focus', focused);
      const svg = article.querySelector(focused ? 'div.focus-graph svg' : 'div.graph svg');
      const label = svg.querySelector('g.node text');
      const boxes = {};
      for (const node of svg.querySelectorAll('g.node')) {
        const shape = node.querySelector('path, polygon');
        if (!shape) continue;
        const r = shape.getBoundingClientRect();
        boxes[node.querySelector('title').textContent] = [r.x, r.y, r.width, r.height].map((v) => v.toFixed(1)).join(' ');
      }
      out.push({ step: Number(article.dataset.step), scene: article.dataset.scene, focused,
        textPx: Number(label.getAttribute('font-size')) * label.getScreenCTM().a, boxes });
    }
    document.body.classList.remove('focus');
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
const shown = new Map<string, readonly Shown[]>();
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
    shown.set(name, await page.evaluate<Shown[]>(MEASURE));
    pages.set(name, page);
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

function measured(name: string): readonly Shown[] {
  const m = shown.get(name);
  if (m === undefined || m.length === 0) throw new Error(`${name} was not measured`);
  return m;
}

describe.each(LESSONS)('the report of %s in projector mode at 1280x720', (name) => {
  it(`draws node text at least ${PROJECTOR_TEXT_PX} px at every step, whole and focused`, async () => {
    const all = measured(name);
    for (const s of all)
      expect(s.textPx, `step ${s.step}${s.focused ? ' focused' : ''}`).toBeGreaterThanOrEqual(PROJECTOR_TEXT_PX);
    // The step a person should look at: the one with the smallest text, whole and focused.
    const page = pages.get(name);
    for (const focused of [false, true]) {
      const least = all.filter((s) => s.focused === focused).reduce((a, b) => (b.textPx < a.textPx ? b : a));
      await page?.evaluate(
        `document.body.classList.toggle('focus', ${focused}); window.location.hash = '#step-${least.step}'`,
      );
      await page?.waitForTimeout(100);
      const file = `scenes-${name.replace('.yaml', '')}-step${least.step}${focused ? '-focus' : ''}.png`;
      await page?.screenshot({ path: join(OUT, file) });
    }
  });

  it('puts each object at one place in both halves of the before/after view at every step', async () => {
    const page = pages.get(name);
    expect(await page?.evaluate<string[]>(COMPARE)).toEqual([]);
  });

  it('keeps each object at one place on the screen at every step of a scene', () => {
    const first = new Map<string, string>();
    for (const s of measured(name)) {
      for (const [id, box] of Object.entries(s.boxes)) {
        const key = `${s.focused ? 'focused' : 'whole'} scene ${s.scene}: ${id}`;
        const at = first.get(key) ?? box;
        first.set(key, at);
        expect(box, `step ${s.step}, ${key}`).toBe(at);
      }
    }
    expect(first.size).toBeGreaterThan(5);
  });
});
