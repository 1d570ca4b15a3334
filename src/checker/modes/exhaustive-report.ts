/**
 * The summary of an exhaustive search, the same whether one thread, K workers or a merge of
 * shards produced it: a first line with the verdict, then a TLC-style table (distinct states,
 * transitions, depth, queue, time, states/s, heap) and the states per level; `check --mode
 * exhaustive` and `merge` both print it as the exhaustive mode's outcome.
 */
import { counterexampleSummary } from '../search/counterexample.js';
import type { Counterexample, ExhaustiveStats } from '../search/explore.js';
import { sequenceFindings, writtenLine, type ModeOutcome } from './mode.js';

export interface ExhaustiveSummary {
  readonly kernel: string;
  readonly stats: ExhaustiveStats;
  readonly workers: number;
  /** Set for a merge: how many shards, and their times added up. */
  readonly shards?: { readonly count: number; readonly totalMillis: number };
  /** Set for a distributed search's collect: how many partitions, and their jobs' CPU added up. */
  readonly partitions?: { readonly count: number; readonly totalCpuMillis: number };
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const perSecond = (s: ExhaustiveStats): number => (s.millis > 0 ? (s.distinctStates * 1000) / s.millis : 0);

export function verdict(cx: Counterexample | null): string {
  return counterexampleSummary(cx);
}

export function summaryLines(r: ExhaustiveSummary): string[] {
  const s = r.stats;
  const how =
    r.shards !== undefined
      ? `merged from ${r.shards.count} shards`
      : r.partitions !== undefined
        ? `distributed over ${r.partitions.count} partitions`
        : `${r.workers} worker${r.workers === 1 ? '' : 's'}`;
  const lines = [
    `${r.kernel}, exhaustive: ${s.distinctStates} distinct states, ${s.transitions} transitions, depth ${s.depth}, ${Math.round(s.millis)} ms: ${verdict(s.counterexample)}`,
    `| distinct states | transitions (states generated) | depth reached | queue left | time | distinct states/s | heap | run |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    `| ${n(s.distinctStates)} | ${n(s.transitions)} | ${s.depth} | ${n(s.queue)} | ${(s.millis / 1000).toFixed(2)} s | ${n(perSecond(s))} | ${n(s.heapBytes / 2 ** 20)} MB | ${how} |`,
    `states per level: ${s.statesPerLevel.map(n).join(', ')}`,
  ];
  const c = s.compact;
  if (c !== undefined)
    lines.push(
      `stored: ${n(c.storedBytes / Math.max(s.distinctStates, 1))} bytes a state (fingerprints and frontier paths, ${n(c.storedBytes / 2 ** 10)} KiB at most)${c.spilledBytes > 0 ? `, ${n(c.spilledBytes / 2 ** 20)} MiB of frontier spilled to disk` : ''}`,
    );
  if (r.shards !== undefined)
    lines.push(`time is the slowest shard's; all shards took ${(r.shards.totalMillis / 1000).toFixed(2)} s`);
  if (r.partitions !== undefined)
    lines.push(
      `time is the slowest partition's CPU over its levels; all jobs took ${(r.partitions.totalCpuMillis / 1000).toFixed(2)} s of CPU`,
    );
  return lines;
}

/** The JSON `check --json` and `merge --json` print (the first fields as before sharding). */
export function summaryJson(r: ExhaustiveSummary, out: string | null): Record<string, unknown> {
  const s = r.stats;
  return {
    kernel: r.kernel,
    mode: 'exhaustive',
    counterexample: s.counterexample,
    millis: s.millis,
    states: s.distinctStates,
    transitions: s.transitions,
    depth: s.depth,
    statesPerLevel: s.statesPerLevel,
    queue: s.queue,
    statesPerSecond: perSecond(s),
    heapBytes: s.heapBytes,
    ...(s.compact !== undefined ? { storedBytes: s.compact.storedBytes, spilledBytes: s.compact.spilledBytes } : {}),
    workers: r.workers,
    ...(r.shards !== undefined ? { shards: r.shards.count, totalShardMillis: r.shards.totalMillis } : {}),
    ...(r.partitions !== undefined
      ? { partitions: r.partitions.count, totalCpuMillis: r.partitions.totalCpuMillis }
      : {}),
    out,
  };
}

/** The summary as a mode's outcome: what check and merge print, the scenario they write. */
export function exhaustiveOutcome(r: ExhaustiveSummary): ModeOutcome {
  const cx = r.stats.counterexample;
  return {
    kernel: r.kernel,
    ...sequenceFindings(r.kernel, cx),
    millis: r.stats.millis,
    lines: (out) => [...summaryLines(r), ...(out === null ? [] : [writtenLine(out)])],
    json: (out) => summaryJson(r, out),
  };
}
