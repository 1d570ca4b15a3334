/** The exit status of explain and report: 1, with one stderr line, when a step missed its expectation. */
import type { Frame } from '../teach/timeline.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';

export function exitForMissedSteps(file: string, frames: readonly Frame[], io: Io): number {
  const missed = frames.filter((f) => !f.ok);
  if (missed.length === 0) return EXIT_OK;
  io.err(`${file}: ${missed.length} step(s) not as the scenario expected: ${missed.map((f) => f.index).join(', ')}`);
  return EXIT_FOUND;
}
