/** A counterexample as a runnable scenario file: the setup, then the operations that break it. */
import type { Counterexample } from './explore.js';
import { SETUP, type SetupCall } from '../relink-alphabet.js';
import { KERNELS } from '../../model/kernel.js';
import type { Syscall } from '../../model/syscall/syscall.js';
import { renderCall } from '../../model/syscall/render.js';

/**
 * A step as the scenario reader takes it (`args` as the record's values), then the call as strace
 * prints it in a YAML comment, for the person reading the file.
 */
export function callLine(pid: number, sc: Syscall, note?: string): string {
  const { call, ...args } = sc;
  const a = Object.entries(args)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ');
  const step = `  - {pid: ${pid}, call: ${call}, args: {${a}}${note !== undefined ? `, note: ${JSON.stringify(note)}` : ''}}`;
  return `${step}  # ${renderCall(sc)}`;
}

/**
 * What a search found, in one line: the first law broken and the operations, each as its pid and
 * the call as strace prints it (`orphanListIsExact after 2 steps: 2 open("/a", O_RDWR|O_CREAT,
 * 0644); 2 unlink("/a")`).
 */
export function counterexampleSummary(cx: Counterexample | null): string {
  if (cx === null) return 'no violation';
  const ops = cx.ops.map((op) => `${op.pid} ${renderCall(op.sc)}`).join('; ');
  return `${cx.violations[0]?.invariant ?? '?'} after ${cx.ops.length} steps: ${ops}`;
}

/** The relink alphabet's start as setup calls, all by pid 1. */
function relinkSetup(kernel: string): SetupCall[] {
  const calls =
    KERNELS[kernel]?.relinkSeries === true
      ? [...SETUP, { call: 'mount', source: '', target: '/', fstype: '', flags: 32, data: 'relink=/ckpt' } as Syscall]
      : SETUP;
  return calls.map((sc) => ({ pid: 1, sc }));
}

/** The scenario: the start's setup calls (the relink alphabet's unless given), then the ops. */
export function counterexampleYaml(kernel: string, cx: Counterexample, setup?: readonly SetupCall[]): string {
  const lines = [
    `name: counterexample (${kernel})`,
    'description: |',
    `  Found by relinklab check; the last step breaks: ${cx.violations.map((v) => `${v.invariant}: ${v.message}`).join('; ')}`,
    `kernel: ${kernel}`,
    'fs: ext4',
    'steps:',
    ...(setup ?? relinkSetup(kernel)).map((c) => callLine(c.pid, c.sc)),
    ...cx.ops.map((op, i) => callLine(op.pid, op.sc, i === cx.ops.length - 1 ? 'violates an invariant' : op.label)),
  ];
  return `${lines.join('\n')}\n`;
}
