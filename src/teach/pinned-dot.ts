/**
 * A step's graph as DOT with every position given (Graphviz's nop2 engine, `neato -n2`): each
 * node, edge and cluster where the scenario's one layout put it (src/teach/layout.ts). Nodes the
 * layout does not know would be a bug: every step's graph is part of the union it was made from.
 */
import { ModelBug } from '../model/errors.js';
import { edgeAttrs, GRAPH_DEFAULTS, nodeAttrs, q } from './dot.js';
import { edgeKey, type Graph } from './graph-types.js';
import type { Layout } from './layout.js';
import { FONT_FAMILY } from './report-font.js';

/** Invisible points at the layout's corners: every step's drawing has the same size and origin. */
function corners(bb: string): string[] {
  const [llx, lly, urx, ury] = bb.split(',');
  return [
    [llx, lly],
    [urx, ury],
  ].map(
    ([x, y], i) => `  corner_${i} [pos="${x},${y}", label="", width=0.01, height=0.01, fixedsize=true, style=invis];`,
  );
}

export function toPinnedDot(g: Graph, layout: Layout): string {
  const lp = layout.lp === null ? '' : `, lp=${q(layout.lp)}`;
  const out = [
    'digraph relinklab {',
    `  graph [fontname="${FONT_FAMILY}", fontsize=12, labelloc=t, label=${q(g.title)}${lp}, bb=${q(layout.bb)}];`,
    ...GRAPH_DEFAULTS,
    ...corners(layout.bb),
  ];
  for (const grp of g.groups) {
    const members = g.nodes.filter((n) => n.group === grp.id);
    const box = layout.clusters.get(grp.id);
    if (members.length === 0 || box === undefined) continue;
    const glp = box.lp === null ? '' : `, lp=${q(box.lp)}`;
    out.push(
      `  subgraph cluster_${grp.id} {`,
      `    graph [label=${q(grp.label)}, bb=${q(box.bb)}${glp}, style=rounded, color="#bbbbbb", labelloc=t];`,
    );
    for (const n of members) {
      const place = layout.nodes.get(n.id);
      if (place === undefined) throw new ModelBug(`node ${n.id} is not in the scenario's layout`);
      const at = `pos=${q(place.pos)}, width=${place.width}, height=${place.height}, fixedsize=true`;
      out.push(`    ${n.id} [${[...nodeAttrs(n), at].join(', ')}];`);
    }
    out.push('  }');
  }
  const ids = new Set(g.nodes.map((n) => n.id));
  const ghosts = new Set(g.nodes.filter((n) => n.marks.includes('ghost')).map((n) => n.id));
  for (const e of g.edges) {
    if (!ids.has(e.from) || !ids.has(e.to)) continue;
    const placed = layout.edges.get(edgeKey(e));
    const at = placed === undefined ? '' : `, pos=${q(placed.pos)}${placed.lp === null ? '' : `, lp=${q(placed.lp)}`}`;
    out.push(`  ${e.from} -> ${e.to} [${edgeAttrs(e, ghosts.has(e.from) || ghosts.has(e.to))}${at}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
