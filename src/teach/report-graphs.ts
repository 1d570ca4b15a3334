/**
 * The report's pictures: every step drawn on one layout per view, so objects keep their places
 * as the reader steps. Two views: everything, and focused (src/teach/focus.ts), each laid out on
 * its own so the focused one is not full of holes.
 */
import { focusView } from './focus.js';
import type { Graph } from './graph-types.js';
import { stableLayout } from './layout.js';
import { toPinnedDot } from './pinned-dot.js';
import { graphAtStep } from './render.js';
import { pinnedDotToSvg } from './svg.js';
import type { Timeline } from './timeline.js';

export interface StepPictures {
  /** One SVG per state, 0 (the booted machine) to the last step. */
  readonly full: readonly string[];
  readonly focused: readonly string[];
}

/** Every step's graph drawn on the layout of all of them. */
export async function drawSteps(graphs: readonly Graph[]): Promise<string[]> {
  const layout = await stableLayout(graphs);
  const out: string[] = [];
  for (const g of graphs) out.push(await pinnedDotToSvg(toPinnedDot(g, layout)));
  return out;
}

export async function stepPictures(t: Timeline): Promise<StepPictures> {
  const graphs = [0, ...t.frames.map((f) => f.index)].map((n) => graphAtStep(t, n));
  return { full: await drawSteps(graphs), focused: await drawSteps(graphs.map(focusView)) };
}
