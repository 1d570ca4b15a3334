/**
 * A race as its schedule (one line per step) and as a runnable scenario: the start world's calls,
 * the program's setup, then every step of the schedule (`begin`/`resume` for split calls), so that
 * `relinklab run` replays it to the same violation.
 */
import { MS_REMOUNT } from '../model/flags.js';
import { KERNELS } from '../model/kernel.js';
import type { Syscall } from '../ops/syscalls.js';
import { callLine } from './counterexample.js';
import type { RaceStep } from './race-engine.js';
import { SETUP } from './relink-alphabet.js';
import type { RaceCounterexample } from './races.js';

const callText = (sc: Syscall): string => {
  const { call, ...args } = sc;
  return `${call}(${Object.values(args)
    .map((v) => JSON.stringify(v))
    .join(', ')})`;
};

/** One schedule step as a line: the task, its operation and the step it took, and a result. */
function stepText(s: RaceStep): string {
  const what =
    s.op.kind === 'call'
      ? `${callText(s.op.sc)}${s.step === null ? '' : ` · ${s.step}`}`
      : s.op.kind === 'checkpoint'
        ? `checkpoint [${s.op.pids.join(', ')}]`
        : 'cleanup';
  const r =
    s.result === null
      ? ''
      : s.result.ok === true
        ? ` = ${s.result.ret}`
        : s.result.ok === false
          ? ` = ${s.result.errno}`
          : '';
  return `task ${s.pid}: ${what}${r}`;
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

function stepLine(s: RaceStep, note: string | undefined): string {
  const n = note === undefined ? '' : `, note: ${JSON.stringify(note)}`;
  // Scenario checkpoint and cleanup steps run as pid 1, so race programs give them to task 1.
  if (s.op.kind !== 'call' && s.pid !== 1) throw new Error(`a scenario runs ${s.op.kind} as pid 1, not ${s.pid}`);
  switch (s.op.kind) {
    case 'checkpoint':
      return `  - {checkpoint: {pids: [${s.op.pids.join(', ')}], strategy: relink}${n}}`;
    case 'cleanup':
      // A cleanup that checks each name first removes only the names that still were checkpoint's.
      return `  - {cleanup: {removed: ${s.owned ?? 0}}${n}}`;
    case 'call': {
      if (s.step === null) return callLine(s.pid, s.op.sc, note);
      const { call, ...args } = s.op.sc;
      const a = Object.entries(args)
        .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
        .join(', ');
      const first = s.step === 'lookup' || s.step === 'close_fd';
      return first
        ? `  - {pid: ${s.pid}, begin: ${call}, args: {${a}}, step: ${s.step}${n}}`
        : `  - {pid: ${s.pid}, resume: ${s.step}${n}}`;
    }
  }
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
    ...cx.node.trace.map((s, i) => stepLine(s, i === last ? 'the race breaks an invariant' : undefined)),
  ];
  return `${lines.join('\n')}\n`;
}
