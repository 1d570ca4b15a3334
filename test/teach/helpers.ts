// What the teaching tests share: the bundled scenarios as timelines, frames found by what they do,
// and an in-memory Io for running commands in-process.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Io } from '../../src/cli/io.js';
import { readScenario } from '../../src/scenario/parse.js';
import { buildTimeline, type Frame, type Timeline } from '../../src/teach/timeline.js';

export const SCENARIO_DIR = join(import.meta.dirname, '..', '..', 'scenarios');
export const SCENARIOS = readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

export const scenarioPath = (name: string): string => join(SCENARIO_DIR, name);

export const timeline = (name: string): Timeline => buildTimeline(readScenario(scenarioPath(name)));

/** The first frame that is the given call (or step kind), so tests do not hard-code step numbers. */
export function frameOf(t: Timeline, what: string): Frame {
  const f = t.frames.find((x) => (x.step.kind === 'call' ? x.step.sc.call === what : x.step.kind === what));
  if (f === undefined) throw new Error(`${t.scenario.file} has no ${what} step`);
  return f;
}

export interface Captured extends Io {
  readonly outs: string[];
  readonly errs: string[];
}

export function capture(): Captured {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (s) => outs.push(s), err: (s) => errs.push(s), isTTY: false };
}
