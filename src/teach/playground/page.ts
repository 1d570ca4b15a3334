/**
 * The playground's page: its markup and style. The model is loaded as ES modules through an
 * import map (the packages it needs, copied beside it), so the folder must be served over http
 * (any static server); opened from a file:// URL the page says so instead of staying blank.
 */

const CSS = `
body { font-family: system-ui, sans-serif; margin: 0; color: #222; }
header { padding: .6rem 1.2rem; background: #f4f4f8; border-bottom: 1px solid #ddd; }
header h1 { margin: 0; font-size: 1.3rem; }
.legend { font-size: .8rem; color: #555; }
main { display: flex; align-items: flex-start; gap: 1rem; padding: .6rem 1.2rem; }
#side { width: 30rem; flex: none; }
#viewer { flex: 1; min-width: 0; }
.row { display: flex; gap: .4rem; align-items: center; margin: .3rem 0; flex-wrap: wrap; }
#call { flex: 1; font-family: monospace; font-size: .9rem; padding: .3rem; min-width: 18rem; }
button, select { font: inherit; padding: .25rem .6rem; }
#error { color: #b00020; font-weight: bold; min-height: 1.2em; }
#steps { font-family: monospace; font-size: .8rem; padding-left: 2.2rem; max-height: 40vh; overflow: auto; }
#steps li { cursor: pointer; padding: .1rem .2rem; white-space: pre-wrap; }
#steps li.pending { color: #999; }
#steps li.current { background: #dde3ff; }
#steps li.fail .answer { color: #b00020; }
#steps .answer { color: #1b5e20; }
#orphans { font-family: monospace; }
#graph svg { max-width: 100%; height: auto; border: 1px solid #eee; }
#share { width: 100%; font-size: .75rem; }
#objects table { border-collapse: collapse; font-size: .75rem; }
#objects td, #objects th { border: 1px solid #ddd; padding: 0 .3rem; }
#objects td button { border: 0; background: none; font: inherit; padding: 0; cursor: pointer; }
#objects td.chg { background: #fff3c4; font-weight: bold; }
#objects td.now { outline: 2px solid #4a5bd4; }
.objects-scroll { overflow: auto; }
#file-note { display: none; color: #b00020; padding: 1rem; }
`;

/** The page, with the import map naming each package's copy (`immer` -> `vendor/immer.mjs`). */
export function playgroundHtml(imports: Readonly<Record<string, string>>): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>relinklab playground</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
<script type="importmap">${JSON.stringify({ imports })}</script>
</head>
<body data-ready="false">
<header>
<h1>relinklab playground: the Linux 6.1 VFS model, running in this page</h1>
<p class="legend">Type a step as a scenario file writes it (docs/scenario-format.md), or pick one from the menu, and step. red: orphan inode or unhashed dentry · purple: relink_dir and the image · gold outline: changed by this step, its values as old -&gt; new · grey dashed: freed by this step</p>
<p id="file-note">This page runs the model as JavaScript modules, which browsers load only over http: serve this folder (for example <code>python3 -m http.server -d DIR</code>) and open it there.</p>
</header>
<main>
<section id="side">
<div class="row"><label>scenario <select id="scenario"><option value="">(empty machine)</option></select></label></div>
<div class="row"><label>menu <select id="menu"><option value="">pick a step...</option></select></label></div>
<div class="row"><input id="call" type="text" spellcheck="false" aria-label="step" placeholder="{pid: 1, call: open, args: {path: /f, flags: O_RDWR|O_CREAT, mode: 0644}}"></div>
<div class="row"><button type="button" id="step">step ▶</button><button type="button" id="undo">◀ undo</button><span id="pos"></span></div>
<div id="error" role="alert"></div>
<ol id="steps" start="1"></ol>
<h2>orphan lists</h2>
<ul id="orphans"></ul>
<h2>share</h2>
<input id="share" type="text" readonly aria-label="a link to this state">
</section>
<section id="viewer"><div id="graph"></div><div id="timeline"></div></section>
</main>
<script>if (location.protocol === 'file:') document.getElementById('file-note').style.display = 'block';</script>
<script type="module" src="app.js"></script>
</body>
</html>
`;
}
