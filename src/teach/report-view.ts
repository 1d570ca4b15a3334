/**
 * The report's views, beside the stepper of report-assets.ts: the focused picture, projector mode
 * (the graph first and as large as the screen, large text, the narration folded), print (one step
 * a page, for a PDF or handouts), a PNG of the step shown, the step before and after side by
 * side, and the object timeline, whose cells step the report by clicking the stepper's own buttons. Plain ES5 in a
 * string, like the stepper, so it runs from a file:// URL with nothing to fetch.
 */
import { SVG_TEXT_CSS } from './report-font.js';

export const VIEW_CSS = `
/* The nodes were sized for the embedded face's widths (src/teach/report-font.ts): draw in it, whatever the reader has. */
div.graph svg ${SVG_TEXT_CSS}
div.focus-graph svg ${SVG_TEXT_CSS}
.controls { position: sticky; top: 0; z-index: 1; background: #ffffff; padding: .2rem 0; flex-wrap: wrap; }
article.step { scroll-margin-top: 3.5rem; }
.focus-graph { display: none; }
body.focus div.graph { display: none; }
body.focus .focus-graph { display: block; }
.focus-graph svg { max-width: 100%; height: auto; border: 1px solid #eee; }
.toggles button[aria-pressed="true"] { background: #dde3ff; font-weight: bold; }
article h2, nav button { overflow-wrap: anywhere; }
details.narration summary { cursor: pointer; color: #555; font-size: .85rem; }
#objects { padding: .5rem 1.5rem 2rem; border-top: 1px solid #ddd; }
#objects h2 { font-size: 1.05rem; margin: .3rem 0; }
.objects-scroll { overflow-x: auto; }
#objects table { border-collapse: collapse; font-size: .8rem; }
#objects th, #objects td { border: 1px solid #e4e4e4; padding: 0; text-align: left; white-space: nowrap; }
#objects th { padding: .15rem .4rem; font-weight: normal; background: #fafafa; }
#objects td.field { padding: .15rem .4rem; color: #555; }
#objects td button { font: inherit; border: 0; background: none; padding: .15rem .4rem; width: 100%; text-align: left; cursor: pointer; }
#objects td.chg { background: #fff1c7; font-weight: bold; }
#objects .current { outline: 2px solid #3949ab; outline-offset: -2px; }
body.projector header, body.projector nav, body.projector #objects { display: none; }
body.projector main { display: block; }
body.projector #viewer { padding: .3rem .6rem; }
body.projector article:not([hidden]) { display: flex; flex-direction: column; }
body.projector article div.graph, body.projector article div.focus-graph { order: -1; }
body.projector article h2 { font-size: 1.5rem; }
body.projector article .kernel, body.projector article .note, body.projector details.narration { font-size: 1.2rem; }
body.projector div.graph svg, body.projector div.focus-graph svg { width: 100%; max-height: calc(100vh - 8.5rem); }
.compare-row { display: flex; gap: .5rem; }
.compare-row figure { flex: 1; margin: 0; min-width: 0; }
.compare-row figcaption { font-size: .85rem; color: #555; }
.compare-row svg { width: 100%; height: auto; border: 1px solid #eee; }
body.compare article div.graph, body.compare article div.focus-graph { display: none; }
body.compare article:first-of-type div.graph { display: block; }
body.compare.focus article:first-of-type div.graph { display: none; }
body.compare.focus article:first-of-type div.focus-graph { display: block; }
body.projector .compare-row { order: -1; }
@media print {
  nav, .controls, #objects, header .legend { display: none; }
  main { display: block; }
  article.step, article.step[hidden] { display: block; break-after: page; }
  article.step:last-of-type { break-after: auto; }
  details.narration summary { display: none; }
  article li { font-size: 9pt; margin: 0; }
  div.graph svg, div.focus-graph svg { width: 100%; max-height: 55vh; border: 0; }
}
`;

export const VIEW_JS = `
(function () {
  var body = document.body;
  function toggle(name, on) {
    var now = on === undefined ? !body.classList.contains(name) : on;
    body.classList.toggle(name, now);
    var b = document.getElementById(name);
    if (b) b.setAttribute('aria-pressed', String(now));
    if (name === 'projector') {
      Array.prototype.forEach.call(document.querySelectorAll('details.narration'), function (d) { d.open = !now; });
    }
  }
  ['focus', 'projector'].forEach(function (name) {
    var b = document.getElementById(name);
    if (b) b.addEventListener('click', function () { toggle(name); });
  });
  document.addEventListener('keydown', function (e) {
    if (e.target && /INPUT|TEXTAREA/.test(e.target.tagName)) return;
    if (e.key === 'p') toggle('projector');
    else if (e.key === 'f') toggle('focus');
  });
  var params = window.location.search;
  if (/[?&]projector\\b/.test(params)) toggle('projector', true);
  if (/[?&]focus\\b/.test(params)) toggle('focus', true);
  function jump(n) {
    var b = document.querySelector('nav button[data-step="' + n + '"]');
    if (b) b.click();
  }
  Array.prototype.forEach.call(document.querySelectorAll('#objects button[data-step]'), function (b) {
    b.addEventListener('click', function () { jump(b.getAttribute('data-step')); });
  });
  // The current step's picture as a PNG file, drawn by the browser itself: nothing to install.
  // An SVG drawn as an image sees none of the page's fonts: the copy declares the embedded face itself.
  function fontFaces() {
    var css = '';
    Array.prototype.forEach.call(document.styleSheets, function (sheet) {
      Array.prototype.forEach.call(sheet.cssRules, function (r) { if (r.type === CSSRule.FONT_FACE_RULE) css += r.cssText + '\\n'; });
    });
    return css;
  }
  // A copy of a picture as laid out, whatever part projector mode's camera shows (report-camera.ts).
  function unzoomed(svg) {
    var copy = svg.cloneNode(true);
    var whole = svg.getAttribute('data-whole-view');
    if (whole) copy.setAttribute('viewBox', whole);
    copy.removeAttribute('style');
    return copy;
  }
  function savePng() {
    var n = body.getAttribute('data-current-step');
    var box = document.querySelector('#step-' + n + (body.classList.contains('focus') ? ' div.focus-graph' : ' div.graph'));
    var svg = box && box.querySelector('svg');
    if (!svg) return;
    var copy = unzoomed(svg);
    var style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
    style.textContent = fontFaces() + "${SVG_TEXT_CSS}";
    copy.insertBefore(style, copy.firstChild);
    var vb = copy.viewBox.baseVal;
    var scale = 2;
    copy.setAttribute('width', String(vb.width * scale));
    copy.setAttribute('height', String(vb.height * scale));
    var url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
    var img = new Image();
    img.onload = function () {
      var canvas = document.createElement('canvas');
      canvas.width = Math.ceil(vb.width * scale);
      canvas.height = Math.ceil(vb.height * scale);
      var ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      canvas.toBlob(function (png) {
        var a = document.createElement('a');
        a.href = URL.createObjectURL(png);
        a.download = (body.getAttribute('data-name') || 'relinklab') + '-step-' + n + '.png';
        document.body.appendChild(a);
        a.click();
        a.remove();
      }, 'image/png');
    };
    img.src = url;
  }
  var png = document.getElementById('png');
  if (png) png.addEventListener('click', savePng);
  // Before and after side by side: clones of step n-1's and step n's pictures, on the scenario's
  // one layout (src/teach/report-graphs.ts).
  function picture(n) {
    var view = body.classList.contains('focus') ? 'focus-graph' : 'graph';
    var shown = document.querySelector('#step-' + n + ' div.' + view + ' svg');
    if (!shown) return null;
    var copy = unzoomed(shown);
    Array.prototype.forEach.call(copy.querySelectorAll('[id]'), function (e) { e.removeAttribute('id'); });
    return copy;
  }
  function figure(caption, svg) {
    var f = document.createElement('figure');
    var c = document.createElement('figcaption');
    c.textContent = caption;
    f.appendChild(c);
    f.appendChild(svg);
    return f;
  }
  function sideBySide() {
    Array.prototype.forEach.call(document.querySelectorAll('.compare-row'), function (r) { r.remove(); });
    var n = Number(body.getAttribute('data-current-step'));
    if (!body.classList.contains('compare') || n === 0) return;
    var before = picture(n - 1);
    var after = picture(n);
    var graph = document.querySelector('#step-' + n + ' div.graph');
    if (!before || !after || !graph) return;
    var row = document.createElement('div');
    row.className = 'compare-row';
    row.appendChild(figure('before: step ' + (n - 1), before));
    row.appendChild(figure('after: step ' + n, after));
    graph.parentNode.insertBefore(row, graph);
  }
  var compareButton = document.getElementById('compare');
  if (compareButton) {
    compareButton.addEventListener('click', function () { toggle('compare'); sideBySide(); });
  }
  document.addEventListener('keydown', function (e) { if (e.key === 'b') { toggle('compare'); sideBySide(); } });
  document.getElementById('focus').addEventListener('click', sideBySide);
  new MutationObserver(sideBySide).observe(body, { attributes: true, attributeFilter: ['data-current-step'] });
  var cells = Array.prototype.slice.call(document.querySelectorAll('#objects [data-step]'));
  function mark() {
    var n = body.getAttribute('data-current-step');
    cells.forEach(function (c) {
      if (c.tagName === 'BUTTON') return;
      c.classList.toggle('current', c.getAttribute('data-step') === n);
    });
  }
  new MutationObserver(mark).observe(body, { attributes: true, attributeFilter: ['data-current-step'] });
  mark();
})();
`;
