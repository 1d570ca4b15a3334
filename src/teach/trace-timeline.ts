/**
 * Timelines of traces rather than scenarios, so that explain, render and report tell a native
 * trace (docs/trace-format.md) or a real program's strace log step by step. A native trace runs as
 * replay runs it (the header's kernel, file system and sysctls; each line's expectation checked);
 * an strace log runs through the replay itself (src/trace/strace-replay.ts), whose every call the
 * model ran becomes a step, marked not as expected where the kernel's answer differs.
 */
import { basename } from 'node:path';
import { defaultBlocksize } from '../model/fstype.js';
import { DEBIAN_BOOT_SYSCTLS } from '../model/sysctl.js';
import type { World } from '../model/world.js';
import { InputError, NotRunnable, Unmodelled } from '../model/errors.js';
import { renderCall } from '../model/syscall/render.js';
import { renderResultAndOutputs } from '../ops/run/render-result.js';
import { Session } from '../session/session.js';
import type { Scenario, Step } from '../scenario/parse.js';
import { diffExpected, type Trace } from '../trace/jsonl.js';
import type { NativeOptions } from '../trace/replay-native.js';
import type { AppliedCall } from '../trace/replay-loop.js';
import { verdictLine } from '../trace/replay-report.js';
import { bootNativeWorld } from '../trace/replay-world.js';
import type { StraceEvent } from '../trace/strace-ast.js';
import { replayStrace, type Mismatch, type ReplayOptions } from '../trace/strace-replay.js';
import type { Frame, Timeline } from './timeline.js';

type CallStep = Extract<Step, { kind: 'call' }>;

/** A trace seen as a scenario of call steps, which is what the timeline's readers expect. */
function asScenario(
  file: string,
  what: string,
  description: string,
  o: { kernel: string; fs: Scenario['fs'] },
  steps: readonly Step[],
): Scenario {
  return {
    file,
    name: `${what} ${basename(file)}`,
    description,
    kernel: o.kernel,
    fs: o.fs,
    blocksize: defaultBlocksize(o.fs),
    sysctl: {},
    sysctlLine: 0,
    steps,
  };
}

/** Frames from the calls a run made, numbered from 1, each with its own worlds. */
function framesOf(
  calls: readonly { step: CallStep; ok: boolean; detail: string; answered: boolean; before: World; after: World }[],
): Frame[] {
  return calls.map((c, i) => ({
    index: i + 1,
    step: c.step,
    what: `${c.step.pid} ${renderCall(c.step.sc)}`,
    ok: c.ok,
    detail: c.detail,
    answered: c.answered,
    before: { world: c.before, image: null },
    after: { world: c.after, image: null },
    patches: null,
  }));
}

/** A native trace, each line a step: its expectation and the invariants checked as replay checks them. */
export function nativeTimeline(trace: Trace, o: NativeOptions = {}): Timeline {
  const kernel = o.kernel ?? trace.header.kernel;
  const fs = o.fs ?? trace.header.fs;
  const initial = bootNativeWorld({
    kernel,
    fs,
    pid: trace.lines[0]?.pid ?? 1,
    sysctl: { ...DEBIAN_BOOT_SYSCTLS, ...trace.header.sysctl, ...o.sysctl },
  });
  const session = new Session(initial, { representation: 'immer', invariants: { when: 'every', set: 'state' } });
  const calls = trace.lines.map((l) => {
    const step: CallStep = {
      kind: 'call',
      line: l.line,
      pid: l.pid,
      sc: l.sc,
      expect: l.expect,
      ids: null,
      note: null,
    };
    const before = session.world;
    try {
      const out = session.run(l.pid, l.sc);
      const broken = out.violations.map((v) => `invariants broken: ${v.invariant}: ${v.message}`);
      const diffs = [...(l.expect === null ? [] : diffExpected(l.expect, out.result)), ...broken];
      const shown = renderResultAndOutputs(out.result).trimStart();
      const ok = diffs.length === 0;
      return { step, ok, detail: ok ? shown : diffs.join('; '), answered: ok, before, after: session.world };
    } catch (e) {
      // As replay: a call no task could make is bad input at its line; one the model lacks is a step that failed.
      if (e instanceof NotRunnable) throw new InputError(trace.file, l.line, e.message);
      if (!(e instanceof Unmodelled)) throw e;
      return { step, ok: false, detail: e.message, answered: false, before, after: before };
    }
  });
  const frames = framesOf(calls);
  const steps = frames.map((f) => f.step);
  return {
    scenario: asScenario(trace.file, 'native trace', '', { kernel, fs }, steps),
    initial: { world: initial, image: null },
    frames,
  };
}

/** The call a mismatch is about: the one run at its line, else the last of its name before it (a resumed line). */
function mismatchedCall(calls: readonly AppliedCall[], m: Mismatch): AppliedCall | undefined {
  return calls.find((c) => c.line === m.line) ?? calls.filter((c) => c.line < m.line && c.sc.call === m.call).at(-1);
}

/**
 * An strace log replayed (with replay's inference of what the log does not say): every call the
 * model ran in the final pass is a step. The description is replay's verdict.
 */
export function straceTimeline(
  events: readonly StraceEvent[],
  opts: ReplayOptions & { readonly file: string },
): Timeline {
  let ran: AppliedCall[] = [];
  let last = -1;
  const report = replayStrace(events, {
    ...opts,
    onCall: (c, round) => {
      if (round !== last) [ran, last] = [[], round];
      ran.push(c);
    },
  });
  const missed = new Map<AppliedCall, string[]>();
  for (const m of report.mismatches) {
    const c = mismatchedCall(ran, m);
    if (c !== undefined) missed.set(c, [...(missed.get(c) ?? []), `expected ${m.expected}; ${m.model}`]);
  }
  const calls = ran.map((c) => {
    const step: CallStep = { kind: 'call', line: c.line, pid: c.pid, sc: c.sc, expect: null, ids: null, note: null };
    const diffs = missed.get(c);
    const detail = diffs === undefined ? renderResultAndOutputs(c.result).trimStart() : diffs.join('; ');
    return { step, ok: diffs === undefined, detail, answered: diffs === undefined, before: c.before, after: c.after };
  });
  const frames = framesOf(calls);
  const initial = ran[0]?.before;
  if (initial === undefined)
    throw new InputError(opts.file, 0, 'the model ran none of its calls: there is no step to show');
  const sc = asScenario(
    opts.file,
    'strace log',
    verdictLine(report),
    opts,
    frames.map((f) => f.step),
  );
  return { scenario: sc, initial: { world: initial, image: null }, frames };
}
