/**
 * The playground's model, run in the browser: the document's steps parsed by the scenario parser
 * and run by the scenario runner (src/teach/timeline.ts), every state's graph drawn on one layout
 * of all of them (src/teach/layout.ts), so stepping and undoing move nothing, as in the report.
 * Nothing here may reach Node's modules: src/teach/playground/closure.ts checks it.
 */
import { InputError } from '../../model/errors.js';
import { FS_TYPES } from '../../model/fstype.js';
import type { World } from '../../model/world.js';
import { parseScenario, type Scenario } from '../../scenario/parse-text.js';
import type { Graph } from '../graph-types.js';
import { inodeLabel } from '../labels.js';
import { objectTable } from '../report-objects.js';
import { stableLayout, type Layout } from '../layout.js';
import { toPinnedDot } from '../pinned-dot.js';
import { graphAtStep } from '../render.js';
import { pinnedDotToSvg } from '../svg.js';
import { buildTimeline, frameTitle, stateAt, type Timeline } from '../timeline.js';
import { scenarioText, stepLines, type PlaygroundDoc } from './doc.js';

/** The file name parse errors are given under. */
export const PLAYGROUND_FILE = 'playground';

export interface PlayedStep {
  readonly title: string;
  /** The answer, or what went differently from the step's expect:. */
  readonly detail: string;
  readonly ok: boolean;
}

export interface Played {
  readonly timeline: Timeline;
  readonly steps: readonly PlayedStep[];
  readonly graphs: readonly Graph[];
  readonly layout: Layout;
}

/** A document the parser refused, with the step (0-based) the error is on, null for the header. */
export interface Refused {
  readonly error: string;
  readonly step: number | null;
}

function parseDoc(doc: PlaygroundDoc): Scenario {
  if (doc.steps.length > 0) return parseScenario(scenarioText(doc), PLAYGROUND_FILE);
  // The parser wants a step; with none the header is still checked, and the machine only boots.
  const header = parseScenario(`${doc.header.trimEnd()}\nsteps:\n  - {backup: {}}\n`, PLAYGROUND_FILE);
  return { ...header, steps: [] };
}

function refusal(doc: PlaygroundDoc, e: InputError): Refused {
  const i = stepLines(doc).findLastIndex((l) => e.line >= l);
  const step = i < 0 ? null : i;
  return { error: `${step === null ? 'the header' : `step ${i + 1}`}: ${e.detail}`, step };
}

/** Every step of the document run on the model and drawn on one layout; or why it cannot be. */
export async function play(doc: PlaygroundDoc): Promise<Played | Refused> {
  let sc: Scenario;
  try {
    sc = parseDoc(doc);
  } catch (e) {
    if (e instanceof InputError) return refusal(doc, e);
    throw e;
  }
  const timeline = buildTimeline(sc);
  const graphs = [0, ...timeline.frames.map((f) => f.index)].map((n) => graphAtStep(timeline, n));
  const steps = timeline.frames.map((f) => ({ title: frameTitle(f), detail: f.detail, ok: f.ok }));
  return { timeline, steps, graphs, layout: await stableLayout(graphs) };
}

/** The picture after step n (0: the booted machine), as SVG. */
export async function drawState(p: Played, n: number): Promise<string> {
  const g = p.graphs[n];
  if (g === undefined) throw new InputError(PLAYGROUND_FILE, 0, `no step ${n} (${p.graphs.length - 1} steps)`);
  return pinnedDotToSvg(toPinnedDot(g, p.layout));
}

/** Each file system's orphan list after step n, as the superblock node shows it (internal mounts have none). */
export function orphanLists(p: Played, n: number): string[] {
  const w: World = stateAt(p.timeline, n).world;
  return Object.values(w.superblocks)
    .filter((sb) => !FS_TYPES[sb.s_type].internal)
    .map((sb) => {
      const names = sb.s_orphans.map((i) => inodeLabel(w, i));
      return `${sb.s_type} (dev ${sb.s_dev}): ${names.length === 0 ? 'none' : names.join(', ')}`;
    });
}

/** Each object's counts across the steps, the report's table (src/teach/report-objects.ts). */
export const timelineTable = (p: Played): string => objectTable(p.timeline);
