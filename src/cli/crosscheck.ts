/**
 * `relinklab crosscheck`: random traces run on a real kernel and on the model, every answer
 * compared, each difference shrunk to a short reproducer. `--kernel host` is the kernel this
 * machine runs (the static executor in an empty directory under /tmp); `debian` (Debian's stock
 * 6.1, the unpatched oracle), `minimal` (our minimal 6.1 build, with kmemleak) and `patched` (the
 * same with the relink series; `broken` adds test-only faults) boot under QEMU, a batch of traces
 * per boot, and kmemleak's report is read after each batch where the kernel has it. On the QEMU
 * kernels whatever the kernel logged after a trace (a WARN, a lockdep report, a hung task, a
 * dentry still in use at unmount), a busy unmount and a trace that hung are failures too
 * (src/crosscheck/klog.ts), each reported with the trace that preceded it.
 */
import {
  asPidCalls,
  buildExecutor,
  differences,
  hostSysctls,
  runModel,
  runOnHost,
  runOnModel,
  traceJsonl,
  type Answer,
} from '../crosscheck/host.js';
import type { SuperBlockId } from '../model/ids.js';
import { KERNEL_BOOT_SYSCTLS } from '../model/sysctl.js';
import type { World } from '../model/world.js';
import { showRelinkOpt } from '../ops/relink/relink-dir.js';
import { randomTraces, RELINK_SETUP } from '../crosscheck/gen.js';
import { guestKernel } from '../crosscheck/guest-kernel.js';
import { MAX_TRACES_PER_BOOT, runBatch, type BootResult, type GuestFs } from '../crosscheck/qemu.js';
import { shrinkTrace, type KernelRunner } from '../crosscheck/shrink.js';
import {
  batchIssues,
  issueText,
  kernelLogSummary,
  notRunIn,
  type BatchEntry,
  type KernelIssue,
} from '../crosscheck/klog-report.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { InputError, ModelBug } from '../model/errors.js';
import { defaultBlocksize, FS_TYPES } from '../model/fstype.js';
import { readScenario } from '../scenario/parse.js';
import type { CrosscheckKernel } from './closed-sets.js';
import { differenceText } from '../crosscheck/difference-text.js';
import { runScenarioCrosscheck } from './crosscheck-scenarios.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';

export interface CrosscheckArgs {
  readonly kernel: CrosscheckKernel;
  readonly fs: GuestFs;
  /** The random traces' block size (mkfs -b); the type's default when absent. */
  readonly blocksize?: number | undefined;
  readonly traces: number;
  readonly length: number;
  readonly seed: number;
  readonly json: boolean;
  /** Scenario files to run on the kernel instead of random traces. */
  readonly scenarios: readonly string[];
}

/** Differences beyond this many are reported unshrunk: shrinking costs kernel runs. */
const SHRINK_AT_MOST = 3;

interface Found {
  readonly trace: number;
  readonly index: number;
  readonly kernel: Answer | { readonly mountOptions: string };
  readonly model: Answer | { readonly relink: string | null };
  /** What differs, as the text output says it: the call as strace prints it and both answers. */
  readonly shown: string;
  readonly reproducer: string;
  readonly shrunk: boolean;
}

/** The options' combinations a run cannot have, refused up front; the block size the traces use. */
function validate(a: CrosscheckArgs): number {
  if (a.kernel === 'host' && a.fs !== 'ext4')
    throw new InputError('--fs', 0, `the host target runs on this machine's ext4; use a QEMU kernel for ${a.fs}`);
  if (!Number.isInteger(a.traces) || a.traces < 1) throw new InputError('--traces', 0, 'must be a positive integer');
  if (!Number.isInteger(a.length) || a.length < 1) throw new InputError('--length', 0, 'must be a positive integer');
  const fs = a.fs;
  const blocksize = a.blocksize ?? defaultBlocksize(fs);
  if (!FS_TYPES[fs].blocksizes.includes(blocksize))
    throw new InputError(
      '--blocksize',
      0,
      `${fs} has ${FS_TYPES[fs].blocksizes.join(', ')}-byte blocks, not ${blocksize}`,
    );
  if (a.blocksize !== undefined && a.scenarios.length > 0)
    throw new InputError('--blocksize', 0, 'a scenario states its own blocksize:; --blocksize is for random traces');
  if (a.kernel === 'host' && blocksize !== defaultBlocksize(fs))
    throw new InputError('--blocksize', 0, `the host target runs on this machine's ext4 (${defaultBlocksize(fs)})`);
  return blocksize;
}

/** The superblock of pid 1's root: the trace's file system. */
function rootSb(w: World): SuperBlockId {
  const t = w.tasks[1];
  const m = t === undefined ? undefined : w.mounts[t.root.mnt];
  if (m === undefined) throw new ModelBug('the model world has no pid 1 root mount');
  return m.mnt_sb;
}

export function runCrosscheck(a: CrosscheckArgs, io: Io): number {
  const blocksize = validate(a);
  const { kernel, fs } = a;
  if (a.scenarios.length > 0) {
    // The files first: a missing scenario is the first thing to say, whatever the kernel.
    const scenarios = a.scenarios.map(readScenario);
    if (kernel === 'host')
      throw new InputError('--kernel', 0, 'scenarios remount their file system: run them on a QEMU kernel');
    return runScenarioCrosscheck(scenarios, kernel, a.json, io);
  }
  const boots: BootResult[] = [];
  const issues: KernelIssue[] = [];
  /** Traces of the main run (0-based) that hung or did not run: their answers are not compared. */
  const unanswered = new Set<number>();
  const notRun: string[] = [];
  /** While shrinking trace N, a kernel finding is charged to the candidate that showed it. */
  let shrinking: number | null = null;
  let runKernel: KernelRunner;
  let modelVariant = 'mainline';
  let batch = 64;
  let release = 'host';
  const relink = kernel !== 'host';
  if (kernel === 'host') {
    const exe = buildExecutor();
    runKernel = (ts) => ts.map((t) => runOnHost(exe, t));
  } else {
    const gk = guestKernel(kernel);
    modelVariant = gk.relink ? 'relink' : 'mainline';
    batch = MAX_TRACES_PER_BOOT;
    runKernel = (ts) => {
      const out: Answer[][] = [];
      for (let i = 0; i < ts.length; i += MAX_TRACES_PER_BOOT) {
        const of = Math.ceil(ts.length / MAX_TRACES_PER_BOOT);
        io.progress?.(`${kernel}: boot ${i / MAX_TRACES_PER_BOOT + 1} of ${of} (${ts.length} traces)`);
        const batchTraces = ts.slice(i, i + MAX_TRACES_PER_BOOT);
        const r = runBatch(gk, fs, batchTraces.map(asPidCalls), blocksize);
        boots.push(r);
        release = r.release;
        out.push(...r.answers.map((x) => [...x]));
        const main = shrinking === null;
        const entry = (k: number): BatchEntry => {
          const t = batchTraces[k] ?? [];
          return {
            where: main ? `trace ${i + k}` : `a candidate while shrinking trace ${shrinking}`,
            trace: main ? i + k : shrinking,
            calls: asPidCalls(t),
            reproducer: traceJsonl(t),
          };
        };
        issues.push(...batchIssues(r, boots.length, entry));
        if (main) {
          notRun.push(...notRunIn(r, entry));
          for (const n of r.notRun) unanswered.add(i + n - 1);
          for (const f of r.findings)
            if (typeof f.at === 'number' && (f.kinds.includes('hung') || f.kinds.includes('guest-stopped')))
              unanswered.add(i + f.at - 1);
        }
      }
      return out;
    };
  }
  // The model boots as the kernel it is compared with did: the host's sysctls as it runs, a QEMU
  // guest's as its kernel sets them (its init writes none).
  const sysctl = kernel === 'host' ? hostSysctls() : KERNEL_BOOT_SYSCTLS;
  const modelRun = (t: readonly Syscall[]): Answer[] => runOnModel(t, modelVariant, fs, blocksize, sysctl);
  const traces = randomTraces(a.traces, a.length, a.seed, relink, fs);
  const t0 = performance.now();
  const answers = runKernel(traces);
  const batchBoots = boots.length;
  let calls = 0;
  let compared = 0;
  const found: Found[] = [];
  traces.forEach((t, n) => {
    calls += t.length;
    // A trace that hung, or never ran, has no answers to compare: it is reported as such.
    if (unanswered.has(n)) return;
    const { answers: model, world } = runModel(t, modelVariant, fs, blocksize, sysctl);
    const stop = model.findIndex((m) => m.skipped !== undefined);
    compared += stop < 0 ? t.length : stop;
    const first = differences(t, answers[n] ?? [], model)[0];
    const shown = boots[Math.floor(n / MAX_TRACES_PER_BOOT)]?.mountOptions[n % MAX_TRACES_PER_BOOT];
    if (first === undefined && shown !== undefined) {
      // The relink= option as /proc/mounts shows it, against the model's relink_dir.
      const kernelOpt = /(?:^|,)relink=([^,]*)/.exec(shown)?.[1] ?? null;
      const modelOpt = showRelinkOpt(world, rootSb(world));
      if (kernelOpt !== modelOpt) {
        found.push({
          trace: n,
          index: t.length - 1,
          kernel: { mountOptions: shown },
          model: { relink: modelOpt },
          shown: `kernel ${JSON.stringify({ mountOptions: shown })}, model ${JSON.stringify({ relink: modelOpt })}`,
          reproducer: traceJsonl(t),
          shrunk: false,
        });
      }
    }
    if (first === undefined) return;
    const prefix = t.slice(0, first.index + 1);
    const shrink = found.length < SHRINK_AT_MOST;
    shrinking = n;
    const small = shrink
      ? shrinkTrace(prefix, relink ? RELINK_SETUP.length : 0, runKernel, modelRun, batch).trace
      : prefix;
    const last = differences(small, runKernel([small])[0] ?? [], modelRun(small))[0] ?? first;
    found.push({
      trace: n,
      index: last.index,
      kernel: last.kernel,
      model: last.model,
      shown: differenceText(last.call, last.kernel, last.model),
      reproducer: traceJsonl(small),
      shrunk: shrink,
    });
    shrinking = null;
  });
  const millis = performance.now() - t0;
  io.progress?.('');
  const leaks = boots.flatMap((b) => b.leaks);
  const kmemleak = boots.length > 0 && boots.every((b) => b.kmemleak);
  const batchMillis = boots.slice(0, batchBoots).map((b) => b.millis);
  const msPerBoot =
    batchMillis.length === 0 ? 0 : Math.round(batchMillis.reduce((x, y) => x + y, 0) / batchMillis.length);
  const tracesPerMinute = Math.round((a.traces / millis) * 60_000);
  const accel = boots[0]?.accel ?? 'none';
  const summary = {
    kernel,
    fs,
    release,
    model: modelVariant,
    traces: a.traces,
    calls,
    compared,
    differences: found.length,
    boots: batchBoots,
    accel,
    msPerBoot,
    tracesPerMinute,
    kmemleak: kernel === 'host' ? 'none' : kmemleak ? (leaks.length === 0 ? 'clean' : 'leaks') : 'not in this kernel',
    leaks,
    kernelLog:
      kernel === 'host'
        ? null
        : {
            summary: kernelLogSummary(boots, issues, notRun.length),
            lockdep: boots[0]?.lockdep ?? 'none',
            hungTaskSecs: boots[0]?.hungTaskSecs ?? null,
            findings: issues,
            notRun,
          },
    millis: Math.round(millis),
    seed: a.seed,
    found,
  };
  if (a.json) io.out(JSON.stringify(summary));
  else {
    const qemu = kernel === 'host' ? '' : `; ${batchBoots} boots (${accel}), ${msPerBoot} ms each`;
    io.out(
      `${kernel} (${release}, ${fs}, model: ${modelVariant}): ${a.traces} traces, ${calls} calls, ${compared} compared, ${found.length} traces differ${qemu}; ${tracesPerMinute} traces/min; kmemleak: ${summary.kmemleak} (seed ${a.seed})`,
    );
    for (const f of found)
      io.out(`trace ${f.trace}, call ${f.index + 1}${f.shrunk ? ' (shrunk)' : ''}: ${f.shown}\n${f.reproducer}`);
    for (const l of leaks) io.out(`kmemleak: ${l}`);
    if (kernel !== 'host') {
      io.out(`kernel log: ${kernelLogSummary(boots, issues, notRun.length)}`);
      for (const i of issues) io.out(issueText(kernel, fs, i));
      if (notRun.length > 0) io.out(`not run (the guest rebooted or stopped before them): ${notRun.join(', ')}`);
    }
  }
  const clean = found.length === 0 && leaks.length === 0 && issues.length === 0 && notRun.length === 0;
  return clean ? EXIT_OK : EXIT_FOUND;
}
