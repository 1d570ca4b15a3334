/**
 * One layout for every step of a scenario, so an object keeps its place from the first step it
 * exists to the last: dot lays out the union of the steps' graphs once, every node as large as
 * its largest label at any step, and each step is then drawn with those positions
 * (src/teach/pinned-dot.ts). Edges keep their routes and clusters their boxes.
 */
import { ModelBug } from '../model/errors.js';
import { GRAPH_DEFAULTS, graphAttrs, NODE_FONT_SIZE, nodeLabel, q } from './dot.js';
import { edgeKey, type Graph, type GraphEdge, type GraphGroup, type GraphNode } from './graph-types.js';
import { textWidth } from './report-font.js';
import { dotLayoutJson } from './svg.js';

export interface NodePlace {
  readonly pos: string;
  readonly width: string;
  readonly height: string;
}

export interface Placed {
  readonly pos: string;
  readonly lp: string | null;
}

export interface Layout {
  /** The union graph's bounding box and title position, the same at every step. */
  readonly bb: string;
  readonly lp: string | null;
  readonly nodes: ReadonlyMap<string, NodePlace>;
  readonly edges: ReadonlyMap<string, Placed>;
  readonly clusters: ReadonlyMap<string, { readonly bb: string; readonly lp: string | null }>;
}

interface GvObject {
  readonly name: string;
  readonly pos?: string;
  readonly width?: string;
  readonly height?: string;
  readonly bb?: string;
  readonly lp?: string;
}

interface GvEdge {
  readonly id?: string;
  readonly pos?: string;
  readonly lp?: string;
}

interface GvGraph {
  readonly bb: string;
  readonly lp?: string;
  readonly objects?: readonly GvObject[];
  readonly edges?: readonly GvEdge[];
}

function asGvGraph(v: unknown): GvGraph {
  if (typeof v !== 'object' || v === null || typeof (v as { bb?: unknown }).bb !== 'string')
    throw new ModelBug('graphviz gave a layout with no bounding box');
  return v as GvGraph;
}

const measureId = (i: number): string => `m${i}`;

/** The room Graphviz leaves on each side of a box's label: 8 points (shapes.c's PAD). */
const SIDE_PADDING = 8;

/**
 * A label's width in inches from the embedded face's own advances: Graphviz's width table for
 * "DejaVu Sans" is right for ASCII but guesses at other characters (twenty 'Æ' at 127 points,
 * drawn in 195).
 */
const labelWidth = (label: string): number =>
  (Math.max(...label.split('\n').map((line) => textWidth(line, NODE_FONT_SIZE))) + 2 * SIDE_PADDING) / 72;

/**
 * Each node's size at its largest: dot measures every label it has at any step, once, for the
 * height and its least width; the width is at least the label's in the face the reader sees.
 */
async function nodeSizes(labels: ReadonlyMap<string, ReadonlySet<string>>): Promise<Map<string, [number, number]>> {
  const measured: (readonly [owner: string, label: string])[] = [];
  const lines = ['digraph measure {', ...GRAPH_DEFAULTS];
  for (const [id, set] of labels) {
    for (const label of set) {
      lines.push(`  ${measureId(measured.length)} [label=${q(label)}];`);
      measured.push([id, label]);
    }
  }
  lines.push('}');
  const g = asGvGraph(await dotLayoutJson(lines.join('\n')));
  const sizes = new Map<string, [number, number]>();
  for (const o of g.objects ?? []) {
    const m = measured[Number(o.name.slice(1))];
    if (m === undefined || o.width === undefined || o.height === undefined) continue;
    const [owner, label] = m;
    const [w, h] = sizes.get(owner) ?? [0, 0];
    sizes.set(owner, [Math.max(w, Number(o.width), labelWidth(label)), Math.max(h, Number(o.height))]);
  }
  return sizes;
}

interface Union {
  readonly nodes: Map<string, GraphNode>;
  readonly labels: Map<string, Set<string>>;
  readonly edges: Map<string, GraphEdge>;
  readonly groups: Map<string, GraphGroup>;
  readonly title: string;
}

function union(graphs: readonly Graph[]): Union {
  const u: Union = { nodes: new Map(), labels: new Map(), edges: new Map(), groups: new Map(), title: '' };
  let title = '';
  for (const g of graphs) {
    if (g.title.length > title.length) title = g.title;
    for (const grp of g.groups) if (!u.groups.has(grp.id)) u.groups.set(grp.id, grp);
    for (const n of g.nodes) {
      if (!u.nodes.has(n.id)) u.nodes.set(n.id, n);
      const set = u.labels.get(n.id) ?? new Set<string>();
      u.labels.set(n.id, set.add(nodeLabel(n)));
    }
    for (const e of g.edges) if (!u.edges.has(edgeKey(e))) u.edges.set(edgeKey(e), e);
  }
  return { ...u, title };
}

/** Lay out the union of `graphs` (every step of one view) once. */
export async function stableLayout(graphs: readonly Graph[]): Promise<Layout> {
  const u = union(graphs);
  const sizes = await nodeSizes(u.labels);
  // Tighter than dot's defaults: the union holds every step's objects, and a projector's width is fixed.
  const tight = 'ranksep=0.25, nodesep=0.15';
  const out = ['digraph relinklab {', `  graph [${graphAttrs(u.title)}, ${tight}];`, ...GRAPH_DEFAULTS];
  for (const grp of u.groups.values()) {
    const members = [...u.nodes.values()].filter((n) => n.group === grp.id);
    if (members.length === 0) continue;
    out.push(`  subgraph cluster_${grp.id} {`, `    label=${q(grp.label)}; style=rounded;`);
    for (const n of members) {
      const [w, h] = sizes.get(n.id) ?? [0.75, 0.5];
      out.push(`    ${n.id} [label="", width=${w}, height=${h}, fixedsize=true];`);
    }
    out.push('  }');
  }
  for (const [key, e] of u.edges) {
    if (!u.nodes.has(e.from) || !u.nodes.has(e.to)) continue;
    // A d_parent edge does not push its dentry a rank on: names of one directory may stand side by side.
    const rank = e.kind === 'parent' ? ', constraint=false' : '';
    out.push(`  ${e.from} -> ${e.to} [id=${q(key)}, label=${q(e.label)}${rank}];`);
  }
  out.push('}');
  const g = asGvGraph(await dotLayoutJson(out.join('\n')));
  const nodes = new Map<string, NodePlace>();
  const clusters = new Map<string, { bb: string; lp: string | null }>();
  for (const o of g.objects ?? []) {
    if (o.bb !== undefined && o.name.startsWith('cluster_'))
      clusters.set(o.name.slice('cluster_'.length), { bb: o.bb, lp: o.lp ?? null });
    else if (o.pos !== undefined && o.width !== undefined && o.height !== undefined)
      nodes.set(o.name, { pos: o.pos, width: o.width, height: o.height });
  }
  const edges = new Map<string, Placed>();
  for (const e of g.edges ?? [])
    if (e.id !== undefined && e.pos !== undefined) edges.set(e.id, { pos: e.pos, lp: e.lp ?? null });
  return { bb: extent(g.bb, [...edges.values()]), lp: g.lp ?? null, nodes, edges, clusters };
}

/**
 * The box that holds the layout's bounding box and every point of its edges: dot's box leaves
 * out the control points of a curve, the nop2 drawing does not, and a step that draws such an
 * edge would otherwise grow and shift the whole picture.
 */
function extent(bb: string, edges: readonly Placed[]): string {
  const [llx = 0, lly = 0, urx = 0, ury = 0] = bb.split(',').map(Number);
  const box = { llx, lly, urx, ury };
  for (const e of edges) {
    for (const pt of e.pos.split(' ')) {
      const [x, y] = pt
        .replace(/^[es],/, '')
        .split(',')
        .map(Number);
      if (x === undefined || y === undefined || Number.isNaN(x) || Number.isNaN(y)) continue;
      box.llx = Math.min(box.llx, x);
      box.lly = Math.min(box.lly, y);
      box.urx = Math.max(box.urx, x);
      box.ury = Math.max(box.ury, y);
    }
  }
  return [box.llx, box.lly, box.urx, box.ury].join(',');
}
