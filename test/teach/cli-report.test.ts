// relinklab report: one self-contained page per scenario, written only on success.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { FIFO_OPEN } from '../helpers/sleeping-open.js';
import { capture, SCENARIOS, scenarioPath, timeline } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'relinklab-report-'));

async function report(name: string): Promise<string> {
  const out = join(tmp, `${name}.html`);
  const io = capture();
  expect(await main(['report', scenarioPath(name), '-o', out], io)).toBe(0);
  expect(io.errs).toEqual([]);
  return readFileSync(out, 'utf8');
}

describe('relinklab report', () => {
  for (const f of SCENARIOS) {
    it(`writes a page for ${f} with the booted machine and every step, each with its graph inline`, async () => {
      const html = await report(f);
      const steps = timeline(f).frames.length;
      expect(html.match(/<article class="step"/g)).toHaveLength(steps + 1);
      expect(html.match(/<div class="graph"><svg/g)).toHaveLength(steps + 1);
    });
  }

  it('references nothing outside the page: no src, no link, no remote URL', async () => {
    const html = await report('alias.yaml');
    expect(html).not.toMatch(/<script[^>]+src=|<link\b|<img\b|@import|url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
  });

  it('keeps the ids of the inlined SVGs distinct', async () => {
    const html = await report('alias.yaml');
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("tells the step's changes next to its graph", async () => {
    const html = await report('orphan.yaml');
    expect(html).toContain("vfs_unlink took inode 13's i_nlink from 1 to 0");
  });

  it("escapes a call's quotes and a sleeping call's angle brackets in the page", async () => {
    const file = join(tmp, 'fifo-open.yaml');
    writeFileSync(file, FIFO_OPEN);
    const out = join(tmp, 'fifo-open.html');
    expect(await main(['report', file, '-o', out], capture())).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('pid 1: open(&quot;/p&quot;, O_RDONLY) = ? &lt;blocked: fifo_open waits for a writer&gt;');
    expect(html).not.toContain('<blocked');
  });

  it('prints what it wrote as JSON with --json', async () => {
    const out = join(tmp, 'json.html');
    const io = capture();
    expect(await main(['report', scenarioPath('fifo.yaml'), '-o', out, '--json'], io)).toBe(0);
    const r = JSON.parse(io.outs.join('')) as { written: string; steps: number; bytes: number };
    expect(r.written).toBe(out);
    expect(r.steps).toBe(timeline('fifo.yaml').frames.length);
    expect(r.bytes).toBe(readFileSync(out).length);
  });

  it('exits 2 without -o', async () => {
    const io = capture();
    expect(await main(['report', scenarioPath('alias.yaml')], io)).toBe(2);
    expect(io.errs).toEqual(['relinklab: Missing required argument: o']);
  });

  it('exits 2 for a missing scenario, writing nothing', async () => {
    const out = join(tmp, 'missing.html');
    const io = capture();
    expect(await main(['report', join(tmp, 'none.yaml'), '-o', out], io)).toBe(2);
    expect(io.errs).toEqual([`${join(tmp, 'none.yaml')}: cannot read: ENOENT`]);
    expect(existsSync(out)).toBe(false);
  });
});

describe('relinklab report on a scenario whose expectation fails', () => {
  it('still writes the whole page, marks the step, and exits 1 with one line naming it', async () => {
    const file = join(tmp, 'alias-wrong.yaml');
    writeFileSync(file, readFileSync(scenarioPath('alias.yaml'), 'utf8').replace('data: "abXYef"', 'data: "zzzzzz"'));
    const out = join(tmp, 'alias-wrong.html');
    const io = capture();
    expect(await main(['report', file, '-o', out], io)).toBe(1);
    expect(io.errs).toEqual([`${file}: 1 step(s) not as the scenario expected: 15`]);
    const html = readFileSync(out, 'utf8');
    expect(html.match(/class="fail-note"/g)).toHaveLength(1);
  });
});
