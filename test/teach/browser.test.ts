// The report in headless Chromium: it loads with no console error and nothing fetched, the stepper
// moves with buttons and arrow keys, and a screenshot lands in test-output/ for a person to look at.
// Chromium comes from Debian (scripts/install-deps.sh browser); scripts/test.sh installs it.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture, scenarioPath } from './helpers.js';

const CHROMIUM = process.env['RELINKLAB_CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = join(import.meta.dirname, '..', '..', 'test-output');

let browser: Browser;
let page: Page;
const problems: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run scripts/install-deps.sh browser`);
  mkdirSync(OUT, { recursive: true });
  const html = join(OUT, 'alias-report.html');
  expect(await main(['report', scenarioPath('alias.yaml'), '-o', html], capture())).toBe(0);
  // Root in a container cannot use Chromium's sandbox.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(html).href);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const current = (): Promise<string | null> => page.getAttribute('body', 'data-current-step');

describe('the report in a browser', () => {
  it('loads with no console error or warning', () => {
    expect(problems).toEqual([]);
  });

  it('fetches nothing but the page itself', () => {
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
  });

  it('starts at the booted machine with only its panel shown', async () => {
    expect(await current()).toBe('0');
    expect(await page.locator('article.step:visible').count()).toBe(1);
  });

  it('moves one step with the next button and back with prev', async () => {
    await page.click('#next');
    expect(await current()).toBe('1');
    await page.click('#prev');
    expect(await current()).toBe('0');
  });

  it('moves with the arrow keys', async () => {
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await current()).toBe('2');
    await page.keyboard.press('ArrowLeft');
    expect(await current()).toBe('1');
  });

  it('jumps to a step from the timeline and shows its graph; the screenshot is saved', async () => {
    await page.click('nav button[data-step="8"]');
    expect(await current()).toBe('8');
    expect(await page.locator('#step-8 .graph svg').isVisible()).toBe(true);
    const shot = join(OUT, 'report-alias-step8.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    expect(problems).toEqual([]);
  });
});
