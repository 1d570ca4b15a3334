/**
 * Replay throughput: the generated trace through what `relinklab replay FILE` runs
 * (src/cli/replay.ts, runNative: read the file, parse it, replay it keeping no per-line result, as
 * without --json; the bench imports the layers under the CLI, never the CLI:
 * test/bench/layers.test.ts) and through memfs's API, in the same process, interleaved, the median
 * of a few rounds after a warm-up. memfs throws an Error for every failing call, so it is also
 * timed with `Error.stackTraceLimit = 0` (no stack trace to capture): the fastest memfs is the peer
 * the targets compare with.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkInvariants } from '../src/invariants/invariants.js';
import type { World } from '../src/model/world.js';
import { bootWorld } from '../src/ops/vfs/boot.js';
import { step } from '../src/ops/run/step.js';
import { parseJsonl, type Trace } from '../src/trace/jsonl.js';
import { replayNative } from '../src/trace/replay-native.js';
import { modelFiles } from './fileset.js';
import { memfsFiles, replayMemfs } from './memfs-replay.js';
import { collectGarbage, median, perSecond, timed } from './measure.js';
import { generateTrace } from './trace-gen.js';
import { DEBIAN_BOOT_SYSCTLS } from '../src/model/sysctl.js';

export const TRACE_SEED = 20110228;

export interface ReplayResult {
  readonly calls: number;
  readonly rounds: number;
  readonly parseCallsPerSec: number;
  /** `relinklab replay FILE` (read, parse, replay, as the CLI does), invariants after every call. */
  readonly cliEveryCallsPerSec: number;
  /** `relinklab replay --invariants end FILE`: the same, the audit once after the last call. */
  readonly cliEndCallsPerSec: number;
  /** memfs's plain API. */
  readonly memfsCallsPerSec: number;
  /** The same with `Error.stackTraceLimit = 0`: memfs's failing calls throw, and a stack trace costs. */
  readonly memfsNoStackCallsPerSec: number;
  /** memfs with rename(2) put right (lstat + unlink before a rename over a name). */
  readonly memfsPosixCallsPerSec: number;
  /** The path before the in-place runner: an immer step and the full checkInvariants per call. */
  readonly legacyCallsPerSec: number;
  readonly legacyCalls: number;
  /** Per call, the model's and memfs's (POSIX) outcome ('ok' or errno) agree. */
  readonly outcomesAgree: boolean;
  readonly filesAgree: boolean;
  readonly finalFiles: number;
  readonly invariantViolations: number;
  /** The CLI's exit status under each policy (0: every call matched, no invariant broken). */
  readonly cliExitStatus: { readonly every: number; readonly end: number };
}

const outcomesOf = (r: ReturnType<typeof replayNative>): string[] =>
  r.results.map((x) => ('result' in x ? (x.result.errno ?? 'ok') : 'skipped'));

/** The old path, kept here only to measure it: a new immutable World and a full check per call. */
function replayLegacy(trace: Trace): World {
  const sysctl = { ...DEBIAN_BOOT_SYSCTLS, ...trace.header.sysctl };
  let w = bootWorld({ kernel: trace.header.kernel, sysctl, rootFs: trace.header.fs, outsideFds: [0, 1, 2] });
  for (const l of trace.lines) {
    w = step(w, l.pid, l.sc).world;
    checkInvariants(w);
  }
  return w;
}

/** `relinklab replay [--invariants end] FILE`: its calls, less the argument parsing and the one line it prints. */
function cli(file: string, invariants: 'every' | 'end'): number {
  const report = replayNative(parseJsonl(readFileSync(file, 'latin1'), file), { invariants, results: false });
  return report.mismatched === 0 ? 0 : 1;
}

function withoutStackTraces<T>(f: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** CPU milliseconds of `f`, after a collection so that one case's garbage is not billed to the next. */
function cpuMs(f: () => unknown): number {
  collectGarbage();
  return timed(f).cpuMs;
}

export function benchReplay(calls: number, rounds = 5, legacyCalls = 20_000): ReplayResult {
  const text = generateTrace(calls, TRACE_SEED);
  const dir = mkdtempSync(join(tmpdir(), 'relinklab-bench-'));
  const file = join(dir, 'workload.jsonl');
  writeFileSync(file, text, 'latin1');
  try {
    const trace = parseJsonl(text, file);
    const syscalls = trace.lines.map((l) => l.sc);
    const legacyTrace: Trace = { ...trace, lines: trace.lines.slice(0, legacyCalls) };
    const cases = {
      parse: () => parseJsonl(text, file),
      every: () => cli(file, 'every'),
      end: () => cli(file, 'end'),
      memfs: () => replayMemfs(syscalls, { posixRename: false }),
      memfsNoStack: () => withoutStackTraces(() => replayMemfs(syscalls, { posixRename: false })),
      posix: () => replayMemfs(syscalls, { posixRename: true }),
      legacy: () => replayLegacy(legacyTrace),
    };
    type Case = keyof typeof cases;
    const names = Object.keys(cases) as Case[];
    // Warm-up: let the JIT see every path once before anything is timed.
    for (const name of names) cases[name]();
    const ms: Record<Case, number[]> = {
      parse: [],
      every: [],
      end: [],
      memfs: [],
      memfsNoStack: [],
      posix: [],
      legacy: [],
    };
    for (let r = 0; r < rounds; r++) for (const name of names) ms[name].push(cpuMs(cases[name]));
    const rate = (name: Case, n = calls): number => perSecond(n, median(ms[name]));

    // Correctness, untimed: the model's answers and files against memfs's (with POSIX rename).
    const model = replayNative(trace);
    const posix = replayMemfs(syscalls, { posixRename: true });
    const a = outcomesOf(model);
    const mine = modelFiles(model.world);
    return {
      calls,
      rounds,
      parseCallsPerSec: rate('parse'),
      cliEveryCallsPerSec: rate('every'),
      cliEndCallsPerSec: rate('end'),
      memfsCallsPerSec: rate('memfs'),
      memfsNoStackCallsPerSec: rate('memfsNoStack'),
      memfsPosixCallsPerSec: rate('posix'),
      legacyCallsPerSec: rate('legacy', legacyCalls),
      legacyCalls,
      outcomesAgree: a.length === posix.outcomes.length && a.every((x, i) => x === posix.outcomes[i]),
      filesAgree: JSON.stringify(mine) === JSON.stringify(memfsFiles(posix.vol)),
      finalFiles: mine.length,
      invariantViolations: model.mismatched,
      cliExitStatus: { every: cli(file, 'every'), end: cli(file, 'end') },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The faster of memfs's two timings of its plain API: the peer the replay targets compare with. */
export const fastestMemfs = (r: ReplayResult): number => Math.max(r.memfsCallsPerSec, r.memfsNoStackCallsPerSec);
