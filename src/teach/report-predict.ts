/**
 * The report's predict-then-reveal mode (key q or ?predict): each step's answer, narration, note and
 * new values (`old -> new` reads `old -> ?`) stay hidden until the student answers the step's
 * question (src/teach/predict-question.ts) and reveals it; the page then says whether they were
 * right. The object timeline, which shows every step's values, is hidden in the mode. The answer
 * key is in the page: this is for a class predicting together, not an exam.
 */
import { normalizeAnswer, type Question } from './predict-question.js';
import { esc } from './report-html.js';

/** The form under a step's title; the page's script judges it. */
export function predictForm(q: Question): string {
  const reveal = '<button type="submit">reveal</button>';
  const field = ((): string => {
    switch (q.kind) {
      case 'typed':
        return `<input type="text" name="guess" autocomplete="off" size="12" aria-label="your answer">`;
      case 'choice':
        return q.choices
          .map((c) => `<label><input type="radio" name="guess" value="${esc(c)}"> ${esc(c)}</label>`)
          .join(' ');
      case 'open':
        return '';
    }
  })();
  const key =
    q.kind === 'typed'
      ? ` data-accepted="${esc(q.accepted.map(normalizeAnswer).join('|'))}" data-shown="${esc(q.shown)}"`
      : q.kind === 'choice'
        ? ` data-accepted="${esc(normalizeAnswer(q.answer))}" data-shown="${esc(q.answer)}"`
        : '';
  return [
    `<form class="predict" data-kind="${q.kind}"${key}>`,
    `<span class="prompt">${esc(q.prompt)}</span> ${field} ${reveal}`,
    '</form>',
    '<p class="verdict" hidden></p>',
  ].join('');
}

export const PREDICT_CSS = `
form.predict, body.predict #objects { display: none; }
body.predict article:not(.revealed) form.predict { display: block; margin: .4rem 0; padding: .4rem .6rem; background: #eef3ff; border-radius: 4px; }
body.predict article:not(.revealed) div.reveal { display: none; }
form.predict input[type="text"] { font: inherit; }
.verdict.right { color: #1b5e20; font-weight: bold; }
.verdict.wrong { color: #b00020; font-weight: bold; }
body:not(.predict) .verdict { display: none; }
.toggles button#predict[aria-pressed="true"] { background: #dde3ff; font-weight: bold; }
`;

export const PREDICT_JS = `
(function () {
  var body = document.body;
  var button = document.getElementById('predict');
  var ARROW = ' -> ';
  // A long one is wrapped: the old value, then '-> new' on the line under it.
  var WRAPPED = '-> ';
  function texts(article) {
    return Array.prototype.slice.call(article.querySelectorAll('div.graph svg text, div.focus-graph svg text'));
  }
  // A changed value reads 'old -> new' (src/teach/step-compare.ts), the title ends with the
  // answer: each keeps its whole text in data-full while it reads 'old -> ?' or data-asked.
  function hide(e, text) {
    if (e.getAttribute('data-full') === null) e.setAttribute('data-full', e.textContent);
    e.textContent = text;
  }
  function mask(article) {
    var h2 = article.querySelector('h2[data-asked]');
    if (h2) hide(h2, h2.getAttribute('data-asked'));
    texts(article).forEach(function (t) {
      var s = t.getAttribute('data-full') || t.textContent;
      var i = s.indexOf(ARROW);
      if (i >= 0) hide(t, s.slice(0, i) + ARROW + '?');
      else if (s.indexOf(WRAPPED) === 0) hide(t, WRAPPED + '?');
    });
  }
  function unmask(article) {
    Array.prototype.forEach.call(article.querySelectorAll('[data-full]'), function (e) {
      e.textContent = e.getAttribute('data-full');
      e.removeAttribute('data-full');
    });
  }
  // Redraws the before/after clones (report-view.ts) from the pictures as they now read.
  function redraw() { body.setAttribute('data-current-step', body.getAttribute('data-current-step') || '0'); }
  function articles() { return Array.prototype.slice.call(document.querySelectorAll('article.step')); }
  function setMode(on) {
    body.classList.toggle('predict', on);
    if (button) button.setAttribute('aria-pressed', String(on));
    articles().forEach(function (a) {
      if (on && !a.classList.contains('revealed') && a.querySelector('form.predict')) mask(a); else unmask(a);
    });
    redraw();
  }
  function normalize(s) { return s.trim().replace(/\\s+/g, ' ').toUpperCase(); }
  function judge(form) {
    var kind = form.getAttribute('data-kind');
    if (kind === 'open') return 'Revealed: compare it with your prediction.';
    var picked = form.querySelector(kind === 'choice' ? 'input[name="guess"]:checked' : 'input[name="guess"]');
    var guess = picked ? picked.value : '';
    var shown = form.getAttribute('data-shown');
    var right = form.getAttribute('data-accepted').split('|').indexOf(normalize(guess)) >= 0;
    return right ? ['right', 'Right: ' + shown + '.'] : ['wrong', 'Wrong: you said ' + (guess.trim() || 'nothing') + '; the answer is ' + shown + '.'];
  }
  articles().forEach(function (a) {
    var form = a.querySelector('form.predict');
    if (!form) return;
    // Typing an answer must not step the report or switch its modes (arrows, p, f, b, q).
    form.addEventListener('keydown', function (e) { e.stopPropagation(); });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var v = judge(form);
      var p = a.querySelector('p.verdict');
      if (typeof v === 'string') { p.textContent = v; }
      else { p.className = 'verdict ' + v[0]; p.textContent = v[1]; }
      p.hidden = false;
      a.classList.add('revealed');
      unmask(a);
      redraw();
    });
  });
  if (button) button.addEventListener('click', function () { setMode(!body.classList.contains('predict')); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'q' && !(e.target && /INPUT|TEXTAREA/.test(e.target.tagName))) setMode(!body.classList.contains('predict'));
  });
  if (/[?&]predict\\b/.test(window.location.search)) setMode(true);
})();
`;
