/** The object graph as a Mermaid flowchart: groups as subgraphs (ids apart from node ids), marks as classes. */
import { GHOST, HIGHLIGHT } from './dot.js';
import type { Graph, GraphNode } from './graph.js';

/** Mermaid's entity escapes: a quote or angle bracket would end the label or open HTML. */
const esc = (s: string): string => s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

const label = (n: GraphNode): string => `"${[n.title, ...n.lines].map(esc).join('<br/>')}"`;

const CLASSES = [
  'classDef orphan fill:#f8d7da,stroke:#b00020,stroke-width:2px',
  'classDef unlinked stroke:#b00020,stroke-dasharray:4 2',
  'classDef relinkdir stroke:#6a1b9a,stroke-width:2px',
  `classDef touched stroke:${HIGHLIGHT},stroke-width:4px`,
  `classDef ghost fill:#ffffff,stroke:${GHOST},stroke-dasharray:4 2,color:${GHOST}`,
];

export function toMermaid(g: Graph): string {
  // Front matter is YAML: a JSON string is a valid double-quoted scalar whatever the title holds.
  const out = ['---', `title: ${JSON.stringify(g.title)}`, '---', 'flowchart LR'];
  for (const grp of g.groups) {
    const members = g.nodes.filter((n) => n.group === grp.id);
    if (members.length === 0) continue;
    out.push(`  subgraph grp_${grp.id}["${esc(grp.label)}"]`);
    for (const n of members) out.push(`    ${n.id}[${label(n)}]`);
    out.push('  end');
  }
  const ids = new Set(g.nodes.map((n) => n.id));
  for (const e of g.edges) {
    if (!ids.has(e.from) || !ids.has(e.to)) continue;
    const arrow = e.kind === 'parent' || e.kind === 'image' ? '-.->' : e.kind === 'orphan' ? '==>' : '-->';
    out.push(`  ${e.from} ${arrow}|"${esc(e.label)}"| ${e.to}`);
  }
  out.push(...CLASSES.map((c) => `  ${c}`));
  const byClass = (pred: (n: GraphNode) => boolean, cls: string): void => {
    const ns = g.nodes.filter(pred).map((n) => n.id);
    if (ns.length > 0) out.push(`  class ${ns.join(',')} ${cls}`);
  };
  byClass((n) => n.marks.includes('unlinked'), 'unlinked');
  byClass((n) => n.marks.includes('relink-dir'), 'relinkdir');
  byClass((n) => n.marks.includes('new') || n.marks.includes('changed'), 'touched');
  byClass((n) => n.marks.includes('orphan'), 'orphan');
  byClass((n) => n.marks.includes('ghost'), 'ghost');
  return `${out.join('\n')}\n`;
}
