/**
 * Running native traces on a 6.1 kernel under QEMU: Debian's stock kernel or a minimal one from
 * kernel-patches/build.sh (unpatched, or with the relink series), an initramfs with busybox, the
 * static executor, the modules the kernel needs and the traces, and one fresh file system per
 * trace: a pristine ext4 or btrfs image attached with snapshot=on (so every trace starts from an
 * empty file system whose root is the model's root), or a new tmpfs. Up to 24 traces per boot.
 * KVM when a quick probe boots, TCG otherwise (accel.ts). Besides the answers, the guest reports
 * what the kernel logged after each trace, a busy unmount and a trace that hung (klog.ts); a
 * batch's result carries them as findings.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { accelArgs, chooseAccel, type Accel } from './accel.js';
import type { GuestKernel } from './guest-kernel.js';
import { GuestError, ModelBug } from '../model/errors.js';
import { packageFile } from './package-root.js';
import { defaultBlocksize, FS_TYPES, type MountableFsType } from '../model/fstype.js';
import { buildExecutor, pidTraceJsonl, type Answer, type PidCall } from './host.js';
import { kernelFindings, notRun, parseGuestLog, suppressedMessages, type KernelFinding } from './klog.js';

export const GUEST_FS = ['ext4', 'ext2', 'btrfs', 'tmpfs'] as const;
export type GuestFs = (typeof GUEST_FS)[number];

/** The longest batch: one virtio disk per trace, named vda..vdx. */
export const MAX_TRACES_PER_BOOT = 24;

function cacheDir(): string {
  const d = process.env['RELINKLAB_CACHE'] ?? '/var/cache/relinklab';
  mkdirSync(d, { recursive: true });
  return d;
}

/**
 * A pristine image, made once per block size by the type's recipe (FsTypeInfo.device.mkfs: 32 MiB
 * of ext4, or 128 MiB of btrfs, whose smallest is 109 MiB). The block size is given to mkfs
 * explicitly (-b, -s), from the same definition the model boots with (FS_TYPES[fs].blocksizes):
 * without -b, mke2fs.conf's "small" profile would give a 32 MiB ext4 1 KiB blocks while the model
 * assumed 4 KiB. The guest checks what it mounted (RLX-BLOCKSIZE).
 */
export function diskImage(fs: MountableFsType, blocksize: number = defaultBlocksize(fs)): string {
  const mkfs = FS_TYPES[fs].device?.mkfs;
  if (mkfs === undefined) throw new GuestError(`${fs} has no device to make an image of`);
  if (!FS_TYPES[fs].blocksizes.includes(blocksize)) throw new GuestError(`${fs} cannot have ${blocksize}-byte blocks`);
  const option = mkfs.blocksizeOption.replace(/^-+/, '');
  const img = join(cacheDir(), `${fs}-${mkfs.imageMiB}m-${option}${blocksize}.img`);
  if (!existsSync(img)) {
    const tmp = `${img}.tmp`;
    execFileSync('truncate', ['-s', `${mkfs.imageMiB}M`, tmp]);
    const [command, ...args] = mkfs.command;
    execFileSync(command, [...args, mkfs.blocksizeOption, String(blocksize), tmp], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    execFileSync('mv', [tmp, img]);
  }
  return img;
}

const BUSYBOX_APPLETS = [
  'sh',
  'mount',
  'umount',
  'mkdir',
  'cat',
  'echo',
  'reboot',
  'sleep',
  'cut',
  'insmod',
  'ls',
  'grep',
  // The harness's kernel-log reading, unmounting and watchdog (kernel-patches/harness/init).
  'dmesg',
  'awk',
  'sed',
  'tr',
  'printf',
  'kill',
  // The block size of each trace's file system (stat -f), checked against the model's.
  'stat',
];

/**
 * The guest's watchdog: a trace (its calls, and the unmounts after it) that has not finished after
 * this long is given up on. A trace takes well under a second; the executor itself gives up on a
 * call that blocks after 10 s; the hung-task detector reports a D-state task after 10-12 s.
 */
const WATCHDOG_SECONDS = 40;
/** Then it waits up to this long for the hung-task report, prints the log and reboots. */
const AFTER_HANG_SECONDS = 30;

/** An initramfs tree with busybox and the kernel's modules; the caller adds /init and its files. */
export function initramfsRoot(dir: string, kernel: GuestKernel): string {
  const root = join(dir, 'root');
  for (const d of ['bin', 'dev', 'proc', 'sys', 'mnt', 'modules']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync('/usr/bin/busybox', join(root, 'bin', 'busybox'));
  for (const a of BUSYBOX_APPLETS) execFileSync('ln', ['-sf', 'busybox', join(root, 'bin', a)]);
  kernel.modules.forEach((m, i) =>
    copyFileSync(m, join(root, 'modules', `${String(i + 1).padStart(2, '0')}-${basename(m)}`)),
  );
  return root;
}

/** The tree as a gzipped newc cpio, next to it. */
export function packInitramfs(root: string): string {
  const out = join(root, '..', 'init.cpio.gz');
  execFileSync('sh', ['-c', `cd "${root}" && find . | cpio -o -H newc 2>/dev/null | gzip -1 > "${out}"`]);
  return out;
}

/** The trace initramfs: the executor, the harness's init, the fs type and the traces. */
function initramfs(dir: string, kernel: GuestKernel, fs: GuestFs, traces: readonly (readonly PidCall[])[]): string {
  const root = initramfsRoot(dir, kernel);
  mkdirSync(join(root, 'traces'));
  copyFileSync(buildExecutor(), join(root, 'bin', 'relink-exec'));
  copyFileSync(packageFile('kernel-patches/harness/init'), join(root, 'init'));
  execFileSync('chmod', ['+x', join(root, 'init'), join(root, 'bin', 'relink-exec')]);
  writeFileSync(join(root, 'fstype'), `${fs}\n`);
  writeFileSync(join(root, 'watchdog'), `${WATCHDOG_SECONDS}\n`);
  traces.forEach((t, i) =>
    writeFileSync(join(root, 'traces', `${String(i + 1).padStart(3, '0')}.jsonl`), pidTraceJsonl(t)),
  );
  return packInitramfs(root);
}

export interface BootResult {
  /** Each trace's answers; a trace that hung has those it gave, one that did not run has none. */
  readonly answers: readonly Answer[][];
  /** What the kernel logged or the harness saw (klog.ts); a trace's `at` is its 1-based place in the batch. */
  readonly findings: readonly KernelFinding[];
  /** Traces of the batch (1-based) that did not run: the guest rebooted or stopped before them. */
  readonly notRun: readonly number[];
  /** Whether lockdep ran at boot ('none' when the kernel has none, as Debian's). */
  readonly lockdep: 'on' | 'off' | 'none';
  /** The hung-task detector's timeout in the guest (null when the kernel has none). */
  readonly hungTaskSecs: number | null;
  /** Kernel messages printk's rate limiting dropped: the log says they were, not what they said. */
  readonly suppressed: number;
  readonly leaks: readonly string[];
  /** Each trace's mount options as /proc/mounts shows them after the trace ("" when not seen). */
  readonly mountOptions: readonly string[];
  /** Whether the kernel has kmemleak (Debian's stock kernel does not). */
  readonly kmemleak: boolean;
  readonly release: string;
  readonly accel: Accel;
  readonly millis: number;
}

/**
 * Boot `kernel` with `initrd` and the given raw disk images (each attached with snapshot=on, so
 * the image stays pristine) until the guest powers off; its console output. A panic, a timeout
 * or a guest that did not print RLX-DONE is an error, unless `partial`: then a guest that booted
 * (printed RLX-BOOTED) returns what it printed, and `stopped` says why it ended early.
 */
export function bootGuest(
  kernel: GuestKernel,
  initrd: string,
  disks: readonly string[],
  timeoutMs = 180_000,
  partial = false,
): { out: string; millis: number; accel: Accel; stopped: string | null } {
  const accel = chooseAccel(kernel.image, initrd, 'RLX-PROBE-OK');
  const drives = disks.flatMap((img, i) => ['-drive', `file=${img},format=raw,if=virtio,snapshot=on,index=${i}`]);
  const t0 = performance.now();
  const r = spawnSync(
    'qemu-system-x86_64',
    [
      ...accelArgs(accel),
      '-m',
      '512',
      '-nographic',
      '-no-reboot',
      '-net',
      'none',
      '-kernel',
      kernel.image,
      '-initrd',
      initrd,
      '-append',
      // loglevel=1: only emergencies (a panic) reach the console; anything else the kernel prints
      // (e.g. ext4's "Unknown parameter 'relink'") could land inside an answer line.
      // no_timer_check: arch/x86/kernel/apic/io_apic.c: check_timer waits for emulated timer ticks
      // that a loaded host delays, and panics ("IO-APIC + timer doesn't work!"): seen under load.
      'console=ttyS0 quiet loglevel=1 panic=-1 no_timer_check',
      ...drives,
    ],
    { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20, killSignal: 'SIGKILL' },
  );
  const millis = performance.now() - t0;
  const out = r.stdout ?? '';
  // RELINKLAB_CONSOLE=FILE keeps every guest's console output (appended), for looking into a run.
  const keep = process.env['RELINKLAB_CONSOLE'];
  if (keep !== undefined && keep !== '') appendFileSync(keep, out);
  const tail = out.slice(-2000);
  const spawnError: NodeJS.ErrnoException | undefined = r.error;
  const missing = spawnError?.code === 'ENOENT';
  if (missing) throw new GuestError('qemu-system-x86_64 is not installed (scripts/install-deps.sh kernel installs it)');
  const booted = out.includes('RLX-BOOTED');
  let stopped: string | null = null;
  if (r.error !== undefined) stopped = `qemu did not finish in ${timeoutMs / 1000} s (${r.error.message})`;
  else if (/Kernel panic/.test(out)) stopped = `the guest kernel (${kernel.name}) panicked`;
  else if (!out.includes('RLX-DONE')) stopped = `the guest (${kernel.name}) stopped before finishing`;
  if (stopped !== null && !(partial && booted)) throw new GuestError(stopped, tail);
  return { out, millis, accel, stopped };
}

/** QEMU's limit for a batch: the boot, the traces, and one hang's watchdog and report. */
const batchTimeoutMs = (traces: number): number =>
  (120 + 10 * traces + WATCHDOG_SECONDS + AFTER_HANG_SECONDS + 30) * 1000;

/**
 * Boot once and run up to MAX_TRACES_PER_BOOT traces. A guest that does not boot, or a trace that
 * finished with answers missing, is an error; a trace that hung, a panic or a timeout during a
 * trace, and whatever the kernel logged, are findings (the traces after such a stop did not run).
 */
export function runBatch(
  kernel: GuestKernel,
  fs: GuestFs,
  traces: readonly (readonly PidCall[])[],
  blocksize: number = defaultBlocksize(fs),
): BootResult {
  if (traces.length > MAX_TRACES_PER_BOOT) throw new ModelBug(`at most ${MAX_TRACES_PER_BOOT} traces per boot`);
  const dir = mkdtempSync(join(tmpdir(), 'relinklab-qemu-'));
  try {
    const initrd = initramfs(dir, kernel, fs, traces);
    const disks = FS_TYPES[fs].device === null ? [] : traces.map(() => diskImage(fs, blocksize));
    const { out, millis, accel, stopped } = bootGuest(kernel, initrd, disks, batchTimeoutMs(traces.length), true);
    const log = parseGuestLog(out);
    const findings = kernelFindings(log, kernel.relink, stopped);
    // A guest that rebooted after a hang stopped early by design: the hung trace says why.
    if (stopped !== null && log.hung === null) {
      // The console's last lines (a panic's report reaches it) go with the trace that stopped.
      const tail = out
        .split(/\r?\n/)
        .filter((l) => !/RLX[ -]/.test(l))
        .slice(-60);
      const i = findings.findIndex((f) => f.kinds.includes('guest-stopped'));
      const f = findings[i];
      if (f !== undefined) findings[i] = { ...f, log: [...f.log, ...tail] };
      else findings.push({ at: 'end', kinds: ['guest-stopped'], notes: [stopped], log: tail });
    }
    const answers: Answer[][] = traces.map(() => []);
    const leaks: string[] = [];
    let release = '';
    let kmemleak = false;
    const mountOptions: string[] = traces.map(() => '');
    const measured = new Set<number>();
    for (const line of out.split(/\r?\n/)) {
      const m = /RLX (\d+) (\{.*\})\s*$/.exec(line);
      if (m !== null) answers[Number(m[1]) - 1]?.push(JSON.parse(m[2] ?? '{}') as Answer);
      const leak = /RLX-LEAK (.*)$/.exec(line);
      if (leak !== null) leaks.push(leak[1] ?? '');
      const boot = /RLX-BOOTED (\S+)/.exec(line);
      if (boot !== null) release = boot[1] ?? '';
      const nomount = /RLX-NOMOUNT (\d+)/.exec(line);
      if (nomount !== null)
        throw new GuestError(`the guest could not mount ${fs} for trace ${nomount[1]}`, out.slice(-2000));
      const nomod = /RLX-NOMODULE (\S+)/.exec(line);
      if (nomod !== null) throw new GuestError(`the guest could not load module ${nomod[1]}`, out.slice(-2000));
      if (line.includes('RLX-KMEMLEAK')) kmemleak = true;
      // The block size the guest mounted must be the one the model runs with.
      const bs = /RLX-BLOCKSIZE (\d+) (\S*)/.exec(line);
      if (bs !== null) {
        if (Number(bs[2]) !== blocksize)
          throw new GuestError(
            `trace ${bs[1]}: the guest's ${fs} has ${bs[2] ?? '?'}-byte blocks, the model ${blocksize}`,
            out.slice(-2000),
          );
        measured.add(Number(bs[1]));
      }
      // "RLX-MOUNT N device mountpoint fstype options 0 0"
      const mnt = /RLX-MOUNT (\d+) \S+ \S+ \S+ (\S+) /.exec(line);
      if (mnt !== null) mountOptions[Number(mnt[1]) - 1] = mnt[2] ?? '';
    }
    // A trace that started on a file system whose block size was not seen ran unchecked.
    const unmeasured = log.started.filter((n) => !measured.has(n));
    if (unmeasured.length > 0)
      throw new GuestError(
        `traces ${unmeasured.join(', ')}: the guest did not report its block size`,
        out.slice(-2000),
      );
    // A trace that ended must have answered every call; one that hung or was cut off need not,
    // nor one the kernel logged about (a report that reached the console may have cut an answer).
    answers.forEach((a, i) => {
      const logged = findings.some((f) => f.at === i + 1);
      if (log.ended.includes(i + 1) && !logged && a.length !== traces[i]?.length)
        throw new GuestError(`trace ${i + 1}: ${a.length} answers for ${traces[i]?.length} calls`, out.slice(-3000));
    });
    return {
      answers,
      findings,
      notRun: notRun(log, traces.length),
      lockdep: log.lockdep.boot === undefined ? 'none' : log.lockdep.boot === '1' ? 'on' : 'off',
      hungTaskSecs: log.hungTaskSecs,
      suppressed: suppressedMessages(log),
      mountOptions,
      leaks,
      kmemleak,
      release,
      accel,
      millis,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
