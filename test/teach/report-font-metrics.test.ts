// The advance table the layout measures with (src/teach/report-font-metrics.ts, written so that
// the layout runs in a browser too) is what the embedded WOFF's own cmap and hmtx tables give.
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { REPORT_FONT_WOFF } from '../../src/teach/report-font-data.js';
import { reportFontMetrics } from '../../src/teach/report-font.js';
import { fontMetrics } from '../../src/teach/report-font-woff.js';

describe("the embedded face's advance table", () => {
  it('holds every character of the WOFF with its advance, and its units per em', () => {
    const decoded = fontMetrics(Buffer.from(REPORT_FONT_WOFF, 'base64'));
    const table = reportFontMetrics();
    expect(table.unitsPerEm).toBe(decoded.unitsPerEm);
    expect([...table.advances].sort()).toEqual([...decoded.advances].sort());
  });
});
