/**
 * The security mode: every sequence of the security alphabet (src/checker/security-alphabet.ts:
 * a root checkpointer, a worker of uid 1000, a stranger of uid 1001 and an fs-root helper) up to
 * --depth steps, breadth first, from each of its two starts: relink_dir private to root (0700) and
 * as a careless admin leaves it (0755). Every step is judged by every general law, the security
 * laws among them (deletedStaysDeleted, revokedStaysRevoked, relinkDirKeptFromUnprivileged); the
 * counterexample is the shortest of the two starts' (the private start's on a tie), written as a
 * scenario that builds its start.
 */
import { counterexampleSummary } from '../search/counterexample.js';
import { exhaustive, type ExhaustiveStats } from '../search/explore.js';
import {
  SECURITY_ALPHABET,
  SECURITY_STARTS,
  securitySetup,
  securityStartWorld,
  type SecurityStart,
} from '../security-alphabet.js';
import { sequenceFindings, writtenLine, type CheckModeEntry } from './mode.js';

/** The default --depth: every start's sequences of seven steps, a few seconds (docs/checker.md). */
export const SECURITY_DEPTH = 7;

/** One start's search. */
export interface SecurityRun {
  readonly start: SecurityStart;
  readonly stats: ExhaustiveStats;
}

/** Both starts searched to `depth`, each to its own first violation. */
export function securitySearch(kernel: string, depth: number): SecurityRun[] {
  return SECURITY_STARTS.map((start) => ({
    start,
    stats: exhaustive(kernel, depth, SECURITY_ALPHABET, { start: securityStartWorld(kernel, start) }),
  }));
}

/** The run whose counterexample is shortest (the earlier start's on a tie), or null. */
export function firstFinding(runs: readonly SecurityRun[]): SecurityRun | null {
  let best: SecurityRun | null = null;
  for (const r of runs) {
    const cx = r.stats.counterexample;
    if (cx === null) continue;
    if (best === null || cx.ops.length < (best.stats.counterexample?.ops.length ?? Infinity)) best = r;
  }
  return best;
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const octal = (mode: number): string => `0${mode.toString(8)}`;
const startText = (s: SecurityStart): string => `${s.name} relink_dir (${octal(s.relinkDirMode)})`;

/** One line: no violation, or the start and what counterexampleSummary says of its counterexample. */
function summaryOf(found: SecurityRun | null): string {
  if (found === null) return 'no violation';
  return `${startText(found.start)}: ${counterexampleSummary(found.stats.counterexample)}`;
}

function lines(kernel: string, depth: number, runs: readonly SecurityRun[], found: SecurityRun | null): string[] {
  const sum = (f: (s: ExhaustiveStats) => number): number => runs.reduce((a, r) => a + f(r.stats), 0);
  const out = [
    `${kernel}, security: ${runs.length} starts, ${n(sum((s) => s.distinctStates))} distinct states, ${n(sum((s) => s.transitions))} transitions, depth ${depth}, ${Math.round(sum((s) => s.millis))} ms: ${summaryOf(found)}`,
    '| start | relink_dir | distinct states | transitions | depth reached | queue left | time | verdict |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...runs.map(
      (r) =>
        `| ${r.start.name} | root ${octal(r.start.relinkDirMode)} | ${n(r.stats.distinctStates)} | ${n(r.stats.transitions)} | ${r.stats.depth} | ${n(r.stats.queue)} | ${(r.stats.millis / 1000).toFixed(2)} s | ${counterexampleSummary(r.stats.counterexample)} |`,
    ),
    ...runs.map((r) => `states per level (${r.start.name}): ${r.stats.statesPerLevel.map(n).join(', ')}`),
  ];
  return out;
}

export const SECURITY_MODE: CheckModeEntry<'security'> = {
  name: 'security',
  about:
    'every sequence of the security alphabet (root checkpointer, uid 1000 worker, uid 1001 stranger, fs-root helper) up to --depth steps, breadth first, from relink_dir 0700 and 0755',
  depth: { means: 'steps per sequence, from each start', default: SECURITY_DEPTH },
  random: false,
  column: { bounds: (b) => b, describe: (b) => `security depth ${b.depth}` },
  search: (kernel, b) => {
    const runs = securitySearch(kernel, b.depth);
    const found = firstFinding(runs);
    const cx = found?.stats.counterexample ?? null;
    const setup = found === null ? undefined : securitySetup(kernel, found.start);
    return Promise.resolve({
      kernel,
      ...sequenceFindings(kernel, cx, setup),
      summary: summaryOf(found),
      millis: runs.reduce((a, r) => a + r.stats.millis, 0),
      lines: (out) => [...lines(kernel, b.depth, runs, found), ...(out === null ? [] : [writtenLine(out)])],
      json: (out) => ({
        kernel,
        mode: 'security',
        depth: b.depth,
        counterexample: cx,
        start: found?.start.name ?? null,
        millis: runs.reduce((a, r) => a + r.stats.millis, 0),
        starts: runs.map((r) => ({
          name: r.start.name,
          relinkDirMode: octal(r.start.relinkDirMode),
          states: r.stats.distinctStates,
          transitions: r.stats.transitions,
          depth: r.stats.depth,
          statesPerLevel: r.stats.statesPerLevel,
          queue: r.stats.queue,
          millis: r.stats.millis,
          counterexample: r.stats.counterexample,
        })),
        out,
      }),
    });
  },
};
