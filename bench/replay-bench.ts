/**
 * Replay throughput: the generated trace through what `relinklab replay FILE` runs
 * (src/cli/replay.ts, runNative: read the file, parse it, replay it keeping no per-line result, as
 * without --json; the bench imports the layers under the CLI, never the CLI:
 * test/bench/layers.test.ts) and through memfs's API, each contender in a process of its own
 * (replay-case.ts), the rounds interleaved, the median of their CPU times. memfs throws an Error for every failing call, so it is also
 * timed with `Error.stackTraceLimit = 0` (no stack trace to capture): the fastest memfs is the peer
 * the targets compare with.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJsonl } from '../src/trace/jsonl.js';
import { replayNative } from '../src/trace/replay-native.js';
import { modelFiles } from './fileset.js';
import { memfsFiles, replayMemfs } from './memfs-replay.js';
import { median, perSecond } from './measure.js';
import { cli, REPLAY_CASES, type ReplayCase } from './replay-case.js';
import { generateTrace } from './trace-gen.js';

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

/** CPU milliseconds of one contender's timed run, in a process of its own (replay-case.ts says why). */
function caseCpuMs(name: ReplayCase, file: string, legacyCalls: number): number {
  const main = fileURLToPath(new URL('./replay-case-main.js', import.meta.url));
  const r = spawnSync(process.execPath, ['--expose-gc', main, name, file, String(legacyCalls), '2'], {
    encoding: 'utf8',
  });
  const ms = Number(r.stdout.trim());
  if (r.status !== 0 || !Number.isFinite(ms)) throw new Error(`replay bench case ${name} failed: ${r.stderr}`);
  return ms;
}

export function benchReplay(calls: number, rounds = 5, legacyCalls = 20_000): ReplayResult {
  const text = generateTrace(calls, TRACE_SEED);
  const dir = mkdtempSync(join(tmpdir(), 'relinklab-bench-'));
  const file = join(dir, 'workload.jsonl');
  writeFileSync(file, text, 'latin1');
  try {
    const trace = parseJsonl(text, file);
    const syscalls = trace.lines.map((l) => l.sc);
    // Each contender in its own process, the rounds interleaved (one of each case, then again).
    const ms = Object.fromEntries(REPLAY_CASES.map((c) => [c, [] as number[]])) as Record<ReplayCase, number[]>;
    for (let r = 0; r < rounds; r++) for (const name of REPLAY_CASES) ms[name].push(caseCpuMs(name, file, legacyCalls));
    const rate = (name: ReplayCase, n = calls): number => perSecond(n, median(ms[name]));

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
