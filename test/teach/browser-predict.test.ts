// The report's predict-then-reveal mode in headless Chromium: a step's answer, narration and new
// values stay hidden until the student answers, then show, with a verdict, right or wrong.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture, frameOf, scenarioPath, timeline } from './helpers.js';

const CHROMIUM = process.env['RELINKLAB_CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = join(import.meta.dirname, '..', '..', 'test-output');
const OTHER_MOUNT = timeline('other-mount.yaml');
const OPEN = frameOf(OTHER_MOUNT, 'open').index;
const CHECKPOINT = frameOf(OTHER_MOUNT, 'checkpoint').index;

let browser: Browser;
let page: Page;
let url: string;
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run scripts/install-deps.sh browser`);
  mkdirSync(OUT, { recursive: true });
  const html = join(OUT, 'other-mount-predict.html');
  expect(await main(['report', scenarioPath('other-mount.yaml'), '-o', html], capture())).toBe(0);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  url = pathToFileURL(html).href;
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/**
 * The graph's changed values of step n, as the page shows them: "d_count 0 -> 1" or "d_count 0 -> ?",
 * and a long one's new value on the line under its old one, "-> /a (deleted)" or "-> ?".
 */
const changedValues = (n: number): Promise<string[]> =>
  page
    .locator(`#step-${n} div.graph svg text`)
    .allTextContents()
    .then((all) => all.filter((t) => t.includes(' -> ') || t.startsWith('-> ')));

const title = (n: number): Promise<string> => page.locator(`#step-${n} h2`).innerText();

describe('the report in predict-then-reveal mode', () => {
  it("opened with ?predict, hides a step's answer, narration and new values, and the object timeline", async () => {
    await page.goto(`${url}?predict#step-${OPEN}`);
    expect(await title(OPEN)).toBe(`${OPEN}. pid 2: open("/c/f", O_RDWR|O_CREAT, 0644)`);
    expect(await page.locator(`#step-${OPEN} details.narration`).isVisible()).toBe(false);
    const values = await changedValues(OPEN);
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((v) => !v.endsWith('-> ?'))).toEqual([]);
    expect(await page.locator('#objects').isVisible()).toBe(false);
    await page.screenshot({ path: join(OUT, 'report-other-mount-predict.png') });
  });

  it('typing keys into the answer box neither steps the report nor switches a mode', async () => {
    await page.locator(`#step-${OPEN} form.predict input[name="guess"]`).fill('');
    await page.locator(`#step-${OPEN} form.predict input[name="guess"]`).press('ArrowLeft');
    await page.locator(`#step-${OPEN} form.predict input[name="guess"]`).pressSequentially('pfbq');
    expect(await page.getAttribute('body', 'data-current-step')).toBe(String(OPEN));
    expect(await page.getAttribute('body', 'class')).toBe('predict');
  });

  it('a right typed answer reveals the answer, the narration and the new values, and says right', async () => {
    await page.locator(`#step-${OPEN} form.predict input[name="guess"]`).fill(' 3 ');
    await page.click(`#step-${OPEN} form.predict button[type="submit"]`);
    expect(await page.locator(`#step-${OPEN} p.verdict`).innerText()).toBe('Right: 3.');
    expect(await page.locator(`#step-${OPEN} p.verdict`).getAttribute('class')).toBe('verdict right');
    expect(await title(OPEN)).toBe(`${OPEN}. pid 2: open("/c/f", O_RDWR|O_CREAT, 0644) = 3`);
    expect(await page.locator(`#step-${OPEN} details.narration`).isVisible()).toBe(true);
    const values = await changedValues(OPEN);
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((v) => v.endsWith('-> ?'))).toEqual([]);
    expect(await page.locator(`#step-${OPEN} form.predict`).isVisible()).toBe(false);
  });

  it('a wrong pick says wrong and gives the answer, and the refused checkpoint shows its EXDEV', async () => {
    await page.goto(`${url}?predict#step-${CHECKPOINT}`);
    expect(await title(CHECKPOINT)).not.toContain('EXDEV');
    await page.check(`#step-${CHECKPOINT} input[value="succeeds"]`);
    await page.click(`#step-${CHECKPOINT} form.predict button[type="submit"]`);
    const verdict = page.locator(`#step-${CHECKPOINT} p.verdict`);
    expect(await verdict.innerText()).toBe('Wrong: you said succeeds; the answer is fails.');
    expect(await verdict.getAttribute('class')).toBe('verdict wrong');
    expect(await title(CHECKPOINT)).toContain('EXDEV');
  });

  it('key q leaves the mode and shows every step whole; pressed again, hides the unanswered ones', async () => {
    await page.goto(`${url}#step-${OPEN}`);
    expect(await title(OPEN)).toContain('= 3');
    await page.keyboard.press('q');
    expect(await title(OPEN)).not.toContain('= 3');
    expect((await changedValues(OPEN)).filter((v) => !v.endsWith('-> ?'))).toEqual([]);
    expect(await page.getAttribute('#predict', 'aria-pressed')).toBe('true');
    await page.keyboard.press('q');
    expect(await title(OPEN)).toContain('= 3');
    expect((await changedValues(OPEN)).filter((v) => v.endsWith('-> ?'))).toEqual([]);
  });

  it('met no console error or warning', () => {
    expect(problems).toEqual([]);
  });
});
