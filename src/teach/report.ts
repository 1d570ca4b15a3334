/**
 * One self-contained HTML page for a scenario: the timeline, each step's narration and its object
 * graph as inline SVG, and a stepper (buttons and arrow keys). Nothing is fetched when it opens.
 */
import { explainTimeline } from './explain.js';
import { toDot } from './dot.js';
import { graphAtStep } from './render.js';
import { REPORT_CSS, REPORT_JS } from './report-assets.js';
import { dotToSvg } from './svg.js';
import type { Timeline } from './timeline.js';

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Graphviz numbers its ids from 1 in every SVG: prefix them so the inlined SVGs stay distinct. */
function inlineSvg(svg: string, step: number): string {
  const start = svg.indexOf('<svg');
  return svg.slice(start < 0 ? 0 : start).replace(/\bid="/g, `id="s${step}-`);
}

interface Panel {
  readonly step: number;
  readonly title: string;
  readonly kernel: string;
  readonly ok: boolean;
  readonly note: string | null;
  readonly sentences: readonly string[];
}

function article(p: Panel, svg: string): string {
  const items = p.sentences.map((s) => `<li>${esc(s)}</li>`).join('');
  return [
    `<article class="step" id="step-${p.step}" data-step="${p.step}"${p.step === 0 ? '' : ' hidden'}>`,
    `<h2>${esc(p.title)}</h2>`,
    p.kernel === '' ? '' : `<div class="kernel">${esc(p.kernel)}</div>`,
    p.ok ? '' : '<p class="fail-note">This step did not go as the scenario expected.</p>',
    p.note === null ? '' : `<p class="note">Note: ${esc(p.note)}</p>`,
    `<ul>${items}</ul>`,
    `<div class="graph">${svg}</div>`,
    '</article>',
  ].join('\n');
}

export async function buildReport(t: Timeline): Promise<string> {
  const explained = explainTimeline(t);
  const panels: Panel[] = [
    {
      step: 0,
      title: '0. the booted machine',
      kernel: '',
      ok: true,
      note: null,
      sentences: [
        `kernel ${t.scenario.kernel}, root file system ${t.scenario.fs}; pid 1 runs with fds 0-2 from outside.`,
      ],
    },
    ...explained.map((e) => ({
      step: e.step,
      title: `${e.step}. ${e.headline}`,
      kernel: e.kernel,
      ok: e.ok,
      note: e.note,
      sentences: e.sentences,
    })),
  ];
  const articles: string[] = [];
  for (const p of panels) articles.push(article(p, inlineSvg(await dotToSvg(toDot(graphAtStep(t, p.step))), p.step)));
  const nav = panels
    .map((p) => {
      const label = p.step === 0 ? '0. booted' : `${p.step}. ${explained[p.step - 1]?.title ?? ''}`;
      return `<li><button type="button" data-step="${p.step}"${p.ok ? '' : ' class="fail"'}>${esc(label)}</button></li>`;
    })
    .join('\n');
  const sc = t.scenario;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>relinklab: ${esc(sc.name)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${esc(sc.name)}</h1>
<p>${esc(sc.description)}</p>
<p class="legend">${esc(sc.file)} · kernel ${esc(sc.kernel)} · ${esc(sc.fs)} · red: orphan inode or unhashed dentry · purple: relink_dir and the image · double border: changed by this step</p>
</header>
<main>
<nav aria-label="timeline"><ol>
${nav}
</ol></nav>
<section id="viewer">
<div class="controls"><button type="button" id="prev">◀ prev</button><span id="pos"></span><button type="button" id="next">next ▶</button><span class="legend">← → keys step too</span></div>
${articles.join('\n')}
</section>
</main>
<script>${REPORT_JS}</script>
</body>
</html>
`;
}
