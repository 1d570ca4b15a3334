// The report's text fits wherever it is opened: in headless Chromium at 1280x720, normal and in
// projector mode, every line of every node's label lies inside its node's shape, each picture's
// title inside the picture, and no heading or control is clipped (projector mode clamps a long
// step title to two lines, which a click opens whole). Checked twice: with this
// machine's fonts, and on a machine whose only font is a wide one (DejaVu Sans Mono, through a
// fontconfig file of its own), where a page that leaves the face to the machine overflows.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture, frameOf, scenarioPath, timeline } from './helpers.js';

const CHROMIUM = process.env['RELINKLAB_CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = join(import.meta.dirname, '..', '..', 'test-output');
const WIDE_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';
const KILL = frameOf(timeline('fifo.yaml'), 'kill').index;
const LESSONS = ['fifo.yaml', 'other-mount.yaml', 'failed-checkpoint.yaml', 'orphan.yaml'];

/** A fontconfig setup that knows one font, the wide one, so every family the page asks for falls back to it. */
function wideFontMachine(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'relinklab-fonts-'));
  mkdirSync(join(dir, 'fonts'));
  copyFileSync(WIDE_FONT, join(dir, 'fonts', 'wide.ttf'));
  const conf = join(dir, 'fonts.conf');
  writeFileSync(
    conf,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${dir}/fonts</dir><cachedir>${dir}/cache</cachedir></fontconfig>\n`,
  );
  return { ...process.env, FONTCONFIG_FILE: conf } as Record<string, string>;
}

/** In-page helpers: whether box a lies within box b, and each node label line of an SVG that does not. */
const NODE_CHECK = `
  const inside = (a, b) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
  const overflows = (svg, where) => {
    const out = [];
    for (const node of svg.querySelectorAll('g.node')) {
      const shape = node.querySelector('path, polygon, ellipse');
      if (!shape) continue;
      const box = shape.getBBox();
      for (const text of node.querySelectorAll('text')) {
        if (!inside(text.getBBox(), box)) out.push(where + ': ' + JSON.stringify(text.textContent) + ' overflows its node ' + node.querySelector('title').textContent);
      }
    }
    return out;
  };`;

/**
 * Run in the page: every step shown in turn, whole and focused; what does not fit, one line each.
 * getBBox measures in the SVG's own units, so the check does not depend on how far it is scaled.
 */
const MISFITS = `(async () => {
  await document.fonts.ready;
  ${NODE_CHECK}
  const out = [];
  const cut = (e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1;
  // Projector mode clamps a long step title to two lines; a click opens it whole (src/teach/report-camera.ts).
  const opened = (e) => { e.classList.add('unclamped'); const whole = !cut(e); e.classList.remove('unclamped'); return whole; };
  const clipped = () => Array.from(document.querySelectorAll('h1, h2, nav button, .controls, .controls button'))
    .filter((e) => e.offsetParent !== null && cut(e) && !(e.tagName === 'H2' && document.body.classList.contains('projector') && opened(e)));
  for (const article of document.querySelectorAll('article.step')) {
    window.location.hash = '#step-' + article.dataset.step;
    await new Promise((r) => setTimeout(r, 0));
    for (const focused of [false, true]) {
      document.body.classList.toggle('focus', focused);
      for (const e of clipped()) out.push('step ' + article.dataset.step + ': clipped ' + e.tagName + ' ' + JSON.stringify(e.textContent));
      const svg = article.querySelector(focused ? 'div.focus-graph svg' : 'div.graph svg');
      const where = 'step ' + article.dataset.step + (focused ? ' focused' : '');
      // A hidden picture measures as empty boxes, which would fit anything.
      if (article.hidden || svg.getBBox().width === 0) out.push(where + ': not shown');
      // The picture as laid out: projector mode's camera (src/teach/report-camera.ts) may show a part of it.
      const [fx, fy, fw, fh] = (svg.getAttribute('data-whole-view') || svg.getAttribute('viewBox')).split(/[ ,]+/).map(Number);
      const frame = { x: fx, y: fy, width: fw, height: fh };
      const title = svg.querySelector('g.graph > text');
      const toFrame = (box) => { const m = svg.querySelector('g.graph').transform.baseVal.consolidate(); const t = m ? m.matrix : new DOMMatrix(); return { x: box.x + t.e, y: box.y + t.f, width: box.width, height: box.height }; };
      if (title && !inside(toFrame(title.getBBox()), frame)) out.push(where + ': the title ' + JSON.stringify(title.textContent) + ' leaves the picture');
      out.push(...overflows(svg, where));
    }
    document.body.classList.remove('focus');
  }
  return out;
})()`;

/** Run on an SVG opened alone: its labels that leave their nodes. */
const SVG_MISFITS = `(async () => {
  await document.fonts.ready;
  ${NODE_CHECK}
  return overflows(document.querySelector('svg'), 'the SVG');
})()`;

async function misfits(browser: Browser, name: string, projector: boolean): Promise<string[]> {
  const html = join(OUT, `fonts-${name}.html`);
  expect(await main(['report', scenarioPath(name), '-o', html], capture())).toBe(0);
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${pathToFileURL(html).href}${projector ? '?projector' : ''}`);
  const found = await page.evaluate<string[]>(MISFITS);
  await page.close();
  return found;
}

const machines: readonly [string, () => Record<string, string> | undefined][] = [
  ["this machine's fonts", () => undefined],
  ['a machine whose only font is wide', wideFontMachine],
];

for (const [machine, env] of machines) {
  describe(`the lesson reports on ${machine}`, () => {
    let browser: Browser;
    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run scripts/install-deps.sh browser`);
      mkdirSync(OUT, { recursive: true });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], env: env() });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });
    it("keep every label of `render --format svg` (fifo's kill step, focused) inside its node, the SVG opened alone", async () => {
      const svg = join(OUT, 'fonts-fifo-kill.svg');
      expect(
        await main(
          ['render', scenarioPath('fifo.yaml'), '--step', String(KILL), '--format', 'svg', '--focus', '-o', svg],
          capture(),
        ),
      ).toBe(0);
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(pathToFileURL(svg).href);
      const found = await page.evaluate<string[]>(SVG_MISFITS);
      await page.close();
      expect(found).toEqual([]);
    }, 60_000);
    for (const name of LESSONS) {
      for (const projector of [false, true]) {
        it(`keep every label of ${name} inside its node and clip nothing${projector ? ' in projector mode' : ''}`, async () => {
          expect(await misfits(browser, name, projector)).toEqual([]);
        }, 60_000);
      }
    }
  });
}
