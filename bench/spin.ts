/**
 * The SPIN peer: bench/spin/relink.pml (with ops.pml, laws.pml, dump.pml) compiled by spin and
 * gcc (scripts/install-deps.sh bench) and searched breadth first to the same depth as relinklab's
 * exhaustive explorer, so both count the states reachable in at most N operations, with every
 * assertion (relinklab's invariants and transition laws) checked on every step.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SeededBug } from '../src/model/kernel.js';
import { perSecond } from './measure.js';

/** The model, from the repository's root (where the bench and the tests run). */
export const SPIN_MODEL = 'bench/spin/relink.pml';

export interface SpinResult {
  readonly depth: number;
  readonly states: number;
  /**
   * Steps executed: one per operation from each state of levels 0..depth-1, failing calls' steps
   * back to the same state included, as relinklab counts them. pan's own figure (panTransitions)
   * adds the start state, stored without a step, and one for each state of the last level, which
   * its breadth-first loop takes off the queue and cuts at the depth bound (pan.c, bfs(): `if
   * (depth >= maxdepth) { truncs++; continue; }`), counted among "matched".
   */
  readonly transitions: number;
  /** pan's "transitions (= stored+matched)". */
  readonly panTransitions: number;
  /** States first met at the last level (depth). */
  readonly lastLevel: number;
  /** pan's CPU time (user + system, as relinklab's figures are), not the compile: the least of its rounds. */
  readonly searchMs: number;
  /** pan's CPU time in each round (one unless its speed was measured over rounds). */
  readonly roundsMs: readonly number[];
  /** pan's own "elapsed time" (wall clock: a busy neighbour stretches it). */
  readonly wallMs: number;
  readonly statesPerSec: number;
  readonly version: string;
}

const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });

/** Whether spin and gcc are installed (the bench says so instead of failing). */
export function spinAvailable(): boolean {
  try {
    run('spin', ['-V'], tmpdir());
    run('gcc', ['--version'], tmpdir());
    return true;
  } catch {
    return false;
  }
}

const num = (out: string, re: RegExp): number => {
  const m = re.exec(out);
  if (m?.[1] === undefined) throw new Error(`pan output has no ${re.source}:\n${out}`);
  return Number(m[1]);
};

/** The seeded bugs relink.pml has a switch for (BUG_<NAME>); the others do not reach its alphabet. */
export const SPIN_BUGS: readonly SeededBug[] = [
  'relink-option-leak',
  'relink-keeps-orphan',
  'relink-double-count',
  'relink-cross-mount',
  'fifo-relink-drops-buffer',
  'relink-falls-back-to-link',
  'unlink-orphan-before-drop',
  'relink-leaves-linkable',
];

/** The C macro that compiles a seeded bug into the model: relink-keeps-orphan → BUG_RELINK_KEEPS_ORPHAN. */
export const bugMacro = (bug: SeededBug): string => `BUG_${bug.toUpperCase().replace(/-/g, '_')}`;

/** pan's output, and its CPU time as bash's `time` reports it (user + system). */
function pan(dir: string, args: readonly string[]): { out: string; cpuMs: number } {
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="cpu %3U %3S"; time ./pan "$@"', 'pan', ...args], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || cpu?.[1] === undefined || cpu[2] === undefined) {
    throw new Error(`pan ${args.join(' ')} failed (${String(r.status)}):\n${r.stdout}${r.stderr}`);
  }
  return { out: r.stdout, cpuMs: (Number(cpu[1]) + Number(cpu[2])) * 1000 };
}

/**
 * pan for the model in a fresh directory, its arrays sized for `depth` operations, with `defines`:
 * breadth first, so a depth bound means "at most N operations" as in relinklab; no never claim;
 * safety only (the model loops forever, so it has no end states); no partial-order reduction (one
 * process: it has nothing to reduce, and the count is then plainly every state). `optimise`: gcc
 * -O2, for timing (about 14 s of compile, the 18 steps each carrying every law); else -O0 (1 s).
 */
function withPan<T>(
  model: string,
  depth: number,
  defines: readonly string[],
  optimise: boolean,
  use: (dir: string) => T,
): T {
  const dir = mkdtempSync(join(tmpdir(), 'relinklab-spin-'));
  try {
    for (const f of readdirSync(dirname(model))) {
      if (f.endsWith('.pml')) copyFileSync(join(dirname(model), f), join(dir, f));
    }
    run('spin', [`-DN=${depth}`, ...defines.map((d) => `-D${d}`), '-a', 'relink.pml'], dir);
    const o = optimise ? '-O2' : '-O0';
    run('gcc', [o, '-DBFS', '-DNOCLAIM', '-DSAFETY', '-DNOREDUCE', '-DMEMLIM=8192', '-o', 'pan', 'pan.c'], dir);
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The correct series to `depth` (-c0: on past any error; the correct model has none). `optimise`
 * false compiles in a second instead of fourteen, for a count that is not timed. `rounds` runs of
 * pan (one compile), `between` called after each: the bench runs relinklab's search there, so that
 * both sides are timed in turn under the same load, and each side's least CPU time is its figure
 * (noise on a shared machine only adds time).
 */
export function runSpin(model: string, depth: number, optimise = true, rounds = 1, between?: () => void): SpinResult {
  return withPan(model, depth, [], optimise, (dir) => {
    const version = run('spin', ['-V'], dir).trim();
    const below = depth > 0 ? num(pan(dir, [`-m${depth - 1}`, '-c0']).out, /(\d+) states, stored/) : 0;
    const timings: { out: string; cpuMs: number }[] = [];
    for (let r = 0; r < Math.max(1, rounds); r++) {
      timings.push(pan(dir, [`-m${depth}`, '-c0']));
      between?.();
    }
    const best = timings.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
    const { out, cpuMs } = best;
    const errors = num(out, /errors: (\d+)/);
    if (errors !== 0) throw new Error(`the correct model broke an assertion:\n${out}`);
    const states = num(out, /(\d+) states, stored/);
    const panTransitions = num(out, /(\d+) transitions \(= stored\+matched\)/);
    const lastLevel = states - below;
    return {
      depth,
      states,
      transitions: panTransitions - 1 - lastLevel,
      panTransitions,
      lastLevel,
      searchMs: cpuMs,
      roundsMs: timings.map((t) => t.cpuMs),
      wallMs: num(out, /pan: elapsed time ([\d.e+-]+) seconds/) * 1000,
      statesPerSec: perSecond(states, cpuMs),
      version,
    };
  });
}

/**
 * SPIN's speed at `depth`: distinct states per second of pan's CPU time, every assertion on
 * (the correct series, which breaks none, so the whole space to `depth` is searched).
 */
export function spinSpeed(depth: number): Pick<SpinResult, 'depth' | 'states' | 'searchMs' | 'statesPerSec'> {
  const r = runSpin(SPIN_MODEL, depth);
  return { depth: r.depth, states: r.states, searchMs: r.searchMs, statesPerSec: r.statesPerSec };
}

export interface SpinFinding {
  /** The law pan's first failed assertion names. */
  readonly law: string;
  /** The counterexample, as indices into RELINK_ALPHABET (pan's trail, replayed by spin -t). */
  readonly ops: readonly number[];
}

/** The alphabet index of each step of pan's trail: the line of relink.pml its d_step starts on. */
function trailOps(dir: string, defines: readonly string[]): number[] {
  const source = readFileSync(join(dir, 'relink.pml'), 'utf8').split('\n');
  const trail = run('spin', [...defines, '-t', '-p', 'relink.pml'], dir);
  const ops: number[] = [];
  for (const m of trail.matchAll(/relink\.pml:(\d+) \(state \d+\)\s+\[sub-sequence\]/g)) {
    const step = /STEP\((\d+),/.exec(source[Number(m[1]) - 1] ?? '');
    if (step?.[1] === undefined) throw new Error(`trail step at relink.pml:${m[1]} is not a STEP line`);
    ops.push(Number(step[1]));
  }
  return ops;
}

/**
 * pan on the model with `bug` compiled in (none: the correct series), breadth first to `depth`,
 * stopping at the first failed assertion: a shortest counterexample, as relinklab's search finds.
 */
export function spinFinds(bug: SeededBug | null, depth: number, model = SPIN_MODEL): SpinFinding | null {
  const defines = bug === null ? [] : [`${bugMacro(bug)}=1`];
  if (
    bug !== null &&
    !readFileSync(join(dirname(model), 'relink.pml'), 'utf8').includes(`#ifndef ${bugMacro(bug)}\n`)
  ) {
    throw new Error(`${model} has no switch for ${bug} (${bugMacro(bug)})`);
  }
  return withPan(model, depth, defines, false, (dir) => {
    const { out } = pan(dir, [`-m${depth}`, '-c1']);
    const m = /assertion violated (\w+) \(at depth (\d+)\)/.exec(out);
    if (m?.[1] === undefined || m[2] === undefined) {
      if (num(out, /errors: (\d+)/) !== 0) throw new Error(`pan found an error that is not an assertion:\n${out}`);
      return null;
    }
    const ops = trailOps(dir, [`-DN=${depth}`, ...defines.map((d) => `-D${d}`)]);
    // pan's "at depth" is the level of the state the failing step left.
    if (ops.length !== Number(m[2]) + 1) throw new Error(`pan's trail has ${ops.length} steps, its report ${m[2]} + 1`);
    return { law: m[1], ops };
  });
}

export interface SpinDump {
  /** Every step pan executed, `DEPTH OP BEFORE | AFTER` (bench/spin/dump.pml). */
  readonly lines: readonly string[];
  /** pan's stored states in the same run. */
  readonly stored: number;
}

/** The correct series to `depth` with every step written out (-DDUMP). */
export function spinDump(depth: number, model = SPIN_MODEL): SpinDump {
  return withPan(model, depth, ['DUMP'], false, (dir) => {
    const { out } = pan(dir, [`-m${depth}`, '-c0']);
    const text = depth > 0 ? readFileSync(join(dir, 'spin-transitions.txt'), 'utf8') : '';
    return { lines: text.split('\n').filter((l) => l !== ''), stored: num(out, /(\d+) states, stored/) };
  });
}
