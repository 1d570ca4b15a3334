/**
 * The report page's inline style and script. The script is plain ES5 in a string: it runs in any
 * browser from a file:// URL with nothing to fetch, and the browser test checks it runs cleanly.
 * The text is in the face the report embeds (src/teach/report-font.ts), whatever the reader has.
 */
import { FONT_FACE_CSS, FONT_FAMILY } from './report-font.js';

export const REPORT_CSS = `
${FONT_FACE_CSS}
body { font-family: '${FONT_FAMILY}', sans-serif; margin: 0; color: #222; }
header { padding: 1rem 1.5rem; background: #f4f4f8; border-bottom: 1px solid #ddd; }
header h1 { margin: 0 0 .3rem; font-size: 1.4rem; }
header p { margin: .2rem 0; max-width: 60rem; }
main { display: flex; align-items: flex-start; }
nav { width: 22rem; flex: none; padding: .5rem; border-right: 1px solid #ddd; max-height: 100vh; overflow: auto; position: sticky; top: 0; }
nav ol { list-style: none; margin: 0; padding: 0; }
nav button { display: block; width: 100%; text-align: left; border: 0; background: none; padding: .25rem .4rem; font: inherit; font-size: .85rem; cursor: pointer; border-radius: 4px; }
nav button:hover { background: #eef; }
nav button[aria-current="step"] { background: #dde3ff; font-weight: bold; }
nav button.fail { color: #b00020; }
#viewer { flex: 1; padding: .5rem 1rem; min-width: 0; }
.controls { display: flex; gap: 1rem; align-items: center; margin-bottom: .5rem; }
.controls button { font: inherit; padding: .3rem .8rem; }
article h2 { font-size: 1.05rem; margin: .3rem 0; }
article .kernel { color: #555; font-family: monospace; font-size: .85rem; }
article ul { margin: .3rem 0 .6rem; padding-left: 1.2rem; }
article li { margin: .15rem 0; }
.graph svg { max-width: 100%; height: auto; border: 1px solid #eee; }
.fail-note { color: #b00020; font-weight: bold; }
.note { font-style: italic; }
.legend { font-size: .8rem; color: #555; }
`;

export const REPORT_JS = `
(function () {
  var steps = Array.prototype.slice.call(document.querySelectorAll('article.step'));
  var links = Array.prototype.slice.call(document.querySelectorAll('nav button[data-step]'));
  var prev = document.getElementById('prev');
  var next = document.getElementById('next');
  var pos = document.getElementById('pos');
  var cur = 0;
  function show(n) {
    if (n < 0 || n >= steps.length) return;
    cur = n;
    steps.forEach(function (s, i) { s.hidden = i !== n; });
    links.forEach(function (b, i) {
      if (i === n) b.setAttribute('aria-current', 'step'); else b.removeAttribute('aria-current');
    });
    pos.textContent = n === 0 ? 'the booted machine' : 'step ' + n + ' of ' + (steps.length - 1);
    prev.disabled = n === 0;
    next.disabled = n === steps.length - 1;
    document.body.setAttribute('data-current-step', String(n));
    // The address follows the step, so a link or a reload shows the same one.
    if (window.location.hash !== '#step-' + n) history.replaceState(null, '', '#step-' + n);
  }
  prev.addEventListener('click', function () { show(cur - 1); });
  next.addEventListener('click', function () { show(cur + 1); });
  links.forEach(function (b) {
    b.addEventListener('click', function () { show(Number(b.getAttribute('data-step'))); });
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowRight') { show(cur + 1); e.preventDefault(); }
    else if (e.key === 'ArrowLeft') { show(cur - 1); e.preventDefault(); }
  });
  function fromHash() {
    var m = /^#step-(\\d+)$/.exec(window.location.hash);
    return m ? Number(m[1]) : 0;
  }
  // A #step-N is a step, not a place on the page; the controls stay on screen (sticky) if the browser jumps anyway.
  window.addEventListener('hashchange', function () { show(fromHash()); window.scrollTo(0, 0); });
  show(fromHash());
  window.scrollTo(0, 0);
})();
`;
