// The report at a lecture hall's 1280x720 in headless Chromium: the address follows the step, the
// object timeline jumps to a step, projector mode puts the whole graph on the screen above the
// text, and no title is clipped. Screenshots land in test-output/ for a person to look at.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture, frameOf, scenarioPath, timeline } from './helpers.js';

const CHROMIUM = process.env['RELINKLAB_CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = join(import.meta.dirname, '..', '..', 'test-output');
const KILL = frameOf(timeline('fifo.yaml'), 'kill').index;

let browser: Browser;
let page: Page;
let url: string;
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run scripts/install-deps.sh browser`);
  mkdirSync(OUT, { recursive: true });
  const html = join(OUT, 'fifo-report.html');
  expect(await main(['report', scenarioPath('fifo.yaml'), '-o', html], capture())).toBe(0);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  url = pathToFileURL(html).href;
  await page.goto(url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** The element lies wholly within the 1280x720 window as scrolled. */
async function onScreen(p: Page, selector: string): Promise<boolean> {
  const box = await p.locator(selector).boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= 720 && box.x >= 0 && box.x + box.width <= 1280;
}

const current = (): Promise<string | null> => page.getAttribute('body', 'data-current-step');

/** Shown elements whose text is wider than their box: a clipped or overflowing title (run in the page). */
const CLIPPED = `Array.from(document.querySelectorAll('h1, h2, nav button, .controls'))
  .filter((e) => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
  .map((e) => e.textContent)`;

const clipped = (): Promise<string[]> => page.evaluate<string[]>(CLIPPED);

describe('the report at 1280x720', () => {
  it('opens at the step the address names, and the address follows the step', async () => {
    await page.goto(`${url}#step-${KILL}`);
    expect(await current()).toBe(String(KILL));
    expect(await onScreen(page, '#next')).toBe(true);
    await page.click('#next');
    expect(new URL(page.url()).hash).toBe(`#step-${KILL + 1}`);
  });

  it("opened afresh in projector mode at #step-N, shows the controls and the step's title", async () => {
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await fresh.goto(`${url}?projector&focus#step-${KILL}`);
    await fresh.waitForTimeout(300);
    expect(await onScreen(fresh, '#next')).toBe(true);
    expect(await onScreen(fresh, `#step-${KILL} h2`)).toBe(true);
    await fresh.close();
  });

  it('jumps to a step from a cell of the object timeline', async () => {
    await page.click(`#objects td[data-step="${KILL}"] button >> nth=0`);
    expect(await current()).toBe(String(KILL));
    expect(await page.locator(`#objects th[data-step="${KILL}"]`).getAttribute('class')).toBe('current');
  });

  it('clips no title, step name or control', async () => {
    expect(await clipped()).toEqual([]);
    await page.screenshot({ path: join(OUT, 'report-fifo-1280.png') });
  });

  it('in projector mode, shows the whole graph above the step title, within the screen', async () => {
    await page.click('#focus');
    await page.click('#projector');
    const graph = await page.locator(`#step-${KILL} .focus-graph svg`).boundingBox();
    const title = await page.locator(`#step-${KILL} h2`).boundingBox();
    expect(graph).not.toBeNull();
    expect((graph?.y ?? 0) + (graph?.height ?? 0)).toBeLessThanOrEqual((title?.y ?? 0) + 1);
    expect((graph?.x ?? -1) >= 0 && (graph?.x ?? 0) + (graph?.width ?? 0) <= 1280).toBe(true);
    expect((graph?.y ?? 0) + (graph?.height ?? 0)).toBeLessThanOrEqual(720);
    expect(await page.locator('nav').isVisible()).toBe(false);
    expect(await clipped()).toEqual([]);
    await page.screenshot({ path: join(OUT, 'report-fifo-projector.png') });
  });

  it('folds the narration in projector mode, and unfolds it when the mode is left', async () => {
    expect(await page.locator(`#step-${KILL} details.narration`).getAttribute('open')).toBeNull();
    await page.keyboard.press('p');
    expect(await page.locator(`#step-${KILL} details.narration`).getAttribute('open')).toBe('');
  });

  it("saves the step's picture as a PNG, at twice the SVG's size, named after the scenario and step", async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#png')]);
    expect(download.suggestedFilename()).toBe(`fifo-step-${KILL}.png`);
    const png = readFileSync(await download.path());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const svg = await page.locator(`#step-${KILL} .focus-graph svg`).getAttribute('viewBox');
    const width = Number(svg?.split(' ')[2]);
    expect(png.readUInt32BE(16)).toBe(Math.ceil(width * 2));
    writeFileSync(join(OUT, `report-fifo-step${KILL}.png`), png);
  });

  it('shows the step before and this one side by side, each object at the same place in both', async () => {
    await page.goto(`${url}#step-${KILL}`);
    await page.keyboard.press('b');
    const figures = page.locator(`#step-${KILL} .compare-row figure`);
    expect(await figures.locator('figcaption').allTextContents()).toEqual([
      `before: step ${KILL - 1}`,
      `after: step ${KILL}`,
    ]);
    const place = async (i: number): Promise<number[]> => {
      const fig = await figures.nth(i).locator('svg').boundingBox();
      const node = await figures.nth(i).locator('g.node.inode', { hasText: 'inode 13' }).boundingBox();
      return [(node?.x ?? 0) - (fig?.x ?? 0), (node?.y ?? 0) - (fig?.y ?? 0)].map(Math.round);
    };
    expect(await place(0)).toEqual(await place(1));
    await page.screenshot({ path: join(OUT, 'report-fifo-before-after.png') });
    await page.keyboard.press('b');
    expect(await page.locator('.compare-row').count()).toBe(0);
  });

  it('in projector mode, clamps a long title to two lines, its whole text on hover and a click, the narration on screen', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await fresh.goto(`${url}?projector#step-${KILL}`);
    const long = `${KILL}. ${'a step title much longer than a line of the screen '.repeat(8)}`;
    const h2 = fresh.locator(`#step-${KILL} h2`);
    await h2.evaluate((e, text) => (e.textContent = text), long);
    const fontPx = await fresh.evaluate<number>(
      `parseFloat(getComputedStyle(document.querySelector('#step-${KILL} h2')).fontSize)`,
    );
    const lineHeight = fontPx * 1.3;
    expect((await h2.boundingBox())?.height ?? 0).toBeLessThanOrEqual(2 * lineHeight);
    expect(await onScreen(fresh, `#step-${KILL} details.narration summary`)).toBe(true);
    await h2.hover();
    expect(await h2.getAttribute('title')).toBe(long);
    await h2.click();
    expect((await h2.boundingBox())?.height ?? 0).toBeGreaterThan(3 * lineHeight);
    await fresh.close();
  });

  it("saves the whole picture as the PNG while projector mode's camera shows a part of it", async () => {
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const restart = frameOf(timeline('fifo.yaml'), 'restart').index;
    await fresh.goto(`${url}?projector#step-${restart}`);
    const svg = fresh.locator(`#step-${restart} div.graph svg`);
    const whole = Number((await svg.getAttribute('data-whole-view'))?.split(' ')[2]);
    expect(Number((await svg.getAttribute('viewBox'))?.split(' ')[2])).toBeLessThan(whole);
    const [download] = await Promise.all([fresh.waitForEvent('download'), fresh.click('#png')]);
    expect(readFileSync(await download.path()).readUInt32BE(16)).toBe(Math.ceil(whole * 2));
    await fresh.close();
  });

  it('met no console error or warning', () => {
    expect(problems).toEqual([]);
  });
});
