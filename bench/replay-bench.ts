/**
 * Replay throughput: the generated trace through relinklab's native replay (the CLI's path) and
 * through memfs, in the same process, interleaved, best of a few rounds after a warm-up.
 */
import { checkInvariants } from '../src/invariants/invariants.js';
import type { World } from '../src/model/world.js';
import { bootWorld } from '../src/ops/vfs/boot.js';
import { step } from '../src/ops/run/step.js';
import { parseJsonl, type Trace } from '../src/trace/jsonl.js';
import { replayNative } from '../src/trace/replay-native.js';
import { modelFiles } from './fileset.js';
import { memfsFiles, replayMemfs } from './memfs-replay.js';
import { perSecond, timed } from './measure.js';
import { generateTrace } from './trace-gen.js';
import { DEBIAN_BOOT_SYSCTLS } from '../src/model/sysctl.js';

export const TRACE_SEED = 20110228;

export interface ReplayResult {
  readonly calls: number;
  readonly rounds: number;
  readonly parseCallsPerSec: number;
  /** relinklab replay's path: in-place steps, fast invariant check after each. */
  readonly modelCallsPerSec: number;
  /** memfs's plain API. */
  readonly memfsCallsPerSec: number;
  /** memfs with rename(2) put right (lstat + unlink before a rename over a name). */
  readonly memfsPosixCallsPerSec: number;
  /** `relinklab replay --invariants end`: the same replay with the audit once, after the last call. */
  readonly endCheckCallsPerSec: number;
  /** The path before this benchmark: an immer step and the full checkInvariants per call. */
  readonly legacyCallsPerSec: number;
  readonly legacyCalls: number;
  readonly modelOverMemfs: number;
  readonly modelOverLegacy: number;
  /** Per call, the model's and memfs's (POSIX) outcome ('ok' or errno) agree. */
  readonly outcomesAgree: boolean;
  readonly filesAgree: boolean;
  readonly finalFiles: number;
  readonly invariantViolations: number;
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

export function benchReplay(calls: number, rounds = 3, legacyCalls = 20_000): ReplayResult {
  const text = generateTrace(calls, TRACE_SEED);
  const parsed = timed(() => parseJsonl(text, 'generated'));
  const trace = parsed.value;
  const syscalls = trace.lines.map((l) => l.sc);
  const legacyTrace: Trace = { ...trace, lines: trace.lines.slice(0, legacyCalls) };

  // Warm-up: let the JIT see every path once before anything is timed.
  const warm: Trace = { ...trace, lines: trace.lines.slice(0, 10_000) };
  replayNative(warm);
  replayMemfs(syscalls.slice(0, 10_000), { posixRename: false });
  replayMemfs(syscalls.slice(0, 10_000), { posixRename: true });
  replayLegacy({ ...trace, lines: trace.lines.slice(0, 2_000) });

  let model = Infinity;
  let memfs = Infinity;
  let posix = Infinity;
  let legacy = Infinity;
  let endCheck = Infinity;
  let last: ReturnType<typeof replayNative> | null = null;
  let lastPosix: ReturnType<typeof replayMemfs> | null = null;
  for (let r = 0; r < rounds; r++) {
    const m = timed(() => replayNative(trace));
    model = Math.min(model, m.cpuMs);
    last = m.value;
    memfs = Math.min(memfs, timed(() => replayMemfs(syscalls, { posixRename: false })).cpuMs);
    const p = timed(() => replayMemfs(syscalls, { posixRename: true }));
    posix = Math.min(posix, p.cpuMs);
    lastPosix = p.value;
    legacy = Math.min(legacy, timed(() => replayLegacy(legacyTrace)).cpuMs);
    endCheck = Math.min(endCheck, timed(() => replayNative(trace, { invariants: 'end' })).cpuMs);
  }
  if (last === null || lastPosix === null) throw new Error('no rounds ran');
  const a = outcomesOf(last);
  const b = lastPosix.outcomes;
  const mine = modelFiles(last.world);
  const modelRate = perSecond(calls, model);
  const memfsRate = perSecond(calls, memfs);
  const legacyRate = perSecond(legacyCalls, legacy);
  return {
    calls,
    rounds,
    parseCallsPerSec: perSecond(calls, parsed.cpuMs),
    modelCallsPerSec: modelRate,
    memfsCallsPerSec: memfsRate,
    memfsPosixCallsPerSec: perSecond(calls, posix),
    endCheckCallsPerSec: perSecond(calls, endCheck),
    legacyCallsPerSec: legacyRate,
    legacyCalls,
    modelOverMemfs: modelRate / memfsRate,
    modelOverLegacy: modelRate / legacyRate,
    outcomesAgree: a.length === b.length && a.every((x, i) => x === b[i]),
    filesAgree: JSON.stringify(mine) === JSON.stringify(memfsFiles(lastPosix.vol)),
    finalFiles: mine.length,
    invariantViolations: last.mismatched,
  };
}
