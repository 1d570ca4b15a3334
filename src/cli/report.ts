/** `relinklab report SCENARIO -o report.html`: the whole scenario (or trace, or strace log) as one self-contained page. */
import { buildReport } from '../teach/report.js';
import type { Io } from './io.js';
import { exitForMissedSteps } from './missed-steps.js';
import { readTimeline, type TimelineInput } from './timeline-input.js';
import { writeOutput } from './write.js';

export async function runReport(input: TimelineInput, out: string, json: boolean, io: Io): Promise<number> {
  const file = input.file;
  const t = readTimeline(input);
  const html = await buildReport(t);
  writeOutput(out, html);
  const summary = { file, written: out, steps: t.frames.length, bytes: Buffer.byteLength(html) };
  io.out(json ? JSON.stringify(summary) : `${out}: ${summary.steps} steps of ${file}, ${summary.bytes} bytes`);
  // The page is written either way (it marks such steps); the status tells a script, as `run` does.
  return exitForMissedSteps(file, t.frames, io);
}
