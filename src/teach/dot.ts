/** The object graph as Graphviz DOT: one cluster per group, marks as colours and SVG classes. */
import type { Graph, GraphEdge, GraphNode, Mark } from './graph.js';

const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

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

const EDGE_STYLE: Readonly<Record<GraphEdge['kind'], string>> = {
  ref: '',
  parent: ', color="#999999", fontcolor="#999999", arrowhead=onormal',
  orphan: ', color="#b00020", fontcolor="#b00020", style=bold',
  'relink-dir': ', color="#6a1b9a", fontcolor="#6a1b9a"',
  image: ', color="#6a1b9a", fontcolor="#6a1b9a", style=dashed',
};

function nodeLine(n: GraphNode): string {
  const label = [n.title, ...n.lines].join('\n');
  const attrs = [
    `label=${q(label)}`,
    `fillcolor=${q(KIND_FILL[n.kind])}`,
    `class=${q([n.kind, ...n.marks].join(' '))}`,
  ];
  for (const [m, style] of MARK_STYLE) if (n.marks.includes(m)) attrs.push(style);
  if (n.marks.includes('new') || n.marks.includes('changed')) attrs.push('peripheries=2');
  return `    ${n.id} [${attrs.join(', ')}];`;
}

export function toDot(g: Graph): string {
  const out = [
    'digraph relinklab {',
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=12, labelloc=t, label=${q(g.title)}];`,
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=8];',
  ];
  for (const grp of g.groups) {
    const members = g.nodes.filter((n) => n.group === grp.id);
    if (members.length === 0) continue;
    out.push(`  subgraph cluster_${grp.id} {`, `    label=${q(grp.label)}; style=rounded; color="#bbbbbb";`);
    for (const n of members) out.push(nodeLine(n));
    out.push('  }');
  }
  const ids = new Set(g.nodes.map((n) => n.id));
  for (const e of g.edges) {
    if (!ids.has(e.from) || !ids.has(e.to)) continue;
    out.push(`  ${e.from} -> ${e.to} [label=${q(e.label)}${EDGE_STYLE[e.kind]}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
