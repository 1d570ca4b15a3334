/**
 * Projector mode's camera. Every step is drawn on the scenario's one layout, as wide as its
 * widest step (a restart's, five to seven columns): fitted to a 1280 px screen its text is
 * 9-10 px, too small for a lecture hall. So when fitting the picture would draw its text under
 * 14 px, projector mode draws it at the scale that gives 14 px and points the camera at what the
 * step changed (its gold and ghost nodes), centred on their box; when that box is wider than the
 * screen, on the gold nodes alone if they fit, else at the box's start; with a fade on each side where the picture goes on and a hint to
 * drag or pan with Shift and the arrow keys. Only the camera moves, and only when the step (or
 * the view) changes: every picture has the one layout's size, so every step is drawn at one
 * scale and the objects keep their places relative to each other. Key w (or the `whole` button)
 * fits the whole picture again. The camera is the SVG's viewBox; the picture's own is kept in
 * data-whole-view for the PNG, the before/after copies and print, which always show the whole
 * picture. Plain ES5 in a string, like the stepper (report-assets.ts).
 */

/** The least node text a lecture hall reads, in CSS pixels; a hair over, so rounding never lands under. */
export const LECTURE_TEXT_PX = 14;

export const CAMERA_CSS = `
body.projector article h2 { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; cursor: pointer; }
body.projector article h2.unclamped { display: block; }
.pan-hint { display: none; }
body.projector div.panning { position: relative; }
body.projector div.panning svg { cursor: grab; touch-action: none; }
body.projector div.panning .pan-hint { display: block; position: absolute; right: .4rem; bottom: .3rem; font-size: 1rem; color: #333; background: rgba(255, 255, 255, .85); padding: .1rem .4rem; border-radius: 4px; pointer-events: none; }
body.projector div.panning .fade { position: absolute; top: 0; bottom: 0; width: 2.5rem; pointer-events: none; display: none; }
body.projector div.panning .fade.left { left: 0; background: linear-gradient(to right, rgba(120, 120, 140, .45), rgba(120, 120, 140, 0)); }
body.projector div.panning .fade.right { right: 0; background: linear-gradient(to left, rgba(120, 120, 140, .45), rgba(120, 120, 140, 0)); }
body.projector div.panning .fade.top, body.projector div.panning .fade.bottom { left: 0; right: 0; width: auto; height: 2rem; }
body.projector div.panning .fade.top { top: 0; bottom: auto; background: linear-gradient(to bottom, rgba(120, 120, 140, .45), rgba(120, 120, 140, 0)); }
body.projector div.panning .fade.bottom { bottom: 0; top: auto; background: linear-gradient(to top, rgba(120, 120, 140, .45), rgba(120, 120, 140, 0)); }
body.projector div.panning .fade.on { display: block; }
`;

export const CAMERA_JS = `
(function () {
  var body = document.body;
  var MIN_PX = ${LECTURE_TEXT_PX} + 0.01;
  // As report-view.ts's max-height for projector mode: calc(100vh - 8.5rem).
  var FIT_RESERVE = 8.5 * 16;
  var SIDES = ['left', 'right', 'top', 'bottom'];
  var shown = null;
  function wholeView(svg) {
    if (!svg.hasAttribute('data-whole-view')) svg.setAttribute('data-whole-view', svg.getAttribute('viewBox'));
    return svg.getAttribute('data-whole-view').split(/[ ,]+/).map(Number);
  }
  Array.prototype.forEach.call(document.querySelectorAll('div.graph svg, div.focus-graph svg'), wholeView);
  function release(svg) {
    var box = svg.parentNode;
    svg.setAttribute('viewBox', wholeView(svg).join(' '));
    svg.style.width = '';
    svg.style.height = '';
    svg.style.maxHeight = '';
    box.classList.remove('panning');
    svg.classList.remove('aimed');
  }
  function decorate(box) {
    if (box.querySelector('.pan-hint')) return;
    SIDES.forEach(function (side) {
      var f = document.createElement('div');
      f.className = 'fade ' + side;
      box.appendChild(f);
    });
    var hint = document.createElement('div');
    hint.className = 'pan-hint';
    hint.textContent = 'drag or Shift+arrows to pan · w: whole picture';
    box.appendChild(hint);
  }
  // The box of the nodes \`which\` selects, in the picture's own units (Graphviz's graph0 transform applied).
  function nodesBox(svg, which) {
    var nodes = svg.querySelectorAll(which);
    var graph = svg.querySelector('g.graph');
    var t = graph && graph.transform.baseVal.consolidate();
    var m = t ? t.matrix : svg.createSVGMatrix();
    var b = null;
    Array.prototype.forEach.call(nodes, function (n) {
      var r = n.getBBox();
      var x0 = m.a * r.x + m.e, y0 = m.d * r.y + m.f, x1 = x0 + m.a * r.width, y1 = y0 + m.d * r.height;
      b = b ? [Math.min(b[0], x0), Math.min(b[1], y0), Math.max(b[2], x1), Math.max(b[3], y1)] : [x0, y0, x1, y1];
    });
    return b;
  }
  // What the camera shows: the step's gold and ghost nodes when they fit the view; else its gold
  // ones alone when they fit (what survived and changed is the lesson: fifo's kill frees pid 2's
  // file on the left while the inode that lost its pipe buffer is gold on the right); else all.
  function aimAt(svg, vw, vh) {
    var all = nodesBox(svg, 'g.node.new, g.node.changed, g.node.ghost');
    var fits = function (b) { return b && b[2] - b[0] <= vw && b[3] - b[1] <= vh; };
    if (!all || fits(all)) return all;
    var gold = nodesBox(svg, 'g.node.new, g.node.changed');
    return fits(gold) ? gold : all;
  }
  // Where the camera's edge goes along one axis: the target centred, or its start when wider than the view.
  function place(start, size, view, lo, hi) {
    if (view >= size) return start - (view - size) / 2;
    var at = hi - lo > view ? lo : (lo + hi) / 2 - view / 2;
    return Math.max(start, Math.min(start + size - view, at));
  }
  function fades(svg) {
    var w = wholeView(svg);
    var v = svg.viewBox.baseVal;
    var box = svg.parentNode;
    var on = { left: v.x > w[0] + 0.5, right: v.x + v.width < w[0] + w[2] - 0.5,
      top: v.y > w[1] + 0.5, bottom: v.y + v.height < w[1] + w[3] - 0.5 };
    SIDES.forEach(function (side) { box.querySelector('.fade.' + side).classList.toggle('on', on[side]); });
  }
  function pan(svg, dx, dy) {
    var w = wholeView(svg);
    var v = svg.viewBox.baseVal;
    if (v.width < w[2]) v.x = Math.max(w[0], Math.min(w[0] + w[2] - v.width, v.x + dx));
    if (v.height < w[3]) v.y = Math.max(w[1], Math.min(w[1] + w[3] - v.height, v.y + dy));
    fades(svg);
  }
  function current() {
    var n = body.getAttribute('data-current-step');
    var view = body.classList.contains('focus') ? 'div.focus-graph' : 'div.graph';
    return document.querySelector('#step-' + n + ' ' + view + ' svg');
  }
  // The room under the controls that the step's title, kernel line, note and folded narration
  // leave; and the height a picture is fitted to, one for every step (as the fit-whole view's
  // max-height), so the scale never changes from step to step, where the pictures keep their size.
  function room(svg) {
    var box = svg.parentNode;
    var article = box.parentNode;
    var rest = article.getBoundingClientRect().height - box.getBoundingClientRect().height;
    // Where the article begins at the page's top, under the sticky controls and the viewer's padding.
    var top = article.getBoundingClientRect().top + window.scrollY;
    // 12: the viewer's padding under the article and the line box under the inline SVG.
    return [box.clientWidth, Math.max(160, window.innerHeight - top - rest - 12), window.innerHeight - FIT_RESERVE];
  }
  function aim() {
    Array.prototype.forEach.call(document.querySelectorAll('svg.aimed'), release);
    shown = null;
    var svg = current();
    if (!svg || !body.classList.contains('projector') || body.classList.contains('whole') || body.classList.contains('compare')) return;
    var label = svg.querySelector('g.node text');
    if (!label) return;
    var w = wholeView(svg);
    var r = room(svg);
    var scale = Math.max(MIN_PX / Number(label.getAttribute('font-size')), Math.min(r[0] / w[2], r[2] / w[3]));
    var vw = r[0] / scale, vh = Math.min(r[1] / scale, w[3]);
    var target = aimAt(svg, vw, vh) || [w[0], w[1], w[0] + w[2], w[1] + w[3]];
    var x = place(w[0], w[2], vw, target[0], target[2]);
    var y = place(w[1], w[3], vh, target[1], target[3]);
    decorate(svg.parentNode);
    svg.parentNode.classList.toggle('panning', vw < w[2] || vh < w[3] - 0.5);
    svg.classList.add('aimed');
    svg.style.width = r[0] + 'px';
    svg.style.height = vh * scale + 'px';
    svg.style.maxHeight = 'none';
    svg.setAttribute('viewBox', [x, y, vw, vh].join(' '));
    shown = svg;
    fades(svg);
  }
  function toggleWhole() {
    var now = !body.classList.contains('whole');
    body.classList.toggle('whole', now);
    var b = document.getElementById('whole');
    if (b) b.setAttribute('aria-pressed', String(now));
    aim();
  }
  var button = document.getElementById('whole');
  if (button) button.addEventListener('click', toggleWhole);
  document.addEventListener('keydown', function (e) {
    if (e.key === 'w' && !(e.target && /INPUT|TEXTAREA/.test(e.target.tagName))) toggleWhole();
  });
  // Shift and an arrow pans; the arrows alone still step (report-assets.ts), so this listens first.
  var STEP = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  window.addEventListener('keydown', function (e) {
    var d = STEP[e.key];
    if (!e.shiftKey || !d || !shown) return;
    var v = shown.viewBox.baseVal;
    pan(shown, d[0] * v.width / 4, d[1] * v.height / 4);
    e.preventDefault();
    e.stopPropagation();
  }, true);
  var drag = null;
  document.addEventListener('pointerdown', function (e) {
    if (!shown || !shown.contains(e.target)) return;
    drag = [e.clientX, e.clientY];
    shown.setPointerCapture(e.pointerId);
  });
  document.addEventListener('pointermove', function (e) {
    if (!drag || !shown) return;
    var k = shown.viewBox.baseVal.width / shown.getBoundingClientRect().width;
    pan(shown, (drag[0] - e.clientX) * k, (drag[1] - e.clientY) * k);
    drag = [e.clientX, e.clientY];
  });
  document.addEventListener('pointerup', function () { drag = null; });
  // A clamped title opens to its whole text on a click; its tooltip is the text as shown (predict mode hides the answer).
  Array.prototype.forEach.call(document.querySelectorAll('article.step h2'), function (h) {
    h.addEventListener('mouseenter', function () { h.title = h.textContent; });
    h.addEventListener('click', function () { h.classList.toggle('unclamped'); aim(); });
  });
  var watch = new MutationObserver(aim);
  watch.observe(body, { attributes: true, attributeFilter: ['data-current-step', 'class'] });
  // A title that grows (predict mode's reveal) leaves the picture less room.
  Array.prototype.forEach.call(document.querySelectorAll('article.step h2'), function (h) {
    watch.observe(h, { childList: true, characterData: true, subtree: true });
  });
  window.addEventListener('resize', aim);
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('svg.aimed'), release);
    shown = null;
  });
  window.addEventListener('afterprint', aim);
  aim();
})();
`;
