/**
 * Running native traces on a 6.1 kernel under QEMU: the kernel from kernel-patches/build.sh
 * (unpatched, or with the relink series), an initramfs with busybox, the static executor and the
 * traces, and one fresh ext4 disk per trace (a pristine image attached with snapshot=on, so every
 * trace starts from an empty file system whose root is the model's root). Up to 24 traces per boot.
 * TCG is used: nested KVM does not work on this project's machines (machine-facts.md).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Syscall } from '../ops/syscalls.js';
import { buildExecutor, traceJsonl, type Answer } from './host.js';

export type QemuKernel = 'unpatched' | 'patched';

/** The longest batch: one virtio disk per trace, named vda..vdx. */
export const MAX_TRACES_PER_BOOT = 24;

const repoRoot = (): string => process.cwd();

function cacheDir(): string {
  const d = process.env['RELINKLAB_CACHE'] ?? '/var/cache/relinklab';
  mkdirSync(d, { recursive: true });
  return d;
}

/** bzImage for a flavour, built (or found in the cache) by kernel-patches/build.sh. */
export function kernelImage(flavour: QemuKernel): string {
  const args = flavour === 'unpatched' ? ['--unpatched'] : [];
  return execFileSync(join(repoRoot(), 'kernel-patches', 'build.sh'), args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .at(-1) as string;
}

/** A pristine 32 MiB ext4 image, made once. */
function ext4Image(): string {
  const img = join(cacheDir(), 'ext4-32m.img');
  if (!existsSync(img)) {
    const tmp = `${img}.tmp`;
    execFileSync('truncate', ['-s', '32M', tmp]);
    execFileSync('mkfs.ext4', ['-q', '-F', tmp]);
    execFileSync('mv', [tmp, img]);
  }
  return img;
}

/** The initramfs: busybox, the executor, the init script and the traces. */
function initramfs(dir: string, traces: readonly (readonly Syscall[])[]): string {
  const root = join(dir, 'root');
  for (const d of ['bin', 'dev', 'proc', 'sys', 'mnt', 'traces']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync('/usr/bin/busybox', join(root, 'bin', 'busybox'));
  for (const a of ['sh', 'mount', 'umount', 'mkdir', 'cat', 'echo', 'reboot', 'sleep', 'cut']) {
    execFileSync('ln', ['-sf', 'busybox', join(root, 'bin', a)]);
  }
  copyFileSync(buildExecutor(), join(root, 'bin', 'relink-exec'));
  copyFileSync(join(repoRoot(), 'kernel-patches', 'harness', 'init'), join(root, 'init'));
  execFileSync('chmod', ['+x', join(root, 'init'), join(root, 'bin', 'relink-exec')]);
  traces.forEach((t, i) =>
    writeFileSync(join(root, 'traces', `${String(i + 1).padStart(3, '0')}.jsonl`), traceJsonl(t)),
  );
  const out = join(dir, 'init.cpio.gz');
  execFileSync('sh', ['-c', `cd "${root}" && find . | cpio -o -H newc 2>/dev/null | gzip -1 > "${out}"`]);
  return out;
}

export interface BootResult {
  readonly answers: readonly Answer[][];
  readonly leaks: readonly string[];
  readonly release: string;
  readonly millis: number;
}

/** Boot once and run up to MAX_TRACES_PER_BOOT traces; a panic, a hang or a missing line is an error. */
export function runBatch(bzImage: string, traces: readonly (readonly Syscall[])[]): BootResult {
  if (traces.length > MAX_TRACES_PER_BOOT) throw new Error(`at most ${MAX_TRACES_PER_BOOT} traces per boot`);
  const dir = mkdtempSync(join(tmpdir(), 'relinklab-qemu-'));
  try {
    const initrd = initramfs(dir, traces);
    const img = ext4Image();
    const drives = traces.flatMap((_, i) => ['-drive', `file=${img},format=raw,if=virtio,snapshot=on,index=${i}`]);
    const t0 = performance.now();
    const r = spawnSync(
      'qemu-system-x86_64',
      [
        '-accel',
        'tcg',
        '-m',
        '512',
        '-nographic',
        '-no-reboot',
        '-net',
        'none',
        '-kernel',
        bzImage,
        '-initrd',
        initrd,
        '-append',
        'console=ttyS0 quiet panic=-1',
        ...drives,
      ],
      { encoding: 'utf8', timeout: 180_000, maxBuffer: 64 << 20 },
    );
    const millis = performance.now() - t0;
    const out = r.stdout ?? '';
    if (r.error !== undefined) throw new Error(`qemu: ${r.error.message}`);
    if (/Kernel panic/.test(out)) throw new Error(`the guest kernel panicked:\n${out.slice(-2000)}`);
    if (!out.includes('RLX-DONE')) throw new Error(`the guest did not finish (hang or crash):\n${out.slice(-2000)}`);
    const answers: Answer[][] = traces.map(() => []);
    const leaks: string[] = [];
    let release = '';
    for (const line of out.split(/\r?\n/)) {
      const m = /RLX (\d+) (\{.*\})\s*$/.exec(line);
      if (m !== null) answers[Number(m[1]) - 1]?.push(JSON.parse(m[2] ?? '{}') as Answer);
      const leak = /RLX-LEAK (.*)$/.exec(line);
      if (leak !== null) leaks.push(leak[1] ?? '');
      const boot = /RLX-BOOTED (\S+)/.exec(line);
      if (boot !== null) release = boot[1] ?? '';
      const nomount = /RLX-NOMOUNT (\d+)/.exec(line);
      if (nomount !== null) throw new Error(`the guest could not mount disk ${nomount[1]}`);
    }
    answers.forEach((a, i) => {
      if (a.length !== traces[i]?.length)
        throw new Error(`trace ${i + 1}: ${a.length} answers for ${traces[i]?.length} calls`);
    });
    return { answers, leaks, release, millis };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
