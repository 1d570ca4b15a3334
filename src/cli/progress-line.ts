/**
 * The status line of a long search: on stderr, only on a terminal (so pipes, logs and batch jobs
 * stay clean), redrawn at most five times a second, cleared when the search ends.
 */
import type { ProgressSink, SearchProgress } from '../checker/search/progress.js';
import type { Io } from './io.js';

export interface ProgressLine {
  readonly sink: ProgressSink | undefined;
  done(): void;
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');

function describe(p: SearchProgress, seconds: number): string {
  const rate = seconds > 0 ? seconds : 1;
  if (p.kind === 'random')
    return `random: ${n(p.runs)} of ${n(p.of)} runs, ${seconds.toFixed(0)} s, ${n(p.runs / rate)} runs/s`;
  return `level ${p.level}: ${n(p.distinct)} distinct, ${n(p.transitions)} generated, queue ${n(p.queue)}, ${seconds.toFixed(0)} s, ${n(p.distinct / rate)} states/s`;
}

export function progressLine(io: Io): ProgressLine {
  const draw = io.progress;
  if (draw === undefined) return { sink: undefined, done: () => undefined };
  const t0 = performance.now();
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    sink: (p) => {
      const now = performance.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      draw(describe(p, (now - t0) / 1000));
    },
    done: () => {
      if (shown) draw('');
    },
  };
}
