/** The results as one markdown page (bench/results.md): the figures of one `npm run bench`. */
import { CHECK_MODES } from '../src/checker/modes/registry.js';
import type { BugCell, BugResult, DepthResult, RandomResult } from './checker-bench.js';
import type { ReductionBench } from './reduction-bench.js';
import type { CostRow } from './cost.js';
import type { CriuBench } from './criu-bench.js';
import { criuSection } from './criu-report.js';
import type { KernelResults } from './kernel-bench.js';
import { fastestMemfs, type ReplayResult } from './replay-bench.js';
import type { SpinResult } from './spin.js';
import type { SpinStateComparison } from './spin-states.js';
import type { DistBench } from './dist-bench.js';
import type { TargetRow } from './targets.js';

export interface SpinComparison {
  readonly depth: number;
  readonly spin: SpinResult | null;
  /** A deeper SPIN run, long enough (a second or more) for pan's timer to give its speed. */
  readonly spinSpeed: SpinResult | null;
  readonly raw: DepthResult;
  /** Our raw-key search at the depth of SPIN's speed run (null when SPIN did not run). */
  readonly rawSpeed: DepthResult | null;
  readonly canonical: DepthResult;
  /** The two state sets and transition lists through the explicit mapping (bench/spin-states.ts). */
  readonly sets: SpinStateComparison | null;
  /** Why SPIN did not run, when it did not. */
  readonly skipped?: string;
}

export interface Results {
  readonly date: string;
  readonly machine: string;
  readonly node: string;
  readonly replay: ReplayResult;
  readonly depths: readonly DepthResult[];
  readonly random: RandomResult;
  readonly bugs: readonly BugResult[];
  /** Each mode's bounds for the seeded bugs, as the table's header says them. */
  readonly bugColumns: readonly string[];
  readonly spin: SpinComparison;
  /** Sleep sets against the plain search (bench/reduction-bench.ts); absent from runs before it. */
  readonly reduction?: ReductionBench | null;
  readonly cost: readonly CostRow[];
  /** Absent when BENCH_QEMU=0. */
  readonly kernel: KernelResults | null;
  /** CRIU's ghost files against relink + link remap (bench/criu-bench.ts); absent when not run. */
  readonly criu: CriuBench | null;
  /** The distributed search against the single run (bench/dist-bench.ts). */
  readonly distributed: DistBench | null;
  /** Issue 16's targets, judged from the figures above (bench/targets.ts). */
  readonly targets: readonly TargetRow[];
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const r2 = (x: number): string => x.toFixed(2);
const ms = (x: number): string => (x < 10 ? x.toFixed(1) : n(x));

function replaySection(r: ReplayResult): string[] {
  const memfs = fastestMemfs(r);
  const row = (what: string, rate: number): string => `| ${what} | ${n(rate)} | ${r2(rate / memfs)} |`;
  return [
    `## Replay throughput (${n(r.calls)} generated calls; CPU time, median of ${r.rounds} interleaved rounds)`,
    '',
    '| replayer | calls/s | this / fastest memfs |',
    '| --- | ---: | ---: |',
    row('`relinklab replay FILE` (the CLI: read, parse, replay; invariants after every call)', r.cliEveryCallsPerSec),
    row('`relinklab replay --invariants end FILE` (the audit once, after the last call)', r.cliEndCallsPerSec),
    row('memfs 4.80 (plain API)', r.memfsCallsPerSec),
    row('memfs 4.80 (plain API, `Error.stackTraceLimit = 0`)', r.memfsNoStackCallsPerSec),
    row('memfs with rename(2) put right', r.memfsPosixCallsPerSec),
    row(
      `relinklab before (immer step + full checkInvariants per call, no parse; first ${n(r.legacyCalls)} calls)`,
      r.legacyCallsPerSec,
    ),
    '',
    `Trace parsing alone (parseJsonl): ${n(r.parseCallsPerSec)} calls/s, included in both CLI figures. ` +
      `Per-call outcomes agree with memfs: ${r.outcomesAgree ? 'yes' : 'NO'}; final file sets agree: ` +
      `${r.filesAgree ? 'yes' : 'NO'} (${r.finalFiles} files); invariant violations: ${r.invariantViolations}; ` +
      `the CLI's exit status: ${r.cliExitStatus.every} (every), ${r.cliExitStatus.end} (end).`,
  ];
}

function checkerSection(ds: readonly DepthResult[], rnd: RandomResult): string[] {
  return [
    '## Checker: exhaustive search of the relink alphabet (kernel `relink`, canonical keys)',
    '',
    '| depth | distinct states | transitions | CPU s | states/s | heap bytes/state | note |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...ds.map(
      (d) =>
        `| ${d.depth} | ${n(d.states)} | ${n(d.transitions)} | ${(d.cpuMs / 1000).toFixed(1)} | ${n(d.statesPerSec)} | ${n(d.bytesPerState)} | ${d.capped ? `capped: stopped in level ${d.statesPerLevel.length - 1}` : ''} |`,
    ),
    '',
    `Random search: ${n(rnd.runs)} runs of up to 12 operations in ${(rnd.cpuMs / 1000).toFixed(1)} CPU s: ${n(rnd.runsPerSec)} runs/s.`,
  ];
}

function bugSection(bs: readonly BugResult[], columns: readonly string[]): string[] {
  const cell = (x: BugCell | undefined): string =>
    x === undefined ? 'not run' : x.found ? `found, ${x.steps} steps, ${ms(x.ms)} ms` : `not found (${ms(x.ms)} ms)`;
  return [
    `## Time to find each seeded bug (${columns.join('; ')})`,
    '',
    `| seeded bug | ${CHECK_MODES.join(' | ')} |`,
    `| --- |${' --- |'.repeat(CHECK_MODES.length)}`,
    ...bs.map((b) => `| ${b.bug} | ${CHECK_MODES.map((m) => cell(b.modes[m])).join(' | ')} |`),
    '',
    `Found by at least one mode: ${bs.filter((b) => Object.values(b.modes).some((c) => c.found)).length} of ${bs.length}.`,
  ];
}

/** The explicit mapping's verdict: both sides' states level by level, and their transitions. */
function setsLine(c: SpinStateComparison): string {
  const levels = c.levels
    .map((l) => `${n(l.spin)}${l.equal ? '' : ` (ours ${n(l.relinklab)}, sets differ)`}`)
    .join(', ');
  const all = c.levels.every((l) => l.equal) && c.transitionsEqual;
  return (
    `State sets through the explicit mapping (bench/spin-states.ts), depth ${c.depth}: ${all ? 'equal at every level' : 'NOT EQUAL'} ` +
    `(states per level ${levels}); transitions ${n(c.spinTransitions)} (SPIN) and ${n(c.relinklabTransitions)} (relinklab), ` +
    `${c.transitionsEqual ? 'the same list' : 'DIFFERENT lists'}.`
  );
}

function spinSection(s: SpinComparison): string[] {
  const head = `## SPIN peer (bench/spin/relink.pml, breadth first, depth ${s.depth})`;
  if (s.spin === null || s.spinSpeed === null) return [head, '', `SPIN did not run: ${s.skipped ?? 'unknown reason'}.`];
  const sp = s.spin;
  const fast = s.spinSpeed;
  const same = sp.states === s.raw.states;
  return [
    head,
    '',
    `| depth ${s.depth} | states | states/s |`,
    '| --- | ---: | ---: |',
    `| SPIN ${sp.version.replace(/^Spin Version /, '').replace(/ --.*$/, '')} | ${n(sp.states)} | ${n(fast.statesPerSec)} (at depth ${fast.depth}: ${n(fast.states)} states in ${(fast.searchMs / 1000).toFixed(2)} s) |`,
    `| relinklab, raw keys (no symmetry reduction) | ${n(s.raw.states)} | ${n(s.raw.statesPerSec)}${s.rawSpeed === null ? '' : ` (at depth ${s.rawSpeed.depth}: ${n(s.rawSpeed.states)} states in ${(s.rawSpeed.cpuMs / 1000).toFixed(1)} s)`} |`,
    `| relinklab, canonical keys (symmetry reduced) | ${n(s.canonical.states)} | ${n(s.canonical.statesPerSec)} |`,
    '',
    `Same number of states before symmetry reduction: ${same ? 'yes' : `NO (${n(s.raw.states)} vs ${n(sp.states)})`}. ` +
      `Our states/s (raw keys, depth ${s.rawSpeed?.depth ?? s.raw.depth}) over SPIN's (every assertion on): ${((s.rawSpeed ?? s.raw).statesPerSec / fast.statesPerSec).toPrecision(2)}; ` +
      `our state count after symmetry reduction over SPIN's: ${r2(s.canonical.states / sp.states)}.`,
    ...(s.sets === null ? [] : ['', setsLine(s.sets)]),
  ];
}

function costSection(rows: readonly CostRow[], k: KernelResults | null): string[] {
  const real = (mib: number, strategy: 'relink' | 'copy'): string => {
    const r = k?.io.find((x) => x.mib === mib && x.strategy === strategy);
    return r === undefined
      ? 'not run (BENCH_QEMU=0)'
      : `${r.seconds.toFixed(3)} s, ${n(r.bytes_read)} / ${n(r.bytes_written)}`;
  };
  return [
    '## Relink vs copy: the checkpoint of one open, unlinked file',
    '',
    "The model's cost accounting (scenarios/large-file.yaml at each size: checkpoint plus restart)",
    `beside the patched kernel under QEMU${k === null ? '' : ` (${k.ioRelease}, ext4)`}: the checkpoint alone, time and the bytes`,
    'the disk saw (read / written, from /sys/block sector counts, page cache dropped first;',
    'kernel-patches/bench/relink-vs-copy.c).',
    '',
    '| size | model relink: read / written / metadata ops | model copy: read / written / metadata ops | kernel relink: time, read / written | kernel copy: time, read / written |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const mib = r.bytes / (1 << 20);
      return `| ${r.size} | ${n(r.relink.bytesRead)} / ${n(r.relink.bytesWritten)} / ${r.relink.metadataOps} | ${n(r.copy.bytesRead)} / ${n(r.copy.bytesWritten)} / ${r.copy.metadataOps} | ${real(mib, 'relink')} | ${real(mib, 'copy')} |`;
    }),
  ];
}

function kernelSection(k: KernelResults | null): string[] {
  if (k === null) return ['## Cross-check throughput under QEMU', '', 'Not run (BENCH_QEMU=0).'];
  return [
    '## Cross-check throughput under QEMU (random traces on a fresh ext4 each, 24 per boot)',
    '',
    '| kernel | accelerator | traces x calls | boots | per boot | traces/min |',
    '| --- | --- | --- | ---: | ---: | ---: |',
    ...k.throughput.map(
      (t) =>
        `| ${t.kernel} (${t.release}) | ${t.accel} | ${t.traces} x ${t.calls / t.traces} | ${t.boots} | ${(t.msPerBoot / 1000).toFixed(1)} s | ${n(t.tracesPerMinute)} |`,
    ),
  ];
}

function reductionSection(r: ReductionBench | null | undefined): string[] {
  const head = '## Partial-order reduction: sleep sets against the plain search (kernel `relink`)';
  if (r === null || r === undefined) return [head, '', 'Not measured in this run.'];
  return [
    head,
    '',
    `Depth ${r.depth}, each search twice, interleaved, the lesser CPU of the two (bench/reduction-bench.ts).`,
    '',
    '| keys | states | same states per level | plain: transitions | plain CPU s | sleep sets: taken | asleep (laws only) | sleep sets CPU s |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.rows.map(
      (x) =>
        `| ${x.key} | ${n(x.states)} | ${x.sameStates ? 'yes' : 'NO'} | ${n(x.plainTransitions)} | ${(x.plainCpuMs / 1000).toFixed(2)} | ${n(x.reducedTransitions)} | ${n(x.slept)} (${((100 * x.slept) / Math.max(1, x.plainTransitions)).toFixed(1)}%) | ${(x.reducedCpuMs / 1000).toFixed(2)} |`,
    ),
    '',
    "Sleep sets keep every state (they prune transitions whose world another path reaches), so the states after reduction are the symmetry reduction's alone; docs/checker.md says why no sound reduction of states exists for these laws.",
  ];
}

/** Last, so that `npm run bench` ends with it. */
function targetsSection(rows: readonly TargetRow[]): string[] {
  return [
    `## Targets (issue 16): ${rows.filter((t) => t.met).length} of ${rows.length} met`,
    '',
    '| target | this run | goal | met |',
    '| --- | --- | --- | --- |',
    ...rows.map((t) => `| ${t.name} | ${t.figure} | ${t.goal} | ${t.met ? 'yes' : 'no'} |`),
  ];
}

export function renderMarkdown(r: Results): string {
  return [
    '# relinklab benchmark results',
    '',
    `${r.date}, ${r.machine}, Node ${r.node}. Produced by \`npm run bench\` (bench/run.ts); see bench/NOTES.md.`,
    '',
    ...replaySection(r.replay),
    '',
    ...checkerSection(r.depths, r.random),
    '',
    ...bugSection(r.bugs, r.bugColumns),
    '',
    ...spinSection(r.spin),
    '',
    ...reductionSection(r.reduction),
    '',
    ...costSection(r.cost, r.kernel),
    '',
    ...kernelSection(r.kernel),
    '',
    ...criuSection(r.criu),
    '',
    ...targetsSection(r.targets),
    '',
  ].join('\n');
}
