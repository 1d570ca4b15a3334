/**
 * `npm run bench`: every figure of issue 7, in one run, so ratios compare like with like (the
 * QEMU section boots Debian's and our patched 6.1; BENCH_QEMU=0 leaves it out). Writes
 * bench/results.json and bench/results.md and prints the latter. Environment: BENCH_CALLS (default 100000), BENCH_MAX_DEPTH (10), BENCH_DEPTH_CAP_S (300),
 * BENCH_SPIN_DEPTH (6), BENCH_SPIN_SPEED_DEPTH (7), BENCH_DIST_DEPTH (8), BENCH_QEMU (1), BENCH_QEMU_TRACES (48),
 * BENCH_CRIU (1: CRIU against relink in QEMU, also left out by BENCH_QEMU=0), BENCH_CRIU_MIB
 * (1,16,256,1024), BENCH_CRIU_REPS (3); BENCH_ONLY=criu measures the CRIU section alone and puts it
 * into the figures bench/results.json already holds, BENCH_ONLY=render measures nothing and writes
 * bench/results.md again from bench/results.json. The page ends with issue 16's targets, each
 * judged from this run's figures (bench/targets.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import {
  benchBugs,
  benchDepth,
  benchDepthInProcess,
  benchRandom,
  bugColumns,
  fastestRound,
  type DepthResult,
} from './checker-bench.js';
import { costTable } from './cost.js';
import { benchCriu, CRIU_SIZES_MIB, type CriuBench } from './criu-bench.js';
import { benchDistributed } from './dist-bench.js';
import { benchKernels } from './kernel-bench.js';
import { renderMarkdown, type Results, type SpinComparison } from './report.js';
import { benchReplay } from './replay-bench.js';
import { benchSleepSets } from './reduction-bench.js';
import { runSpin, SPIN_MODEL, spinAvailable } from './spin.js';
import { compareWithSpin } from './spin-states.js';
import { judgeTargets } from './targets.js';

const env = (name: string, dflt: number): number => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};

const log = (s: string): void => {
  process.stderr.write(`bench: ${s}\n`);
};

function spinComparison(depth: number, speedDepth: number, canonical: DepthResult | undefined): SpinComparison {
  log(`relinklab raw-key search to depth ${depth}`);
  const raw = benchDepth(depth, 'raw');
  const canon = canonical ?? benchDepth(depth, 'canonical');
  if (!spinAvailable()) {
    return {
      depth,
      spin: null,
      spinSpeed: null,
      raw,
      rawSpeed: null,
      canonical: canon,
      sets: null,
      skipped: 'spin or gcc missing (scripts/install-deps.sh bench)',
    };
  }
  log(`SPIN to depth ${depth}, and to depth ${speedDepth} for its speed`);
  const spin = runSpin(SPIN_MODEL, depth);
  // The speeds in turn, pan then relinklab, `rounds` times, each round a process of its own (a fresh
  // pan; speed-case-main.ts): each side's fastest round is its figure.
  const rounds = env('BENCH_SPEED_ROUNDS', 3);
  log(`relinklab raw-key search to depth ${speedDepth}, SPIN's speed depth, in turn with SPIN, ${rounds} rounds`);
  const ours: DepthResult[] = [];
  const spinSpeed = runSpin(SPIN_MODEL, speedDepth, true, rounds, () => ours.push(benchDepthInProcess(speedDepth)));
  const rawSpeed = fastestRound(ours);
  log(`state sets and transitions of SPIN and relinklab to depth ${depth}, through the mapping`);
  const sets = compareWithSpin(depth);
  return { depth, spin, spinSpeed, raw, rawSpeed, canonical: canon, sets };
}

const machine = (): string => `${cpus().length} cores (${(cpus()[0]?.model ?? 'unknown CPU').trim()})`;

function criuBench(alone: boolean): CriuBench {
  const mib = process.env['BENCH_CRIU_MIB'];
  const sizes = (mib ?? CRIU_SIZES_MIB.join(',')).split(',').map(Number);
  if (sizes.some((x) => !Number.isInteger(x) || x <= 0)) throw new Error('BENCH_CRIU_MIB must be MiB[,MiB...]');
  const reps = env('BENCH_CRIU_REPS', 3);
  const knobs = [alone ? 'BENCH_ONLY=criu' : '', mib === undefined ? '' : `BENCH_CRIU_MIB=${mib}`];
  if (process.env['BENCH_CRIU_REPS'] !== undefined) knobs.push(`BENCH_CRIU_REPS=${reps}`);
  log(`QEMU: CRIU ghost files against relink + link remap, ${sizes.join(', ')} MiB, ${reps} repetitions`);
  const command = [...knobs.filter((k) => k !== ''), 'npm run bench'].join(' ');
  return benchCriu(sizes, reps, { command, alone, machine: machine() });
}

function write(results: Results): void {
  const md = renderMarkdown(results);
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync('bench/results.md', md);
  process.stdout.write(md);
}

async function main(): Promise<void> {
  const only = process.env['BENCH_ONLY'];
  if (only !== undefined) {
    if (only !== 'criu' && only !== 'render') throw new Error('BENCH_ONLY must be criu or render');
    const earlier = JSON.parse(readFileSync('bench/results.json', 'utf8')) as Results;
    write(only === 'criu' ? { ...earlier, criu: criuBench(true) } : earlier);
    return;
  }
  const calls = env('BENCH_CALLS', 100_000);
  // Deep enough for the target of a depth reached in five minutes of CPU (bench/targets.ts).
  const maxDepth = env('BENCH_MAX_DEPTH', 10);
  const capMs = env('BENCH_DEPTH_CAP_S', 300) * 1000;
  const spinDepth = env('BENCH_SPIN_DEPTH', 6);
  // Depth 8: each of a job's fixed costs (reading its files, reaching its states, its summary) is
  // paid per partition and level, so a small search is all fixed cost; in place, depth 7's single
  // search is about 2 s of CPU and put N = 8's slowest partition at 1.30x an even split, depth 8's
  // 8 s at 1.20x (bench/NOTES.md, "The distributed search").
  const distDepth = env('BENCH_DIST_DEPTH', 8);
  log(`replay of ${calls} calls, model and memfs`);
  const replay = benchReplay(calls);
  benchDepth(3, 'canonical'); // warm-up: the first search pays for compiling the explorer
  const depths: DepthResult[] = [];
  for (let d = 4; d <= maxDepth; d++) {
    log(`exhaustive search to depth ${d}`);
    depths.push(benchDepth(d, 'canonical', capMs));
  }
  log('random search');
  const random = benchRandom(2000, 424242);
  log('seeded bugs');
  // The bounds of check --mutation --depth 5 --runs 2000 (each mode's column reads its own).
  const bugBounds = { depth: 5, runs: 2000, seed: 424242 };
  const bugs = await benchBugs(bugBounds);
  const spin = spinComparison(
    spinDepth,
    env('BENCH_SPIN_SPEED_DEPTH', 7),
    depths.find((d) => d.depth === spinDepth && !d.capped),
  );
  log(`partial-order reduction (sleep sets) against the plain search, depth ${spinDepth}`);
  const reduction = benchSleepSets(spinDepth);
  const cost = costTable();
  const qemu = process.env['BENCH_QEMU'] !== '0';
  if (qemu) log('QEMU: cross-check throughput on both kernels, relink vs copy on the patched kernel');
  const kernel = qemu ? benchKernels(env('BENCH_QEMU_TRACES', 48), 30) : null;
  const criu = qemu && process.env['BENCH_CRIU'] !== '0' ? criuBench(false) : null;
  log(`distributed search to depth ${distDepth}, 4 and 8 partitions`);
  const distributed = benchDistributed(distDepth);
  const results: Results = {
    date: new Date().toISOString().slice(0, 10),
    machine: machine(),
    node: process.versions.node,
    replay,
    depths,
    random,
    bugs,
    bugColumns: bugColumns(bugBounds),
    spin,
    reduction,
    cost,
    kernel,
    criu,
    distributed,
    targets: judgeTargets({ replay, depths, spin, distributed, reduction }),
  };
  write(results);
}

await main();
