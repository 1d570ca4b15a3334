/**
 * One contender of the replay bench, timed in a process of its own (bench/replay-bench.ts spawns
 * replay-case-main.ts): it runs the case a few times, then once more timed, and prints that run's
 * CPU milliseconds. A process
 * per contender, as the CLI runs one replay per process: in one shared process the order in which
 * the contenders ran moved their times by 20-25% (each one's compiled code and inline caches
 * shaped by the others': bench/NOTES.md, "Replay, third round").
 */
import { readFileSync } from 'node:fs';
import { checkInvariants } from '../src/invariants/invariants.js';
import type { World } from '../src/model/world.js';
import { bootWorld } from '../src/ops/vfs/boot.js';
import { step } from '../src/ops/run/step.js';
import { parseJsonl, type Trace } from '../src/trace/jsonl.js';
import { replayNative } from '../src/trace/replay-native.js';
import { DEBIAN_BOOT_SYSCTLS } from '../src/model/sysctl.js';
import { replayMemfs } from './memfs-replay.js';
import { collectGarbage, timed } from './measure.js';

export const REPLAY_CASES = ['parse', 'every', 'end', 'memfs', 'memfsNoStack', 'posix', 'legacy'] as const;
export type ReplayCase = (typeof REPLAY_CASES)[number];

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
export function cli(file: string, invariants: 'every' | 'end'): number {
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

/** The case as a function of nothing; what it needs is read once, untimed. */
export function replayCase(name: ReplayCase, file: string, legacyCalls: number): () => unknown {
  const text = readFileSync(file, 'latin1');
  const trace = parseJsonl(text, file);
  const syscalls = trace.lines.map((l) => l.sc);
  switch (name) {
    case 'parse':
      return () => parseJsonl(text, file);
    case 'every':
      return () => cli(file, 'every');
    case 'end':
      return () => cli(file, 'end');
    case 'memfs':
      return () => replayMemfs(syscalls, { posixRename: false });
    case 'memfsNoStack':
      return () => withoutStackTraces(() => replayMemfs(syscalls, { posixRename: false }));
    case 'posix':
      return () => replayMemfs(syscalls, { posixRename: true });
    case 'legacy': {
      const legacy: Trace = { ...trace, lines: trace.lines.slice(0, legacyCalls) };
      return () => replayLegacy(legacy);
    }
  }
}

/** CPU milliseconds of the run after `warmups` untimed ones, a collection before it. */
export function timeCase(f: () => unknown, warmups: number): number {
  for (let i = 0; i < warmups; i++) f();
  collectGarbage();
  return timed(f).cpuMs;
}
