/** The object graph as Graphviz DOT: one cluster per group, marks as colours and SVG classes. */
import type { Graph, GraphEdge, GraphNode, Mark } from './graph.js';
import { highlighted } from './graph-types.js';
import { FONT_FAMILY } from './report-font.js';

export const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** Fill colours by kind; marks override them, strongest first. */
const KIND_FILL: Readonly<Record<GraphNode['kind'], string>> = {
  task: '#e8f0fe',
  fdtable: '#e8f0fe',
  file: '#fff4e5',
  mount: '#eeeeee',
  superblock: '#eeeeee',
  dentry: '#ffffff',
  inode: '#eaf7ea',
  image: '#f3e8fd',
  'image-file': '#f3e8fd',
};

const MARK_STYLE: readonly (readonly [Mark, string])[] = [
  ['orphan', 'fillcolor="#f8d7da", color="#b00020", penwidth=2'],
  ['unlinked', 'color="#b00020", style="rounded,filled,dashed"'],
  ['negative', 'style="rounded,filled,dotted"'],
  ['relink-dir', 'color="#6a1b9a", penwidth=2'],
];

/**
 * What the step touched: a thick gold outline, a colour no category uses (blue tasks, orange
 * files, grey mounts, green inodes, red orphans, purple relink_dir and image).
 */
export const HIGHLIGHT = '#f0a500';
const HIGHLIGHT_STYLE = `color="${HIGHLIGHT}", penwidth=4`;

/** What the step freed: grey, dashed, unfilled, once where it was. */
export const GHOST = '#9e9e9e';
const GHOST_STYLE = `style="rounded,dashed", color="${GHOST}", fontcolor="${GHOST}", fillcolor="#ffffff", penwidth=1`;

const EDGE_STYLE: Readonly<Record<GraphEdge['kind'], string>> = {
  ref: '',
  parent: ', color="#999999", fontcolor="#999999", arrowhead=onormal',
  orphan: ', color="#b00020", fontcolor="#b00020", style=bold',
  'relink-dir': ', color="#6a1b9a", fontcolor="#6a1b9a"',
  image: ', color="#6a1b9a", fontcolor="#6a1b9a", style=dashed',
};

export const nodeLabel = (n: GraphNode): string => [n.title, ...n.lines].join('\n');

/** A node's DOT attributes: its label, its kind's fill, its marks' styles, its classes for the SVG. */
export function nodeAttrs(n: GraphNode): string[] {
  const attrs = [
    `label=${q(nodeLabel(n))}`,
    `fillcolor=${q(KIND_FILL[n.kind])}`,
    `class=${q([n.kind, ...n.marks].join(' '))}`,
  ];
  for (const [m, style] of MARK_STYLE) if (n.marks.includes(m)) attrs.push(style);
  if (highlighted(n)) attrs.push(HIGHLIGHT_STYLE);
  if (n.marks.includes('ghost')) attrs.push(GHOST_STYLE);
  return attrs;
}

/** An edge's label and style; an edge of a freed object is drawn as its ghost is. */
export function edgeAttrs(e: GraphEdge, ghost: boolean): string {
  const style = ghost ? `, color="${GHOST}", fontcolor="${GHOST}", style=dashed` : EDGE_STYLE[e.kind];
  return `label=${q(e.label)}${style}`;
}

/** Labels in the embedded face (src/teach/report-font.ts); node labels are 10 points. */
export const NODE_FONT_SIZE = 10;

export const GRAPH_DEFAULTS = [
  `  node [shape=box, style="rounded,filled", fontname="${FONT_FAMILY}", fontsize=${NODE_FONT_SIZE}];`,
  `  edge [fontname="${FONT_FAMILY}", fontsize=8];`,
];

export const graphAttrs = (title: string): string =>
  `rankdir=LR, fontname="${FONT_FAMILY}", fontsize=12, labelloc=t, label=${q(title)}`;

export function toDot(g: Graph): string {
  const out = ['digraph relinklab {', `  graph [${graphAttrs(g.title)}];`, ...GRAPH_DEFAULTS];
  for (const grp of g.groups) {
    const members = g.nodes.filter((n) => n.group === grp.id);
    if (members.length === 0) continue;
    out.push(`  subgraph cluster_${grp.id} {`, `    label=${q(grp.label)}; style=rounded; color="#bbbbbb";`);
    for (const n of members) out.push(`    ${n.id} [${nodeAttrs(n).join(', ')}];`);
    out.push('  }');
  }
  const ids = new Set(g.nodes.map((n) => n.id));
  const ghosts = new Set(g.nodes.filter((n) => n.marks.includes('ghost')).map((n) => n.id));
  for (const e of g.edges) {
    if (!ids.has(e.from) || !ids.has(e.to)) continue;
    out.push(`  ${e.from} -> ${e.to} [${edgeAttrs(e, ghosts.has(e.from) || ghosts.has(e.to))}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
