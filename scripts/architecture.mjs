#!/usr/bin/env node
// The layers of src/ as the code has them: every import read from the sources, checked to point
// down the layer order, and drawn (folders as layers, files as boxes, imports between folders as
// arrows) into docs/architecture.svg, with the layer table in docs/architecture.md between its
// markers. `node scripts/architecture.mjs` rewrites both; test/architecture.test.ts fails when
// either is stale or an import points up, so the picture cannot drift from the code.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The layers, bottom first: a file may import files of its own layer and of any lower layer, and
 * the files' imports have no cycle (both checked).
 */
export const LAYERS = [
  { name: 'kernel objects as data', folders: ['model', 'model/syscall'] },
  { name: 'VFS helpers (namei, dcache, refs, super, fd tables)', folders: ['ops/vfs'] },
  { name: 'the relink series in the kernel (.relink, relink_dir)', folders: ['ops/relink'] },
  { name: 'syscalls, one family per file', folders: ['ops/calls'] },
  { name: 'running a call (handler table, step)', folders: ['ops/run'] },
  { name: 'split calls (lock-bounded steps)', folders: ['ops/steps'] },
  { name: 'checkpoint, restart, backup, cleanup', folders: ['cr'] },
  { name: 'invariants and transition laws', folders: ['invariants'] },
  { name: 'the session that runs calls', folders: ['session'] },
  { name: 'checker alphabets and hashing', folders: ['checker'] },
  { name: 'exhaustive search', folders: ['checker/search'] },
  { name: 'race exploration', folders: ['checker/races'] },
  { name: 'checker modes (one search interface, the registry)', folders: ['checker/modes'] },
  { name: 'traces and strace replay', folders: ['trace'] },
  { name: 'scenarios', folders: ['scenario'] },
  { name: 'teaching and the kernel cross-check', folders: ['teach', 'teach/playground', 'crosscheck'] },
  { name: 'command line', folders: ['cli', 'cli/commands'] },
];

const walk = (d, out = []) => {
  for (const e of readdirSync(d).sort()) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(relative(REPO, p).split('\\').join('/'));
  }
  return out;
};

/** Every source file with its folder (under src/) and the files it imports. */
export function readGraph() {
  const files = walk(join(REPO, 'src'));
  return files.map((file) => {
    const text = readFileSync(join(REPO, file), 'utf8');
    const imports = new Set();
    const valueImports = new Set();
    const re = /(?:^|\n)\s*(import|export)(\s+type)?[^'";]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;
    for (const m of text.matchAll(re)) {
      const spec = m[3] ?? m[4];
      const target = posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts');
      imports.add(target);
      if (m[2] === undefined) valueImports.add(target);
    }
    return {
      file,
      folder: posix.dirname(file).replace(/^src\/?/, ''),
      imports: [...imports].sort(),
      valueImports: [...valueImports].sort(),
    };
  });
}

const layerOf = (folder) => LAYERS.findIndex((l) => l.folders.includes(folder));

/** Imports that point up or sideways, and folders no layer holds: each a line saying which. */
export function violations(graph) {
  const out = [];
  const folderOf = new Map(graph.map((g) => [g.file, g.folder]));
  for (const g of graph) {
    const from = layerOf(g.folder);
    if (from < 0) out.push(`${g.file}: folder src/${g.folder} is in no layer`);
    for (const target of g.imports) {
      const to = folderOf.get(target);
      if (to === undefined) out.push(`${g.file}: imports ${target}, which is not a source file`);
      else if (from >= 0 && layerOf(to) > from)
        out.push(`${g.file} (${LAYERS[from].name}) imports ${target} (${LAYERS[layerOf(to)]?.name ?? 'no layer'})`);
    }
  }
  const cycle = importCycle(graph);
  if (cycle !== null) out.push(`an import cycle: ${cycle.join(' -> ')}`);
  return out;
}

/**
 * One cycle of imports among the files, or null (depth-first search, colouring visited files).
 * Type-only imports (`import type`) are left out: they vanish when compiled and cannot make a
 * module run before the one it needs.
 */
export function importCycle(graph) {
  const next = new Map(graph.map((g) => [g.file, g.valueImports ?? g.imports]));
  const state = new Map();
  const stack = [];
  const visit = (f) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of next.get(f) ?? []) {
      if (state.get(t) === 'open') return [...stack.slice(stack.indexOf(t)), t];
      if (state.get(t) === undefined && next.has(t)) {
        const c = visit(t);
        if (c !== null) return c;
      }
    }
    stack.pop();
    state.set(f, 'done');
    return null;
  };
  for (const g of graph) {
    if (state.get(g.file) !== undefined) continue;
    const c = visit(g.file);
    if (c !== null) return c;
  }
  return null;
}

const q = (s) => JSON.stringify(s);

const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A folder as one node: its name over its files, each file a box, four to a row. */
function folderNode(folder, files) {
  // Cells sized from the name: viewers' fonts run wider than Graphviz's estimate.
  const cells = files.map((g) => {
    const name = posix.basename(g.file, '.ts');
    return `<td border="1" width="${name.length * 6 + 10}">${esc(name)}</td>`;
  });
  const rows = [];
  for (let i = 0; i < cells.length; i += 4) rows.push(`<tr>${cells.slice(i, i + 4).join('')}</tr>`);
  const width = Math.min(4, Math.max(1, cells.length));
  const head = `<tr><td colspan="${width}" border="0"><b>src/${esc(folder)}</b></td></tr>`;
  return `<<table border="0" cellspacing="3" cellpadding="2">${head}${rows.join('')}</table>>`;
}

/**
 * The picture as Graphviz: one cluster per layer (the command line on top, kernel objects at the
 * bottom), one node per folder with its files as boxes, and one arrow per pair of folders that
 * import each other's files, from the importer down to the imported. No counts: the picture
 * changes when a file or a pair of importing folders comes or goes, not with every import.
 * Every layer imports src/model (the kernel objects): those arrows are left out of the picture.
 */
export function toDot(graph) {
  const lines = [
    'digraph layers {',
    '  rankdir=TB; newrank=true; ranksep=0.5; nodesep=0.3;',
    '  node [shape=plain, fontsize=9, fontname="Helvetica"];',
    '  edge [color="#4a6fa5", fontsize=8, fontname="Helvetica", arrowsize=0.6];',
  ];
  for (let i = LAYERS.length - 1; i >= 0; i--) {
    const layer = LAYERS[i];
    lines.push(
      `  subgraph cluster_${i} {`,
      `    label=${q(`${i}. ${layer.name}`)}; labeljust=l; fontsize=11; fontname="Helvetica-Bold"; style=rounded; color="#999999";`,
    );
    for (const folder of layer.folders) {
      const files = graph.filter((g) => g.folder === folder);
      lines.push(`    ${q(folder)} [label=${folderNode(folder, files)}];`);
    }
    lines.push('  }');
  }
  const folderOf = new Map(graph.map((g) => [g.file, g.folder]));
  const pairs = new Set();
  for (const g of graph)
    for (const t of g.imports) {
      const to = folderOf.get(t);
      if (to === undefined || to === g.folder || to.startsWith('model')) continue;
      pairs.add(`${g.folder}\u0000${to}`);
    }
  for (const key of [...pairs].sort()) {
    const [from, to] = key.split('\u0000');
    lines.push(`  ${q(from)} -> ${q(to)};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The layer table for docs/architecture.md: each layer, its folders and how many files. */
export function layerTable(graph) {
  const rows = ['| layer | folders | files |', '| --- | --- | --- |'];
  LAYERS.forEach((layer, i) => {
    const files = graph.filter((g) => layer.folders.includes(g.folder));
    rows.push(`| ${i}. ${layer.name} | ${layer.folders.map((f) => `\`src/${f}\``).join(', ')} | ${files.length} |`);
  });
  return rows.join('\n');
}

export const BEGIN = '<!-- layers: generated by scripts/architecture.mjs -->';
export const END = '<!-- end of generated layers -->';

/** docs/architecture.md with its generated block replaced. */
export function withTable(markdown, table, dotHash) {
  const a = markdown.indexOf(BEGIN);
  const b = markdown.indexOf(END);
  if (a < 0 || b < a) throw new Error(`docs/architecture.md: the markers ${BEGIN} and ${END} are missing`);
  return `${markdown.slice(0, a)}${BEGIN}\n${table}\n\n(picture: docs/architecture.svg, from source ${dotHash})\n${markdown.slice(b)}`;
}

export const dotHash = (dot) => createHash('sha256').update(dot).digest('hex').slice(0, 16);

export async function renderSvg(dot) {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const graph = readGraph();
  const bad = violations(graph);
  for (const v of bad) console.error(`architecture: ${v}`);
  const dot = toDot(graph);
  writeFileSync(join(REPO, 'docs', 'architecture.svg'), await renderSvg(dot));
  const mdPath = join(REPO, 'docs', 'architecture.md');
  writeFileSync(mdPath, withTable(readFileSync(mdPath, 'utf8'), layerTable(graph), dotHash(dot)));
  console.log(`docs/architecture.svg and the layer table: ${graph.length} files, ${bad.length} imports pointing up`);
  process.exit(bad.length === 0 ? 0 : 1);
}
