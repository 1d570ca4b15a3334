/**
 * KVM or TCG: QEMU is asked to boot with KVM for a few seconds; if the guest does not print its
 * first line in time, TCG is used. On this project's machines /dev/kvm exists but nested KVM
 * hangs or aborts (machine-facts.md), so the probe must time out rather than trust /dev/kvm.
 * RELINKLAB_ACCEL=kvm|tcg skips the probe.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export type Accel = 'kvm' | 'tcg';

/** QEMU's arguments for an accelerator. */
export const accelArgs = (a: Accel): string[] => (a === 'kvm' ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg']);

let probed: Accel | undefined;

/** Boots `kernel` with `initrd` (whose init prints `marker` at once) under KVM with a short timeout. */
export function chooseAccel(kernel: string, initrd: string, marker: string, timeoutMs = 8_000): Accel {
  const forced = process.env['RELINKLAB_ACCEL'];
  if (forced === 'kvm' || forced === 'tcg') return forced;
  if (probed !== undefined) return probed;
  if (!existsSync('/dev/kvm')) return (probed = 'tcg');
  const r = spawnSync(
    'qemu-system-x86_64',
    [
      ...accelArgs('kvm'),
      '-m',
      '256',
      '-nographic',
      '-no-reboot',
      '-net',
      'none',
      '-kernel',
      kernel,
      '-initrd',
      initrd,
      '-append',
      'console=ttyS0 quiet loglevel=1 panic=-1 no_timer_check rlx_probe=1',
    ],
    { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' },
  );
  probed = (r.stdout ?? '').includes(marker) ? 'kvm' : 'tcg';
  return probed;
}
