// The face the pictures and the report embed (src/teach/report-font.ts): its advances read from
// the font itself, the widths Graphviz is given, and every character a bundled report shows.
import { describe, expect, it } from 'vitest';
import { REPORT_FONT_WOFF } from '../../src/teach/report-font-data.js';
import { FONT_FAMILY, reportFontMetrics, textWidth, withEmbeddedFont } from '../../src/teach/report-font.js';
import { buildReport } from '../../src/teach/report.js';
import { dotLayoutJson } from '../../src/teach/svg.js';
import { SCENARIOS, timeline } from './helpers.js';

/** What a reader sees of a report: its text, without the style, script and embedded font. */
const shownText = (html: string): string =>
  html
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('the embedded face', () => {
  it("reads each character's advance from the font's hmtx table (DejaVu Sans: 2048 units an em, 'a' 1255, ' ' 651)", () => {
    const m = reportFontMetrics();
    expect([m.unitsPerEm, m.advances.get('a'), m.advances.get(' ')]).toEqual([2048, 1255, 651]);
  });

  it("measures an ASCII line as Graphviz's own width table for DejaVu Sans does", async () => {
    const line = 'pipe buffer "hello world!" (13 bytes)';
    const layout = (await dotLayoutJson(
      `digraph { n [shape=box, margin=0, fontname="${FONT_FAMILY}", fontsize=10, label="${line.replace(/"/g, '\\"')}"]; }`,
    )) as { objects: { width: string }[] };
    expect(Number(layout.objects[0]?.width) * 72).toBeCloseTo(textWidth(line, 10), 1);
  });

  it('counts a character it lacks a full em wide', () => {
    expect(reportFontMetrics().advances.has('木')).toBe(false);
    expect(textWidth('木', 10)).toBe(10);
  });

  it('has every character the bundled scenarios’ reports show', async () => {
    const missing = new Set<string>();
    for (const name of SCENARIOS) {
      const text = shownText(await buildReport(timeline(name)));
      for (const ch of text) if (!/\s/.test(ch) && !reportFontMetrics().advances.has(ch)) missing.add(ch);
    }
    expect([...missing]).toEqual([]);
  }, 120_000);

  it('is a small WOFF file', () => {
    expect(Buffer.from(REPORT_FONT_WOFF, 'base64').length).toBeLessThan(20_000);
  });

  it('is declared inside an SVG made to stand alone, before the drawing', () => {
    const svg = withEmbeddedFont('<?xml version="1.0"?>\n<svg width="10pt">\n<g id="graph0"></g></svg>');
    expect(svg).toMatch(
      /^<\?xml[^]*<svg width="10pt">\n<style>@font-face \{ font-family: 'DejaVu Sans'; src: url\(data:font\/woff;base64,/,
    );
    expect(svg.indexOf('<style>')).toBeLessThan(svg.indexOf('<g id="graph0">'));
  });
});
