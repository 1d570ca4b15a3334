/**
 * Scenarios on a real kernel: each scenario lowered to syscalls (src/scenario/lower.ts) with the
 * model's answers, run under QEMU on a fresh file system of the scenario's type, every answer
 * compared. The executor runs in the trace's root, so absolute paths become relative ones
 * ("/" is "."); once a task may have changed directory, they go through the executor's open
 * root instead (/proc/self/fd/ROOT_FD, a magic link to it: one more link on the way, and ".."
 * from the root leaves it, as with relative paths). /proc paths stay as they are (the executor
 * maps /proc/N to trace task N's process), and the kernel's readlink of a /proc link, which
 * names the guest's mount point, is read relative to it.
 */
import { KERNELS } from '../model/kernel.js';
import { KERNEL_BOOT_SYSCTLS, renderSysctls, SYSCTL_NAMES, type Sysctls } from '../model/sysctl.js';
import type { Scenario } from '../scenario/parse.js';
import { lowerScenario, type Lowering } from '../scenario/lower.js';
import { ROOT_DEVICE } from '../ops/vfs/super.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { syscallOf } from '../model/syscall/fields.js';
import { pathArgs } from '../model/syscall/queries.js';
import type { GuestKernel } from './guest-kernel.js';
import { differences, type Answer, type Difference, type PidCall } from './host.js';
import { MAX_TRACES_PER_BOOT, runBatch, type BootResult, type GuestFs } from './qemu.js';

/** kernel-patches/executor/relink-exec.c: ROOT_FD, the trace's root directory held open. */
const EXECUTOR_ROOT_FD = 1022;

const isProc = (p: string): boolean => p === '/proc' || p.startsWith('/proc/');

/** An absolute path from the executor's start directory, or (`rerooted`) through its root fd. */
function fromRoot(p: string, rerooted: boolean): string {
  if (!p.startsWith('/') || isProc(p)) return p;
  const rest = p.replace(/^\/+/, '');
  if (rerooted) return `/proc/self/fd/${EXECUTOR_ROOT_FD}${rest === '' ? '' : `/${rest}`}`;
  return rest === '' ? '.' : rest;
}

/**
 * The call as the executor makes it in the trace's root. `rerooted`: a task may have changed
 * directory (LoweredCall.rerooted), so absolute paths go through the executor's root fd.
 */
export function kernelCall(sc: Syscall, rerooted = false): Syscall {
  const out: Record<string, string | number | undefined> = { ...sc };
  for (const p of pathArgs(sc)) out[p.name] = fromRoot(p.path, rerooted);
  // A bind or move source is a path; "/dev/root" names the trace's own device (the executor
  // maps it to the device the trace's root is mounted from).
  if (sc.call === 'mount' && sc.source.startsWith('/') && sc.source !== ROOT_DEVICE)
    out['source'] = fromRoot(sc.source, rerooted);
  return syscallOf(sc.call, out);
}

/** The kernel's answer as the model would give it: a /proc link's path without the mount point. */
export function fromGuest(sc: Syscall, a: Answer): Answer {
  const procLink = (sc.call === 'readlink' || sc.call === 'readlinkat') && sc.path.startsWith('/proc/');
  if (!procLink || a.link === undefined) return a;
  const stripped = a.link.replace(/^\/mnt\/\d+(?=\/|$)/, '');
  const link = stripped === '' ? '/' : stripped;
  return { ...a, link, ret: link.length };
}

export interface ScenarioOnKernel {
  readonly scenario: Scenario;
  readonly lowering: Lowering;
  readonly differences: readonly Difference[];
  /** The scenario line of each difference. */
  readonly lines: readonly number[];
  /**
   * The boot (an index into `boots`) and the 0-based place in its batch the scenario ran at; both
   * -1 for a scenario no guest can run (notOnGuest: its lowering stops at once, with the reason).
   */
  readonly boot: number;
  readonly place: number;
}

/**
 * Why a scenario's machine is not one a QEMU guest can be, or null: a model-only kernel variant
 * (no QEMU kernel has its rules), or fs.protected_* sysctls other than the guest's, which boots
 * with its kernel's own (KERNEL_BOOT_SYSCTLS: the harness's init writes none).
 */
export function notOnGuest(sc: Scenario): { readonly line: number; readonly why: string } | null {
  if (KERNELS[sc.kernel]?.modelOnly === true)
    return { line: 1, why: `kernel ${sc.kernel} is model-only: no QEMU kernel has its rules` };
  const set = SYSCTL_NAMES.filter((n) => sc.sysctl[n] !== undefined && sc.sysctl[n] !== KERNEL_BOOT_SYSCTLS[n]);
  if (set.length === 0) return null;
  const pick = (from: Partial<Sysctls>): Partial<Sysctls> => Object.fromEntries(set.map((n) => [n, from[n]]));
  const guest = renderSysctls(pick(KERNEL_BOOT_SYSCTLS));
  return { line: sc.sysctlLine, why: `it sets ${renderSysctls(pick(sc.sysctl))}; the guest boots with ${guest}` };
}

export function runScenariosOnKernel(
  scenarios: readonly Scenario[],
  kernel: GuestKernel,
): { results: ScenarioOnKernel[]; boots: BootResult[] } {
  const variant = kernel.relink ? 'relink' : 'mainline';
  const results: ScenarioOnKernel[] = [];
  const lowered: { scenario: Scenario; lowering: Lowering }[] = [];
  for (const scenario of scenarios) {
    const refused = notOnGuest(scenario);
    if (refused === null) {
      const lowering = lowerScenario(scenario, variant, { ...KERNEL_BOOT_SYSCTLS, ...scenario.sysctl });
      lowered.push({ scenario, lowering });
    } else
      results.push({
        scenario,
        lowering: { calls: [], stopped: refused },
        differences: [],
        lines: [],
        boot: -1,
        place: -1,
      });
  }
  const boots: BootResult[] = [];
  // One boot's disks are made alike: scenarios are grouped by file system and block size.
  const byFs = new Map<string, typeof lowered>();
  for (const l of lowered) {
    const key = `${l.scenario.fs} ${l.scenario.blocksize}`;
    byFs.set(key, [...(byFs.get(key) ?? []), l]);
  }
  for (const group of byFs.values()) {
    const first = group[0]?.scenario;
    if (first === undefined) continue;
    for (let i = 0; i < group.length; i += MAX_TRACES_PER_BOOT) {
      const batch = group.slice(i, i + MAX_TRACES_PER_BOOT);
      const traces: PidCall[][] = batch.map((l) =>
        l.lowering.calls.map((c) => ({ pid: c.pid, sc: kernelCall(c.sc, c.rerooted) })),
      );
      const boot = runBatch(kernel, first.fs as GuestFs, traces, first.blocksize);
      boots.push(boot);
      batch.forEach((l, j) => {
        const calls = l.lowering.calls;
        const kernelAnswers = (boot.answers[j] ?? []).map((a, k) => {
          const c = calls[k];
          return c === undefined ? a : fromGuest(c.sc, a);
        });
        const d = differences(
          calls.map((c) => c.sc),
          kernelAnswers,
          calls.map((c) => c.expected),
          calls.map((c) => c.live),
        );
        results.push({
          ...l,
          differences: d,
          lines: d.map((x) => calls[x.index]?.line ?? 0),
          boot: boots.length - 1,
          place: j,
        });
      });
    }
  }
  return { results, boots };
}
