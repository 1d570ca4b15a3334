/**
 * The CRIU scenario guest: Debian's 6.1 (kernel-patches/debian-kernel.sh) or the series built with
 * CRIU's options (`kernel-patches/build.sh --criu`, which has all it needs built in), with Debian
 * bookworm's criu (kernel-patches/criu/fetch-criu.sh), on Debian's kernel the modules criu needs
 * (the list scripts/criu-guest.sh loads: without nfnetlink and nf_tables every criu command fails),
 * busybox, relink-action.sh and criu-relink (docs/criu.md, "Relink through CRIU"), the executor and
 * kernel-patches/criu/scenarios-init, which runs each trace on its own ext4 disk and criu at the
 * executor's barriers. One boot for up to MAX_TRACES_PER_BOOT traces, TCG (nested KVM does not
 * work on this machine kind, and criu's restore is what is timed out on, not the boot).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { GuestError, ModelBug } from '../model/errors.js';
import { moduleOrder } from './guest-kernel.js';
import { buildExecutor } from './host.js';
import { packageFile } from './package-root.js';
import { diskImage, MAX_TRACES_PER_BOOT, packInitramfs } from './qemu.js';
import { QEMU_TOOLS, requireTools } from './tools.js';
import type { MountableFsType } from '../model/fstype.js';
import { RELINK_ACTION_SCRIPT, type CriuGuestKernel } from '../scenario/lower-criu-run.js';

/** The file system of the guest's disks: the one disk file system its modules (below) include. */
export const CRIU_DISK_FS = 'ext4' as const satisfies MountableFsType;

/** scripts/criu-guest.sh's module list for Debian's kernel, in its order (each after its depends=). */
export const CRIU_MODULES = [
  'crc32c_generic',
  'virtio_pci',
  'virtio_blk',
  'ext4',
  'unix_diag',
  'inet_diag',
  'tcp_diag',
  'udp_diag',
  'raw_diag',
  'netlink_diag',
  'af_packet_diag',
  'veth',
  'tun',
  'nfnetlink',
  'nf_tables',
  'autofs4',
] as const;

/** A script's last line of output: the path it made. */
function scriptPath(script: string, args: readonly string[] = []): string {
  try {
    const out = execFileSync(packageFile(script), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return out.trim().split('\n').at(-1) ?? '';
  } catch (e) {
    throw new GuestError(`${script} failed: ${(e as Error).message.split('\n')[0] ?? ''}`);
  }
}

/** The initramfs: criu's tree, busybox, the modules, the executor, the init and the traces. */
function criuInitramfs(dir: string, modules: readonly string[], traces: readonly string[]): string {
  const root = join(dir, 'root');
  for (const d of ['bin', 'dev', 'proc', 'sys', 'modules', 'criu-traces'])
    mkdirSync(join(root, d), { recursive: true });
  execFileSync('cp', ['-a', `${scriptPath('kernel-patches/criu/fetch-criu.sh')}/.`, root]);
  copyFileSync('/usr/bin/busybox', join(root, 'bin', 'busybox'));
  execFileSync('ln', ['-sf', 'busybox', join(root, 'bin', 'sh')]);
  copyFileSync(buildExecutor(), join(root, 'bin', 'relink-exec'));
  copyFileSync(packageFile('kernel-patches/criu/scenarios-init'), join(root, 'init'));
  copyFileSync(packageFile('kernel-patches/criu/relink-action.sh'), join(root, RELINK_ACTION_SCRIPT));
  execFileSync('gcc', [
    ...['-static', '-O2', '-Wall', '-Wextra', '-Werror'],
    ...['-o', join(root, 'bin', 'criu-relink'), packageFile('kernel-patches/criu/criu-relink.c')],
  ]);
  execFileSync('chmod', ['+x', join(root, 'init'), join(root, 'bin', 'relink-exec'), join(root, RELINK_ACTION_SCRIPT)]);
  modules.forEach((m, i) => copyFileSync(m, join(root, 'modules', `${String(i + 1).padStart(2, '0')}-${basename(m)}`)));
  traces.forEach((t, i) => writeFileSync(join(root, 'criu-traces', `${String(i + 1).padStart(3, '0')}.jsonl`), t));
  // Without /dev/console in the archive the init prints nothing (devtmpfs is mounted later).
  execFileSync('mknod', [join(root, 'dev', 'console'), 'c', '5', '1']);
  return packInitramfs(root);
}

/** Debian's kernel image and the criu modules, in load order. */
function debianKernel(): { image: string; modules: string[] } {
  const root = scriptPath('kernel-patches/debian-kernel.sh');
  const vmlinuz = readdirSync(join(root, 'boot')).find((f) => f.startsWith('vmlinuz-'));
  if (vmlinuz === undefined) throw new GuestError(`no vmlinuz in ${root}/boot`);
  const modulesDir = join(root, 'lib', 'modules', vmlinuz.slice('vmlinuz-'.length));
  return { image: join(root, 'boot', vmlinuz), modules: moduleOrder(modulesDir, CRIU_MODULES) };
}

/** The `--criu` build of the series: CRIU's options and ext4 built in, no modules to load. */
const criuKernel = (): { image: string; modules: string[] } => ({
  image: scriptPath('kernel-patches/build.sh', ['--criu']),
  modules: [],
});

/** Boot `kernel`'s guest once with these traces (JSONL text, with barriers), each on an ext4 disk of `blocksize`; its console. */
export function runCriuGuest(traces: readonly string[], blocksize: number, kernelName: CriuGuestKernel): string {
  if (traces.length > MAX_TRACES_PER_BOOT) throw new ModelBug(`at most ${MAX_TRACES_PER_BOOT} traces per boot`);
  requireTools(QEMU_TOOLS, 'kernel');
  const kernel = kernelName === 'debian' ? debianKernel() : criuKernel();
  const dir = mkdtempSync(join(tmpdir(), 'relinklab-criu-'));
  try {
    const initrd = criuInitramfs(dir, kernel.modules, traces);
    const disk = diskImage(CRIU_DISK_FS, blocksize);
    const drives = traces.flatMap((_, i) => ['-drive', `file=${disk},format=raw,if=virtio,snapshot=on,index=${i}`]);
    // A boot, criu check and each scenario's dump and restore take well under a minute under TCG.
    const timeoutMs = (300 + 120 * traces.length) * 1000;
    const r = spawnSync(
      'qemu-system-x86_64',
      [
        ...['-accel', 'tcg', '-m', '1024', '-smp', '1', '-nographic', '-no-reboot', '-net', 'none'],
        ...['-kernel', kernel.image, '-initrd', initrd],
        ...['-append', 'console=ttyS0 quiet loglevel=1 panic=-1 no_timer_check'],
        ...drives,
      ],
      { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20, killSignal: 'SIGKILL' },
    );
    const out = (r.stdout ?? '').replace(/\r/g, '');
    const keep = process.env['RELINKLAB_CONSOLE'];
    if (keep !== undefined && keep !== '') appendFileSync(keep, out);
    if (r.error !== undefined)
      throw new GuestError(`the CRIU guest did not finish: ${r.error.message}`, out.slice(-2000));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
