// The playground in headless Chromium, served over http as a teacher would: the model runs in the
// page. Typed steps (open, unlink, fstat, a relink into relink_dir under the relink kernel) change
// the orphan list; undo restores it; the shared link reopens the same state; a scenario loads.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from './helpers.js';
import { serveFolder, type Served } from './static-server.js';

const CHROMIUM = process.env['RELINKLAB_CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = join(import.meta.dirname, '..', '..', 'test-output');

let browser: Browser;
let page: Page;
let site: Served;
let dir: string;
const problems: string[] = [];
const foreign: string[] = [];

async function open(url: string): Promise<Page> {
  const p = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  p.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  p.on('request', (r) => {
    if (!r.url().startsWith(site.url)) foreign.push(r.url());
  });
  await p.goto(url);
  await p.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  return p;
}

/** Types a step into the input and steps; waits until the page has drawn it. */
async function typeStep(text: string): Promise<void> {
  await page.fill('#call', text);
  await page.click('#step');
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
}

async function click(selector: string): Promise<void> {
  await page.click(selector);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
}

const orphans = (p: Page = page): Promise<string[]> => p.locator('#orphans li').allTextContents();
const ext4Orphans = async (p: Page = page): Promise<string> =>
  (await orphans(p)).find((l) => l.startsWith('ext4')) ?? '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run scripts/install-deps.sh browser`);
  mkdirSync(OUT, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'relinklab-playground-'));
  expect(await main(['playground', '-o', dir], capture())).toBe(0);
  site = await serveFolder(dir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await open(`${site.url}index.html`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('the playground in a browser', () => {
  it('boots the machine in the page and draws it', async () => {
    expect(await page.getAttribute('body', 'data-at')).toBe('0');
    expect(await page.locator('#graph svg').count()).toBe(1);
    expect(await ext4Orphans()).toMatch(/: none$/);
  });

  it('puts the unlinked open file on the orphan list and the relink takes it off', async () => {
    await typeStep('{call: mkdir, args: {path: /ckpt, mode: 0700}}');
    await typeStep('{call: mount, args: {source: "", target: /, fstype: "", flags: MS_REMOUNT, data: "relink=/ckpt"}}');
    await typeStep('{call: open, args: {path: /log, flags: O_RDWR|O_CREAT, mode: 0600}}');
    expect(await ext4Orphans()).toMatch(/: none$/);
    await typeStep('{call: unlink, args: {path: /log}}');
    await typeStep('{call: fstat, args: {fd: 3}}');
    expect(await ext4Orphans()).toMatch(/: inode \d+$/);
    expect(await page.locator('#steps li.current .answer').textContent()).toMatch(/st_nlink[=: ]+0/);
    await typeStep(
      '{call: linkat, args: {olddirfd: 3, oldpath: "", newdirfd: AT_FDCWD, newpath: /ckpt/log, flags: AT_EMPTY_PATH}}',
    );
    expect(await page.locator('#error').textContent()).toBe('');
    expect(await ext4Orphans()).toMatch(/: none$/);
    expect(await page.getAttribute('body', 'data-at')).toBe('6');
    await page.screenshot({ path: join(OUT, 'playground-relinked.png') });
  });

  it('undo goes back to the orphan, and step forward again to the relink', async () => {
    await click('#undo');
    expect(await page.getAttribute('body', 'data-at')).toBe('5');
    expect(await ext4Orphans()).toMatch(/: inode \d+$/);
    await click('#step');
    expect(await page.getAttribute('body', 'data-at')).toBe('6');
    expect(await ext4Orphans()).toMatch(/: none$/);
    await click('#undo');
  });

  it('a shared link opens the same state in a new page', async () => {
    const link = await page.inputValue('#share');
    expect(link).toContain('#at=5&sc=');
    const other = await open(link);
    expect(await other.getAttribute('body', 'data-at')).toBe('5');
    expect(await other.locator('#steps li').allTextContents()).toEqual(
      await page.locator('#steps li').allTextContents(),
    );
    expect(await orphans(other)).toEqual(await orphans());
    expect(await other.locator('#graph').innerHTML()).toBe(await page.locator('#graph').innerHTML());
    await other.close();
  });

  it('refuses a step the scenario parser refuses, saying why, and changes nothing', async () => {
    await typeStep('{call: open, args: {path: /x, flags: O_NOPE}}');
    expect(await page.locator('#error').textContent()).toMatch(/^step 6: .*O_NOPE/);
    expect(await page.getAttribute('body', 'data-at')).toBe('5');
    await page.fill('#call', '');
  });

  it('fills the input from the menu', async () => {
    await page.selectOption('#menu', { label: 'unlink' });
    expect(await page.inputValue('#call')).toBe('{pid: 1, call: unlink, args: {path: /f}}');
    await page.fill('#call', '');
  });

  it('loads a bundled scenario and steps through it', async () => {
    await page.selectOption('#scenario', 'scenarios/orphan.yaml');
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.getAttribute('body', 'data-at')).toBe('0');
    expect(await page.locator('#steps li.pending').count()).toBe(14);
    for (let i = 0; i < 7; i++) await click('#step');
    expect(await ext4Orphans()).toMatch(/: inode \d+$/);
    expect(await page.locator('#steps li.fail').count()).toBe(0);
  });

  it('loads with no console error and fetches nothing from elsewhere', () => {
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
