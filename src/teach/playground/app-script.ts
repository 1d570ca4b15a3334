/**
 * The playground's script, app.js: the page's controls around the model's modules (engine.js
 * runs the steps and draws them, doc.js holds and encodes the document, menu.js lists the steps).
 * Plain JavaScript in a string, as the report's script is; the browser test runs it.
 */

export const APP_JS = `// The model's modules, where the site keeps them (dist/'s layout). Imported by a computed name,
// not by an import statement: nothing that reads this package's imports takes it for one of its own.
const HERE = './src/teach/playground';
const { drawState, orphanLists, play, timelineTable } = await import(HERE + '/engine.js');
const { EMPTY_HEADER, decodeState, encodeState, scenarioText, splitScenarioText } = await import(HERE + '/doc.js');
const { menuEntries } = await import(HERE + '/menu.js');

const $ = (id) => document.getElementById(id);
let doc = { header: EMPTY_HEADER, steps: [] };
let at = 0;
let cache = { key: null, result: null };
let busy = false;

/** The run of a document: every step replayed and laid out once, until the document changes. */
async function playedOf(d) {
  const key = scenarioText(d);
  if (cache.key !== key) cache = { key, result: await play(d) };
  return cache.result;
}

function item(text, cls) {
  const li = document.createElement('li');
  li.textContent = text;
  if (cls) li.className = cls;
  return li;
}

async function show() {
  const p = await playedOf(doc);
  if ('error' in p) throw new Error(p.error);
  const svg = await drawState(p, at);
  $('graph').innerHTML = svg.slice(Math.max(0, svg.indexOf('<svg')));
  $('orphans').replaceChildren(...orphanLists(p, at).map((l) => item(l)));
  $('steps').replaceChildren(
    ...doc.steps.map((text, i) => {
      const s = p.steps[i];
      const li = item(text, [i < at ? 'done' : 'pending', i === at - 1 ? 'current' : '', s.ok ? '' : 'fail'].join(' ').trim());
      li.dataset.step = String(i + 1);
      if (i < at) li.append(Object.assign(document.createElement('div'), { className: 'answer', textContent: s.detail }));
      return li;
    }),
  );
  $('timeline').innerHTML = timelineTable(p);
  for (const td of $('timeline').querySelectorAll('td[data-step="' + at + '"]')) td.classList.add('now');
  $('pos').textContent = 'after step ' + at + ' of ' + doc.steps.length;
  $('undo').disabled = at === 0;
  history.replaceState(null, '', '#' + encodeState(doc, at));
  $('share').value = location.href;
  document.body.dataset.at = String(at);
}

/** Runs one action at a time; the page is ready (data-ready) when the picture is drawn. */
async function act(f) {
  if (busy) return;
  busy = true;
  document.body.dataset.ready = 'false';
  try {
    $('error').textContent = '';
    await f();
  } catch (e) {
    $('error').textContent = e instanceof Error ? e.message : String(e);
  } finally {
    busy = false;
    document.body.dataset.ready = 'true';
  }
}

/** A typed step replaces the steps after the one shown; refused, nothing changes. */
async function stepTyped(text) {
  const next = { header: doc.header, steps: [...doc.steps.slice(0, at), text] };
  const p = await playedOf(next);
  if ('error' in p) throw new Error(p.error);
  doc = next;
  at = next.steps.length;
  $('call').value = '';
  await show();
}

function stepForward() {
  const text = $('call').value.trim();
  if (text !== '') return stepTyped(text);
  if (at >= doc.steps.length) throw new Error('type a step, or pick one from the menu');
  at += 1;
  return show();
}

async function load(next, n) {
  const p = await playedOf(next);
  if ('error' in p) throw new Error(p.error);
  doc = next;
  at = n;
  await show();
}

async function start() {
  for (const e of menuEntries()) $('menu').append(new Option(e.label, e.text));
  const scenarios = await (await fetch('scenarios.json')).json();
  for (const file of Object.keys(scenarios)) $('scenario').append(new Option(file, file));
  $('menu').addEventListener('change', () => {
    $('call').value = $('menu').value;
    $('menu').value = '';
    $('call').focus();
  });
  $('scenario').addEventListener('change', () => {
    const text = scenarios[$('scenario').value];
    act(() => load(text === undefined ? { header: EMPTY_HEADER, steps: [] } : splitScenarioText(text), 0));
  });
  $('step').addEventListener('click', () => act(stepForward));
  $('call').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') act(stepForward);
  });
  $('undo').addEventListener('click', () =>
    act(async () => {
      at = Math.max(0, at - 1);
      await show();
    }),
  );
  for (const box of [$('steps'), $('timeline')])
    box.addEventListener('click', (e) => {
      const el = e.target.closest('[data-step]');
      if (el !== null) act(async () => { at = Number(el.dataset.step); await show(); });
    });
  const shared = decodeState(location.hash);
  await act(async () => {
    if (shared === null) return show();
    // A link whose steps the parser refuses still opens: on the empty machine, saying why.
    return load(shared.doc, shared.at).catch(async (e) => {
      await show();
      throw e;
    });
  });
}

start();
`;
