/**
 * One self-contained HTML page for a scenario: the timeline, each step's narration and its object
 * graph as inline SVG (every step on the scenario's one layout, whole and focused), a stepper
 * (buttons, arrow keys, the address's #step-N), projector mode, predict-then-reveal mode
 * (report-predict.ts), and each object's counts across the steps.
 * Nothing is fetched when it opens.
 */
import { ModelBug } from '../model/errors.js';
import { explainTimeline } from './explain.js';
import { REPORT_CSS, REPORT_JS } from './report-assets.js';
import { CAMERA_CSS, CAMERA_JS } from './report-camera.js';
import { stepPictures, type StepPictures } from './report-graphs.js';
import { esc } from './report-html.js';
import { objectTable } from './report-objects.js';
import { predictQuestion, type Question } from './predict-question.js';
import { PREDICT_CSS, PREDICT_JS, predictForm } from './report-predict.js';
import { VIEW_CSS, VIEW_JS } from './report-view.js';
import type { Frame, Timeline } from './timeline.js';

/** Graphviz numbers its ids from 1 in every SVG: prefix them so the inlined SVGs stay distinct. */
function inlineSvg(svg: string, step: string): string {
  const start = svg.indexOf('<svg');
  return svg.slice(start < 0 ? 0 : start).replace(/\bid="/g, `id="s${step}-`);
}

/** The scenario file's name without folder or extension: the stem of the files the page saves. */
const fileStem = (file: string): string => file.replace(/^.*\//, '').replace(/\.[^.]*$/, '');

function frameAt(t: Timeline, i: number): Frame {
  const f = t.frames[i];
  if (f === undefined) throw new ModelBug(`no frame ${i} (${t.frames.length} in the timeline)`);
  return f;
}

function pictureAt(svgs: readonly string[], step: number): string {
  const svg = svgs[step];
  if (svg === undefined) throw new ModelBug(`no picture of step ${step} (${svgs.length} drawn)`);
  return svg;
}

/** A step's pictures, whole and focused. */
function pictures(drawn: StepPictures, step: number): string {
  return [
    `<div class="graph">${inlineSvg(pictureAt(drawn.full, step), `${step}`)}</div>`,
    `<div class="focus-graph">${inlineSvg(pictureAt(drawn.focused, step), `${step}f`)}</div>`,
  ].join('\n');
}

interface Panel {
  readonly step: number;
  readonly title: string;
  /** The headline after the title: the step's answer, hidden in predict mode until revealed. */
  readonly answer: string;
  readonly kernel: string;
  readonly ok: boolean;
  readonly note: string | null;
  readonly sentences: readonly string[];
  /** What predict mode asks before revealing the step; null for the booted machine, which hides nothing. */
  readonly question: Question | null;
}

/** The headline is the title then the answer (src/teach/narrate.ts): the answer alone. */
function answerOf(headline: string, title: string): string {
  if (!headline.startsWith(title)) throw new ModelBug(`headline "${headline}" does not begin with "${title}"`);
  return headline.slice(title.length);
}

function article(p: Panel, drawn: StepPictures): string {
  const items = p.sentences.map((s) => `<li>${esc(s)}</li>`).join('');
  const told = [
    p.ok ? '' : '<p class="fail-note">This step did not go as the scenario expected.</p>',
    p.note === null ? '' : `<p class="note">Note: ${esc(p.note)}</p>`,
    `<details class="narration" open><summary>what the kernel did</summary><ul>${items}</ul></details>`,
  ];
  // Predict mode shows the title without its answer (data-asked) and hides what the step told.
  const asked = p.question === null ? '' : ` data-asked="${esc(p.title)}"`;
  return [
    `<article class="step" id="step-${p.step}" data-step="${p.step}"${p.step === 0 ? '' : ' hidden'}>`,
    `<h2${asked}>${esc(p.title + p.answer)}</h2>`,
    p.kernel === '' ? '' : `<div class="kernel">${esc(p.kernel)}</div>`,
    ...(p.question === null ? told : [predictForm(p.question), '<div class="reveal">', ...told, '</div>']),
    pictures(drawn, p.step),
    '</article>',
  ].join('\n');
}

export async function buildReport(t: Timeline): Promise<string> {
  const explained = explainTimeline(t);
  const panels: Panel[] = [
    {
      step: 0,
      title: '0. the booted machine',
      answer: '',
      kernel: '',
      ok: true,
      note: null,
      sentences: [
        `kernel ${t.scenario.kernel}, root file system ${t.scenario.fs}; pid 1 runs with fds 0-2 from outside.`,
      ],
      question: null,
    },
    ...explained.map((e, i) => ({
      step: e.step,
      title: `${e.step}. ${e.title}`,
      answer: answerOf(e.headline, e.title),
      kernel: e.kernel,
      ok: e.ok,
      note: e.note,
      sentences: e.sentences,
      question: predictQuestion(frameAt(t, i)),
    })),
  ];
  const drawn = await stepPictures(t);
  const articles = panels.map((p) => article(p, drawn));
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
<style>${REPORT_CSS}${VIEW_CSS}${CAMERA_CSS}${PREDICT_CSS}</style>
</head>
<body data-name="${esc(fileStem(sc.file))}">
<header>
<h1>${esc(sc.name)}</h1>
<p>${esc(sc.description)}</p>
<p class="legend">${esc(sc.file)} · kernel ${esc(sc.kernel)} · ${esc(sc.fs)} · red: orphan inode or unhashed dentry · purple: relink_dir and the image · gold outline: changed by this step, its values as old -&gt; new · grey dashed: freed by this step</p>
</header>
<main>
<nav aria-label="timeline"><ol>
${nav}
</ol></nav>
<section id="viewer">
<div class="controls"><button type="button" id="prev">◀ prev</button><span id="pos"></span><button type="button" id="next">next ▶</button><span class="legend">← → keys step too</span><span class="toggles"><button type="button" id="focus" aria-pressed="false" title="hide the boot objects (and those outside the scenario's focus) unless the step changes them; key f">focus</button> <button type="button" id="projector" aria-pressed="false" title="the graph first, full width, large text; key p">projector</button> <button type="button" id="whole" aria-pressed="false" title="in projector mode, fit the whole picture on the screen instead of drawing its text 14 px large around what the step changed; key w">whole</button> <button type="button" id="compare" aria-pressed="false" title="the step before and this one side by side; key b">before/after</button> <button type="button" id="predict" aria-pressed="false" title="hide each step's answer and new values until you predict them; key q">predict</button> <button type="button" id="png" title="save this step's picture as a PNG file">PNG</button></span></div>
${articles.join('\n')}
</section>
</main>
${objectTable(t)}
<script>${REPORT_JS}</script>
<script>${VIEW_JS}</script>
<script>${CAMERA_JS}</script>
<script>${PREDICT_JS}</script>
</body>
</html>
`;
}
