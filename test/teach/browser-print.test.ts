// The report printed (or saved as PDF) from headless Chromium: one page per step, the booted
// machine first, so a teacher hands out or projects the steps as slides.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture, scenarioPath, timeline } from './helpers.js';

const CHROMIUM = process.env['RELINKLAB_CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = join(import.meta.dirname, '..', '..', 'test-output');

let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** The pages of a PDF: its page objects, not the page tree's /Pages nodes. */
const pageCount = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

describe('the printed report', () => {
  for (const name of ['fifo.yaml', 'failed-checkpoint.yaml']) {
    it(`gives ${name} one A4 page per step, the booted machine included`, async () => {
      const html = join(OUT, `${name}-print.html`);
      expect(await main(['report', scenarioPath(name), '-o', html], capture())).toBe(0);
      const page = await browser.newPage();
      await page.goto(pathToFileURL(html).href);
      const pdf = await page.pdf({ format: 'A4' });
      writeFileSync(join(OUT, `${name}.pdf`), pdf);
      await page.close();
      expect(pageCount(pdf)).toBe(timeline(name).frames.length + 1);
    });
  }
});
