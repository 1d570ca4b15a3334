/**
 * The figures only a real kernel gives (issue 7, sections 3 and 4), under QEMU: cross-check
 * throughput and boot time for Debian's 6.1 and our patched 6.1 (the accelerator the KVM probe
 * chose is reported with them), and the seed's IO claim measured on the patched kernel
 * (src/crosscheck/io-bench.ts). BENCH_QEMU=0 leaves this section out.
 */
import { randomTraces } from '../src/crosscheck/gen.js';
import { guestKernel, type GuestKernelName } from '../src/crosscheck/guest-kernel.js';
import { asPidCalls } from '../src/crosscheck/host.js';
import { ioBench, type IoBenchRow } from '../src/crosscheck/io-bench.js';
import { MAX_TRACES_PER_BOOT, runBatch } from '../src/crosscheck/qemu.js';

export interface ThroughputRow {
  readonly kernel: GuestKernelName;
  readonly release: string;
  readonly accel: string;
  readonly traces: number;
  readonly calls: number;
  readonly boots: number;
  readonly msPerBoot: number;
  readonly tracesPerMinute: number;
}

export interface KernelResults {
  readonly throughput: readonly ThroughputRow[];
  readonly io: readonly IoBenchRow[];
  readonly ioRelease: string;
}

function throughput(kernel: GuestKernelName, traces: number, length: number): ThroughputRow {
  const gk = guestKernel(kernel);
  const all = randomTraces(traces, length, 2026, true);
  const t0 = performance.now();
  const boots = [];
  for (let i = 0; i < all.length; i += MAX_TRACES_PER_BOOT) {
    boots.push(runBatch(gk, 'ext4', all.slice(i, i + MAX_TRACES_PER_BOOT).map(asPidCalls)));
  }
  const millis = performance.now() - t0;
  return {
    kernel,
    release: boots[0]?.release ?? '',
    accel: boots[0]?.accel ?? '',
    traces,
    calls: traces * length,
    boots: boots.length,
    msPerBoot: boots.reduce((s, b) => s + b.millis, 0) / boots.length,
    tracesPerMinute: (traces / millis) * 60_000,
  };
}

export const IO_SIZES_MIB: readonly number[] = [1, 16, 256, 1024];

export function benchKernels(traces: number, length: number): KernelResults {
  const rows = (['debian', 'patched'] as const).map((k) => throughput(k, traces, length));
  const io = ioBench(IO_SIZES_MIB);
  return { throughput: rows, io: io.rows, ioRelease: io.release };
}
