/**
 * The one face the pictures and the report are drawn in, embedded in them (DejaVu Sans, cut down by
 * scripts/make-report-font.sh): Graphviz in WebAssembly cannot see the reader's fonts, so node
 * sizes come from this face's own advance widths (its hmtx table), and every reader sees that face.
 */
import { ModelBug } from '../model/errors.js';
import { REPORT_FONT_WOFF } from './report-font-data.js';
import { REPORT_FONT_ADVANCES, REPORT_FONT_UNITS_PER_EM } from './report-font-metrics.js';

/** The family the DOT graphs name; Graphviz's own width table knows it (as "dejavusans"). */
export const FONT_FAMILY = 'DejaVu Sans';

/** An @font-face that shadows any installed face of the same name, so the embedded one is used. */
export const FONT_FACE_CSS = `@font-face { font-family: '${FONT_FAMILY}'; src: url(data:font/woff;base64,${REPORT_FONT_WOFF}) format('woff'); }`;

/**
 * The pictures' text: in the embedded face, and laid out at its exact advances (geometricPrecision
 * keeps Chromium from rounding each glyph's advance to a whole pixel, which can widen a line).
 */
export const SVG_TEXT_CSS = `text { font-family: '${FONT_FAMILY}'; text-rendering: geometricPrecision; }`;

export interface FontMetrics {
  readonly unitsPerEm: number;
  /** Each character's advance width, in font units. */
  readonly advances: ReadonlyMap<string, number>;
}

let metrics: FontMetrics | null = null;

/**
 * The face's advances, as report-font-metrics.ts holds them (read from the WOFF's cmap and hmtx by
 * report-font-woff.ts, and checked against it by test/teach/report-font.test.ts): measured without
 * Node's zlib and Buffer, so the layout also runs in the browser's playground.
 */
export const reportFontMetrics = (): FontMetrics =>
  (metrics ??= { unitsPerEm: REPORT_FONT_UNITS_PER_EM, advances: new Map(REPORT_FONT_ADVANCES) });

/**
 * A line's width in points at `size` points: the sum of its characters' advances (the face has no
 * kerning or ligatures). A character the face lacks is drawn from another font by the browser;
 * it is counted a full em, as wide as such a glyph (a CJK one, say) usually is.
 */
export function textWidth(text: string, size: number): number {
  const m = reportFontMetrics();
  let units = 0;
  for (const ch of text) units += m.advances.get(ch) ?? m.unitsPerEm;
  return (units / m.unitsPerEm) * size;
}

/** An SVG made self-contained: the embedded face declared inside it, for a file opened on its own. */
export function withEmbeddedFont(svg: string): string {
  const open = /<svg\b[^>]*>/.exec(svg);
  if (open === null) throw new ModelBug('Graphviz gave an SVG with no <svg> element');
  const at = open.index + open[0].length;
  return `${svg.slice(0, at)}\n<style>${FONT_FACE_CSS} ${SVG_TEXT_CSS}</style>${svg.slice(at)}`;
}
