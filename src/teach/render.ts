/** One step's graph in one output format; the step's own changes are highlighted. */
import { ModelBug } from '../model/errors.js';
import { frameDiff } from './diff.js';
import { focusView } from './focus.js';
import { toDot } from './dot.js';
import { buildGraph, nodeId, type Graph } from './graph.js';
import { toMermaid } from './mermaid.js';
import { compareGraphs } from './step-compare.js';
import { stableLayout } from './layout.js';
import { toPinnedDot } from './pinned-dot.js';
import { withEmbeddedFont } from './report-font.js';
import { dotToSvg, pinnedDotToSvg } from './svg.js';
import { frameTitle, stateAt, type Timeline } from './timeline.js';

export const FORMATS = ['dot', 'svg', 'mermaid'] as const;
export type Format = (typeof FORMATS)[number];

export const isFormat = (s: string): s is Format => (FORMATS as readonly string[]).includes(s);

/**
 * The graph after step n (0: the booted machine), with what step n created or changed marked, its
 * changed values as old -> new and what it freed as ghosts (src/teach/step-compare.ts).
 */
export function graphAtStep(t: Timeline, n: number): Graph {
  const st = stateAt(t, n);
  const f = n === 0 ? undefined : t.frames[n - 1];
  const title = `${t.scenario.name}: ${f === undefined ? 'the booted machine' : `after step ${n}, ${frameTitle(f)}`}`;
  const focus = t.scenario.focus ?? [];
  // A backup replaces the machine: ids mean other objects, so nothing is marked as changed.
  if (f === undefined || f.step.kind === 'backup') return buildGraph(st, { title, focus });
  const d = frameDiff(f);
  const added = new Set(d.added.map((r) => nodeId(r.table, r.id)));
  const changed = new Set(d.fields.map((r) => nodeId(r.table, r.id)));
  if (f.before.image !== f.after.image) changed.add('image');
  return compareGraphs(buildGraph(f.before, { title, focus }), buildGraph(st, { title, added, changed, focus }));
}

/** The graph after step n, whole or focused (src/teach/focus.ts). */
export const stepGraph = (t: Timeline, n: number, focused: boolean): Graph =>
  focused ? focusView(graphAtStep(t, n)) : graphAtStep(t, n);

/**
 * Step n in a format; as SVG on the layout of every step (src/teach/layout.ts), so pictures of
 * several steps of one scenario, as slides, keep each object in its place, with the face its
 * nodes were sized for embedded (src/teach/report-font.ts).
 */
export async function renderStep(t: Timeline, n: number, format: Format, focused: boolean): Promise<string> {
  if (format !== 'svg') return renderGraph(stepGraph(t, n, focused), format);
  const graphs = [0, ...t.frames.map((f) => f.index)].map((i) => stepGraph(t, i, focused));
  const layout = await stableLayout(graphs);
  const g = graphs[n];
  if (g === undefined) throw new ModelBug(`no step ${n} (the scenario has ${t.frames.length})`);
  return withEmbeddedFont(await pinnedDotToSvg(toPinnedDot(g, layout)));
}

export async function renderGraph(g: Graph, format: Format): Promise<string> {
  switch (format) {
    case 'dot':
      return toDot(g);
    case 'mermaid':
      return toMermaid(g);
    case 'svg':
      return withEmbeddedFont(await dotToSvg(toDot(g)));
  }
}
