/** One step's graph in one output format; the step's own changes are highlighted. */
import { frameDiff } from './diff.js';
import { toDot } from './dot.js';
import { buildGraph, nodeId, type Graph } from './graph.js';
import { toMermaid } from './mermaid.js';
import { dotToSvg } from './svg.js';
import { frameTitle, stateAt, type Timeline } from './timeline.js';

export const FORMATS = ['dot', 'svg', 'mermaid'] as const;
export type Format = (typeof FORMATS)[number];

export const isFormat = (s: string): s is Format => (FORMATS as readonly string[]).includes(s);

/** The graph after step n (0: the booted machine), with what step n created or changed marked. */
export function graphAtStep(t: Timeline, n: number): Graph {
  const st = stateAt(t, n);
  const f = n === 0 ? undefined : t.frames[n - 1];
  const title = `${t.scenario.name}: ${f === undefined ? 'the booted machine' : `after step ${n}, ${frameTitle(f)}`}`;
  // A backup replaces the machine: ids mean other objects, so nothing is marked as changed.
  if (f === undefined || f.step.kind === 'backup') return buildGraph(st, { title });
  const d = frameDiff(f);
  const added = new Set(d.added.map((r) => nodeId(r.table, r.id)));
  const changed = new Set(d.fields.map((r) => nodeId(r.table, r.id)));
  if (f.before.image !== f.after.image) changed.add('image');
  return buildGraph(st, { title, added, changed });
}

export async function renderGraph(g: Graph, format: Format): Promise<string> {
  switch (format) {
    case 'dot':
      return toDot(g);
    case 'mermaid':
      return toMermaid(g);
    case 'svg':
      return dotToSvg(toDot(g));
  }
}
