/**
 * The report's pictures: every step drawn on the scenario's one layout (every step's objects,
 * src/teach/layout.ts), so an object keeps its place from the first step it exists to the last,
 * and what a step frees is drawn as a ghost where it was. Each picture has the one layout's
 * size, so projector mode's camera (report-camera.ts) draws every step at one scale. Two views:
 * everything, and focused (src/teach/focus.ts), each on its own one layout.
 */
import type { Graph } from './graph-types.js';
import { focusView } from './focus.js';
import { stableLayout } from './layout.js';
import { toPinnedDot } from './pinned-dot.js';
import { graphAtStep } from './render.js';
import { pinnedDotToSvg } from './svg.js';
import type { Timeline } from './timeline.js';

export interface StepPictures {
  /** One SVG per state, 0 (the booted machine) to the last step: everything. */
  readonly full: readonly string[];
  /** The same states, focused. */
  readonly focused: readonly string[];
}

async function drawOnOneLayout(graphs: readonly Graph[]): Promise<string[]> {
  const layout = await stableLayout(graphs);
  const svgs: string[] = [];
  for (const g of graphs) svgs.push(await pinnedDotToSvg(toPinnedDot(g, layout)));
  return svgs;
}

export async function stepPictures(t: Timeline): Promise<StepPictures> {
  const graphs = [0, ...t.frames.map((f) => f.index)].map((n) => graphAtStep(t, n));
  return { full: await drawOnOneLayout(graphs), focused: await drawOnOneLayout(graphs.map(focusView)) };
}
