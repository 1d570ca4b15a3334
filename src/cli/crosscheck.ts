/**
 * `relinklab crosscheck`: random traces run on a real kernel and on the model, every answer
 * compared. `--target host` uses the kernel this machine runs (the static executor in an empty
 * directory under /tmp); the QEMU targets for Debian's and the patched 6.1 come with the harness.
 */
import { differences, buildExecutor, runOnHost, runOnModel, traceJsonl } from '../crosscheck/host.js';
import { randomTraces } from '../crosscheck/gen.js';
import { kernelImage, MAX_TRACES_PER_BOOT, runBatch } from '../crosscheck/qemu.js';
import { InputError } from '../trace/strace-ast.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';

export interface CrosscheckArgs {
  readonly target: string;
  readonly traces: number;
  readonly length: number;
  readonly seed: number;
  readonly json: boolean;
}

const TARGETS = ['host', 'qemu-unpatched', 'qemu-patched'];

export function runCrosscheck(a: CrosscheckArgs, io: Io): number {
  if (!TARGETS.includes(a.target))
    throw new InputError('--target', 0, `unknown target "${a.target}" (${TARGETS.join(', ')})`);
  if (!Number.isInteger(a.traces) || a.traces < 1) throw new InputError('--traces', 0, 'must be a positive integer');
  if (!Number.isInteger(a.length) || a.length < 1) throw new InputError('--length', 0, 'must be a positive integer');
  if (a.target !== 'host') return runQemu(a, io);
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

/**
 * The 6.1 kernels under QEMU: traces (with the relink series' interface) in batches of up to 24 per
 * boot, compared with the model of the same kernel (mainline for Debian's unpatched 6.1, relink
 * for our port); kmemleak's report is read after each batch.
 */
function runQemu(a: CrosscheckArgs, io: Io): number {
  const flavour = a.target === 'qemu-patched' ? 'patched' : 'unpatched';
  const model = flavour === 'patched' ? 'relink' : 'mainline';
  const bz = kernelImage(flavour);
  const traces = randomTraces(a.traces, a.length, a.seed, true);
  const t0 = performance.now();
  const found: { trace: number; reproducer: string; index: number; kernel: unknown; model: unknown }[] = [];
  const leaks: string[] = [];
  const boots: number[] = [];
  let calls = 0;
  let release = '';
  for (let i = 0; i < traces.length; i += MAX_TRACES_PER_BOOT) {
    const batch = traces.slice(i, i + MAX_TRACES_PER_BOOT);
    const r = runBatch(bz, batch);
    boots.push(r.millis);
    leaks.push(...r.leaks);
    release = r.release;
    batch.forEach((t, j) => {
      calls += t.length;
      const d = differences(t, r.answers[j] ?? [], runOnModel(t, model));
      const first = d[0];
      if (first !== undefined) {
        found.push({
          trace: i + j,
          reproducer: traceJsonl(t.slice(0, first.index + 1)),
          index: first.index,
          kernel: first.kernel,
          model: first.model,
        });
      }
    });
  }
  const millis = performance.now() - t0;
  const perMinute = Math.round((traces.length / millis) * 60_000);
  const boot = Math.round(boots.reduce((x, y) => x + y, 0) / boots.length);
  if (a.json) {
    io.out(
      JSON.stringify({
        target: a.target,
        release,
        traces: a.traces,
        calls,
        differences: found.length,
        found,
        leaks,
        boots: boots.length,
        msPerBoot: boot,
        tracesPerMinute: perMinute,
      }),
    );
  } else {
    io.out(
      `${a.target} (${release}, model: ${model}): ${a.traces} traces, ${calls} calls, ${found.length} traces differ; ${boots.length} boots, ${boot} ms each (TCG), ${perMinute} traces/min; kmemleak: ${leaks.length === 0 ? 'clean' : `${leaks.length} lines`}`,
    );
    for (const f of found)
      io.out(
        `trace ${f.trace}, call ${f.index + 1}: kernel ${JSON.stringify(f.kernel)}, model ${JSON.stringify(f.model)}\n${f.reproducer}`,
      );
    for (const l of leaks) io.out(`kmemleak: ${l}`);
  }
  return found.length === 0 && leaks.length === 0 ? EXIT_OK : EXIT_FOUND;
}
