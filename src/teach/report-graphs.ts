/**
 * The report's pictures, scene by scene. A scene is a run of steps that ends with a step which
 * builds, takes down or rewrites much of the machine (checkpoint, kill, backup, restart,
 * cleanup): what that step frees is still drawn as a ghost where it was, and within a scene
 * nothing moves. A scene is drawn on the scenario's one layout (every step's objects,
 * src/teach/layout.ts) unless a layout of its own objects lets projector mode draw the text
 * larger: the one layout is as wide as its widest step, and a projector's width is what bounds
 * the text. Two views: everything, and focused (src/teach/focus.ts), each laid out on its own.
 */
import { ModelBug } from '../model/errors.js';
import type { Step } from '../scenario/parse.js';
import { focusView } from './focus.js';
import type { Graph } from './graph-types.js';
import { stableLayout, type Layout } from './layout.js';
import { toPinnedDot } from './pinned-dot.js';
import { graphAtStep } from './render.js';
import { pinnedDotToSvg } from './svg.js';
import type { Timeline } from './timeline.js';

/** The steps after which a new scene begins. */
const SCENE_ENDS: ReadonlySet<Step['kind']> = new Set(['checkpoint', 'kill', 'backup', 'restart', 'cleanup']);

/**
 * The room projector mode gives a picture at a lecture hall's 1280x720, in CSS pixels, as
 * Chromium lays the page out: the viewer's width, and the height less the controls and the
 * step's title (report-view.ts).
 */
export const PROJECTOR_ROOM = { width: 1262, height: 586 } as const;

/** Graphviz's margin around the layout's bounding box in its SVG, in points, on each side. */
const SVG_PAD = 4;

/** How many CSS pixels a point of the picture takes in projector mode at 1280x720. */
export function projectorScale(widthPt: number, heightPt: number): number {
  return Math.min(PROJECTOR_ROOM.width / widthPt, PROJECTOR_ROOM.height / heightPt);
}

function layoutScale(l: Layout): number {
  const [llx = 0, lly = 0, urx = 0, ury = 0] = l.bb.split(',').map(Number);
  return projectorScale(urx - llx + 2 * SVG_PAD, ury - lly + 2 * SVG_PAD);
}

/** The first step of each scene: 0, and the step after each checkpoint, kill, backup, restart or cleanup. */
export function sceneStarts(t: Timeline): number[] {
  const starts = [0];
  for (const f of t.frames) if (SCENE_ENDS.has(f.step.kind) && f.index < t.frames.length) starts.push(f.index + 1);
  return starts;
}

export interface DrawnSteps {
  /** One SVG per state, 0 (the booted machine) to the last step. */
  readonly steps: readonly string[];
  /**
   * At the first step n > 0 of a scene drawn on another layout than the scene before, steps n-1
   * and n drawn on the scenario's one layout: the before/after view sets them side by side, each
   * object at one place in both.
   */
  readonly pairs: ReadonlyMap<number, readonly [string, string]>;
}

export interface StepPictures {
  readonly full: DrawnSteps;
  readonly focused: DrawnSteps;
  /** Each step's scene, counted from 0. */
  readonly scene: readonly number[];
}

async function draw(g: Graph | undefined, layout: Layout): Promise<string> {
  if (g === undefined) throw new ModelBug('a scene names a step that has no graph');
  return pinnedDotToSvg(toPinnedDot(g, layout));
}

/** Every step's graph drawn on its scene's layout: its own when that scales larger than the scenario's one. */
export async function drawScenes(graphs: readonly Graph[], starts: readonly number[]): Promise<DrawnSteps> {
  const whole = await stableLayout(graphs);
  const steps: string[] = [];
  const pairs = new Map<number, readonly [string, string]>();
  let before = whole;
  for (const [k, first] of starts.entries()) {
    const end = starts[k + 1] ?? graphs.length;
    const own = await stableLayout(graphs.slice(first, end));
    const layout = layoutScale(own) > layoutScale(whole) ? own : whole;
    if (first > 0 && layout !== before)
      pairs.set(first, [await draw(graphs[first - 1], whole), await draw(graphs[first], whole)]);
    for (let n = first; n < end; n++) steps.push(await draw(graphs[n], layout));
    before = layout;
  }
  return { steps, pairs };
}

export async function stepPictures(t: Timeline): Promise<StepPictures> {
  const graphs = [0, ...t.frames.map((f) => f.index)].map((n) => graphAtStep(t, n));
  const starts = sceneStarts(t);
  const scene = graphs.map((_, n) => starts.filter((s) => s <= n).length - 1);
  return {
    full: await drawScenes(graphs, starts),
    focused: await drawScenes(graphs.map(focusView), starts),
    scene,
  };
}
