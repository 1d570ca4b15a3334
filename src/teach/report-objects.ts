/**
 * The report's object timeline as an HTML table: a row per object and field, a column per state,
 * each cell a button that jumps to its step; a value that changed at a step is marked there.
 */
import { objectTimeline } from './object-timeline.js';
import { esc } from './report-html.js';
import type { Timeline } from './timeline.js';

function cell(v: string | null, prev: string | null | undefined, step: number): string {
  const changed = prev !== undefined && v !== prev;
  const text = v === null ? (prev !== undefined && prev !== null ? 'freed' : '') : v;
  const cls = [changed ? 'chg' : '', v === null ? 'absent' : ''].filter((c) => c !== '').join(' ');
  const title = `step ${step}`;
  return `<td data-step="${step}"${cls === '' ? '' : ` class="${cls}"`}><button type="button" data-step="${step}" title="${title}">${esc(text)}</button></td>`;
}

export function objectTable(t: Timeline): string {
  const rows = objectTimeline(t);
  const steps = t.frames.length;
  const head = Array.from({ length: steps + 1 }, (_, i) => `<th data-step="${i}" scope="col">${i}</th>`).join('');
  const body = rows
    .map((r) => {
      const cells = r.values.map((v, i) => cell(v, i === 0 ? undefined : r.values[i - 1], i)).join('');
      return `<tr><th scope="row">${esc(r.object)}</th><td class="field">${esc(r.field)}</td>${cells}</tr>`;
    })
    .join('\n');
  return [
    '<section id="objects" aria-label="object timeline">',
    '<h2>Each object across the steps</h2>',
    '<p class="legend">A column per step (0: the booted machine); click a value to see its step. Marked: changed by that step.</p>',
    '<div class="objects-scroll"><table>',
    `<thead><tr><th scope="col">object</th><th scope="col">field</th>${head}</tr></thead>`,
    `<tbody>${body}</tbody>`,
    '</table></div>',
    '</section>',
  ].join('\n');
}
