/**
 * The embedded face's advances read from the WOFF itself (its cmap and hmtx tables): what
 * scripts/make-report-font-metrics.mjs writes into report-font-metrics.ts and the test compares
 * with it. Node only (zlib, Buffer); the pictures read the written table (report-font.ts).
 */
import { inflateSync } from 'node:zlib';
import { ModelBug } from '../model/errors.js';
import type { FontMetrics } from './report-font.js';

/** A WOFF file's tables, inflated (WOFF 1.0: each table zlib-compressed unless that saved nothing). */
export function woffTables(woff: Buffer): Map<string, Buffer> {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new ModelBug('the embedded font is not a WOFF file');
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < woff.readUInt16BE(12); i++) {
    const at = 44 + i * 20;
    const [offset, compLength, origLength] = [
      woff.readUInt32BE(at + 4),
      woff.readUInt32BE(at + 8),
      woff.readUInt32BE(at + 12),
    ];
    const raw = woff.subarray(offset, offset + compLength);
    tables.set(woff.toString('latin1', at, at + 4), compLength < origLength ? inflateSync(raw) : raw);
  }
  return tables;
}

function table(tables: ReadonlyMap<string, Buffer>, tag: string): Buffer {
  const t = tables.get(tag);
  if (t === undefined) throw new ModelBug(`the embedded font has no ${tag} table`);
  return t;
}

/** Character code to glyph id, from the cmap's Unicode BMP subtable (format 4). */
function cmapFormat4(cmap: Buffer): Map<number, number> {
  for (let i = 0; i < cmap.readUInt16BE(2); i++) {
    const rec = 4 + i * 8;
    const sub = cmap.readUInt32BE(rec + 4);
    if (cmap.readUInt16BE(rec) !== 3 || cmap.readUInt16BE(rec + 2) !== 1 || cmap.readUInt16BE(sub) !== 4) continue;
    const segs = cmap.readUInt16BE(sub + 6) / 2;
    const [ends, starts, deltas, offsets] = [sub + 14, sub + 16 + segs * 2, sub + 16 + segs * 4, sub + 16 + segs * 6];
    const glyphs = new Map<number, number>();
    for (let s = 0; s < segs; s++) {
      const [end, start] = [cmap.readUInt16BE(ends + s * 2), cmap.readUInt16BE(starts + s * 2)];
      const [delta, rangeOffset] = [cmap.readInt16BE(deltas + s * 2), cmap.readUInt16BE(offsets + s * 2)];
      for (let c = start; c <= end && c !== 0xffff; c++) {
        const raw = rangeOffset === 0 ? c : cmap.readUInt16BE(offsets + s * 2 + rangeOffset + (c - start) * 2);
        const g = raw === 0 ? 0 : (raw + delta) & 0xffff;
        if (g !== 0) glyphs.set(c, g);
      }
    }
    return glyphs;
  }
  throw new ModelBug('the embedded font has no Unicode BMP cmap');
}

/** Each character's advance: the cmap names its glyph, hmtx gives the glyph's advance. */
export function fontMetrics(woff: Buffer): FontMetrics {
  const tables = woffTables(woff);
  const hmtx = table(tables, 'hmtx');
  const longMetrics = table(tables, 'hhea').readUInt16BE(34);
  const advanceOf = (glyph: number): number => hmtx.readUInt16BE(Math.min(glyph, longMetrics - 1) * 4);
  const advances = new Map<string, number>();
  for (const [code, glyph] of cmapFormat4(table(tables, 'cmap')))
    advances.set(String.fromCharCode(code), advanceOf(glyph));
  return { unitsPerEm: table(tables, 'head').readUInt16BE(18), advances };
}
