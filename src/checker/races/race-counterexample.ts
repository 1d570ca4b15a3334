/**
 * A race as its schedule (one line per step) and as a runnable scenario: the start world's calls,
 * the program's setup, then every step of the schedule (`begin`/`resume` for split calls), so that
 * `relinklab run` replays it to the same violation.
 */
import { AT_FDCWD, MS_REMOUNT } from '../../model/flags.js';
import { KERNELS } from '../../model/kernel.js';
import type { World } from '../../model/world.js';
import { filenameLookup, LOOKUP_FOLLOW } from '../../ops/vfs/namei.js';
import { listDir } from '../../ops/calls/readdir.js';
import type { Syscall } from '../../model/syscall/syscall.js';
import { callLine } from '../search/counterexample.js';
import { renderCall } from '../../model/syscall/render.js';
import { renderInFlightCall } from '../../ops/run/render-call.js';
import { renderResult } from '../../ops/run/render-result.js';
import type { RaceStep } from './race-engine.js';
import { SETUP } from '../relink-alphabet.js';
import type { RaceCounterexample } from './races.js';
import { ModelBug } from '../../model/errors.js';

/** The result of the step that ended the operation; nothing for a step in the middle of it. */
const resultText = (r: RaceStep['result']): string => (r === null ? '' : renderResult(r));

/** One schedule step as a line: the task, its operation and the step it took, and a result. */
function stepText(s: RaceStep): string {
  const section = s.step === null ? '' : ` · ${s.step}`;
  const what =
    s.op.kind === 'call'
      ? `${renderInFlightCall(s.op.sc)}${section}`
      : s.op.kind === 'checkpoint'
        ? `checkpoint [${s.op.pids.join(', ')}]`
        : `cleanup: ${s.call === null ? 'nothing to remove' : `${renderInFlightCall(s.call)}${section}`}`;
  const removed = s.removed === null ? '' : ` (cleanup done: ${s.removed} removed)`;
  return `task ${s.pid}: ${what}${resultText(s.result)}${removed}`;
}

export function scheduleText(cx: RaceCounterexample): string[] {
  const last = cx.node.trace.length - 1;
  const broken = cx.violations.map((v) => `${v.invariant}: ${v.message}`).join('; ');
  if (last < 0) return [`   (no step: the setup already breaks ${broken})`];
  return cx.node.trace.map((s, i) => {
    const why = i === last ? `   <- ${cx.violations.map((v) => `${v.invariant}: ${v.message}`).join('; ')}` : '';
    return `  ${String(i + 1).padStart(2)}. ${stepText(s)}${why}`;
  });
}

/** A split call's step as a scenario line: `begin` for its first section, `resume` for the others. */
function splitLine(pid: number, sc: Syscall, step: string, n: string): string {
  const { call, ...args } = sc;
  const a = Object.entries(args)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ');
  const first = step === 'lookup' || step === 'close_fd';
  // The call as strace prints it, in a YAML comment: the reader of the scenario takes the step only.
  const shown = `  # ${renderCall(sc)} · ${step}`;
  return first
    ? `  - {pid: ${pid}, begin: ${call}, args: {${a}}, step: ${step}${n}}${shown}`
    : `  - {pid: ${pid}, resume: ${step}${n}}${shown}`;
}

function stepLine(s: RaceStep, note: string | undefined, last: boolean): string[] {
  const n = note === undefined ? '' : `, note: ${JSON.stringify(note)}`;
  // Scenario checkpoint and cleanup steps run as pid 1, so race programs give them to task 1.
  if (s.op.kind !== 'call' && s.pid !== 1) throw new ModelBug(`a scenario runs ${s.op.kind} as pid 1, not ${s.pid}`);
  switch (s.op.kind) {
    case 'checkpoint':
      return [`  - {checkpoint: {pids: [${s.op.pids.join(', ')}], strategy: relink}${n}}`];
    case 'cleanup': {
      const sc = s.call;
      if (sc === null) return [`  - {cleanup: {removed: 0}${n}}`];
      if (sc.call !== 'funlinkat')
        return [s.step === null ? callLine(s.pid, sc, note) : splitLine(s.pid, sc, s.step, n)];
      // A scenario has no funlinkat: its cleanup step runs the whole cleanup at its last step.
      if (s.removed === null && !last) return [];
      const why = JSON.stringify(
        `the cleanup (funlinkat, run here as one step)${note === undefined ? '' : `: ${note}`}`,
      );
      return [`  - {cleanup: {removed: ${s.removed ?? 'null'}}, note: ${why}}`];
    }
    case 'call':
      return [s.step === null ? callLine(s.pid, s.op.sc, note) : splitLine(s.pid, s.op.sc, s.step, n)];
  }
}

/** The names of `dir` as pid 1 sees it, or null when it is no directory. */
function namesIn(w: World, dir: string): string[] | null {
  const t = w.tasks[1];
  const r = t === undefined ? null : filenameLookup(w, t, AT_FDCWD, dir, LOOKUP_FOLLOW);
  if (r === null || !r.ok || r.value.kind !== 'path') return null;
  return listDir(w, r.value.path.dentry)
    .map((d) => d.d_name)
    .filter((x) => x !== '.' && x !== '..')
    .sort();
}

/**
 * After a cleanup step that broke something, what its directories held before it: patch 10's
 * promise as an `assert`, so that the replay fails where the cleanup removed a name it must not.
 */
function cleanupAsserts(cx: RaceCounterexample): string[] {
  const lastStep = cx.node.trace.at(-1);
  if (lastStep?.op.kind !== 'cleanup') return [];
  const dirs = new Set(cx.node.created.flat().map((c) => c.path.slice(0, c.path.lastIndexOf('/')) || '/'));
  return [...dirs].flatMap((dir) => {
    const names = namesIn(cx.before, dir);
    if (names === null) return [];
    const note = JSON.stringify('patch 10: the cleanup leaves a name that names another inode');
    return [
      `  - {assert: {dir: ${JSON.stringify(dir)}, names: [${names.map((x) => JSON.stringify(x)).join(', ')}]}, note: ${note}}`,
    ];
  });
}

/**
 * After a deadlock, the next step of every task stuck inside a call: the replay stops there, as the
 * tasks do ("waits for a lock held by task N").
 */
function deadlockResumes(cx: RaceCounterexample): string[] {
  if (!cx.violations.some((v) => v.invariant === 'deadlock')) return [];
  const note = JSON.stringify('deadlock: this step waits forever');
  return Object.entries(cx.node.world.inflight ?? {}).map(
    ([pid, inf]) => `  - {pid: ${pid}, resume: ${inf.next}, note: ${note}}`,
  );
}

/** The counterexample as a scenario file (a YAML subset `relinklab run` reads). */
export function raceCounterexampleYaml(cx: RaceCounterexample): string {
  const remount: Syscall = {
    call: 'mount',
    source: '',
    target: '/',
    fstype: '',
    flags: MS_REMOUNT,
    data: 'relink=/ckpt',
  };
  const start = KERNELS[cx.kernel]?.relinkSeries === true ? [...SETUP, remount] : SETUP;
  const broken = cx.violations.map((v) => `${v.invariant}: ${v.message}`).join('; ');
  const last = cx.node.trace.length - 1;
  const lines = [
    `name: race counterexample (${cx.kernel}, ${cx.program.name})`,
    'description: |',
    `  Found by relinklab check --mode races: ${cx.program.about}.`,
    `  The last step breaks: ${broken}`,
    `kernel: ${cx.kernel}`,
    'fs: ext4',
    'steps:',
    ...start.map((sc) => callLine(1, sc)),
    ...cx.program.setup.map(([pid, sc]) => callLine(pid, sc)),
    ...cx.node.trace.flatMap((s, i) =>
      stepLine(s, i === last ? 'the race breaks an invariant' : undefined, i === last),
    ),
    ...cleanupAsserts(cx),
    ...deadlockResumes(cx),
  ];
  return `${lines.join('\n')}\n`;
}
