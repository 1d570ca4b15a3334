/**
 * `relinklab crosscheck`: random traces run on a real kernel and on the model, every answer
 * compared. `--target host` uses the kernel this machine runs (the static executor in an empty
 * directory under /tmp); the QEMU targets for Debian's and the patched 6.1 come with the harness.
 */
import { differences, buildExecutor, runOnHost, runOnModel, traceJsonl } from '../crosscheck/host.js';
import { randomTraces } from '../crosscheck/gen.js';
import { InputError } from '../trace/strace-ast.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';

export interface CrosscheckArgs {
  readonly target: string;
  readonly traces: number;
  readonly length: number;
  readonly seed: number;
  readonly json: boolean;
}

export function runCrosscheck(a: CrosscheckArgs, io: Io): number {
  if (a.target !== 'host') throw new InputError('--target', 0, `unknown target "${a.target}" (host)`);
  if (!Number.isInteger(a.traces) || a.traces < 1) throw new InputError('--traces', 0, 'must be a positive integer');
  if (!Number.isInteger(a.length) || a.length < 1) throw new InputError('--length', 0, 'must be a positive integer');
  const exe = buildExecutor();
  const t0 = performance.now();
  const found: { trace: number; reproducer: string; index: number; kernel: unknown; model: unknown }[] = [];
  let calls = 0;
  let compared = 0;
  randomTraces(a.traces, a.length, a.seed).forEach((t, n) => {
    calls += t.length;
    const model = runOnModel(t);
    const stop = model.findIndex((m) => m.skipped !== undefined);
    compared += stop < 0 ? t.length : stop;
    const d = differences(t, runOnHost(exe, t), model);
    const first = d[0];
    // The first difference, with the trace up to it as a reproducer (later ones may cascade).
    if (first !== undefined) {
      found.push({
        trace: n,
        reproducer: traceJsonl(t.slice(0, first.index + 1)),
        index: first.index,
        kernel: first.kernel,
        model: first.model,
      });
    }
  });
  const millis = performance.now() - t0;
  if (a.json)
    io.out(
      JSON.stringify({ target: a.target, traces: a.traces, calls, compared, differences: found.length, millis, found }),
    );
  else {
    io.out(
      `${a.target}: ${a.traces} traces, ${calls} calls, ${compared} compared (the rest follow a call the model does not cover), ${found.length} traces differ (${Math.round(millis)} ms, seed ${a.seed})`,
    );
    for (const f of found)
      io.out(
        `trace ${f.trace}, call ${f.index + 1}: kernel ${JSON.stringify(f.kernel)}, model ${JSON.stringify(f.model)}\n${f.reproducer}`,
      );
  }
  return found.length === 0 ? EXIT_OK : EXIT_FOUND;
}
