/**
 * The seed's IO claim on a real kernel: the patched 6.1 under QEMU checkpoints one open, unlinked
 * file of each size twice, by relinking it and by copying it into an image (CRIU's ghost file),
 * and reports the time and the bytes the disk saw (kernel-patches/bench/relink-vs-copy.c). Each
 * size gets a fresh 4 GiB ext4 disk (sparse; snapshot=on keeps the pristine image).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { GuestError } from '../model/errors.js';
import { join } from 'node:path';
import { guestKernel } from './guest-kernel.js';
import { buildStatic } from './host.js';
import { packageFile } from './package-root.js';
import { bootGuest, initramfsRoot, packInitramfs } from './qemu.js';

export interface IoBenchRow {
  readonly strategy: 'relink' | 'copy';
  readonly mib: number;
  readonly seconds: number;
  readonly bytes_read: number;
  readonly bytes_written: number;
}

function bigExt4Image(): string {
  const dir = process.env['RELINKLAB_CACHE'] ?? '/var/cache/relinklab';
  mkdirSync(dir, { recursive: true });
  const img = join(dir, 'ext4-4g.img');
  if (!existsSync(img)) {
    const tmp = `${img}.tmp`;
    execFileSync('truncate', ['-s', '4G', tmp]);
    execFileSync('mkfs.ext4', ['-q', '-F', tmp]);
    execFileSync('mv', [tmp, img]);
  }
  return img;
}

/** Checkpoint cost by relink and by copy, for files of the given sizes (MiB), on the patched kernel. */
export function ioBench(sizesMib: readonly number[]): { rows: IoBenchRow[]; release: string; accel: string } {
  const kernel = guestKernel('patched');
  const dir = mkdtempSync(join(tmpdir(), 'relinklab-iobench-'));
  try {
    const root = initramfsRoot(dir, kernel);
    copyFileSync(buildStatic('kernel-patches/bench/relink-vs-copy.c'), join(root, 'bin', 'relink-vs-copy'));
    copyFileSync(packageFile('kernel-patches/bench/init'), join(root, 'init'));
    execFileSync('chmod', ['+x', join(root, 'init'), join(root, 'bin', 'relink-vs-copy')]);
    writeFileSync(join(root, 'sizes'), `${sizesMib.join(' ')}\n`);
    const img = bigExt4Image();
    const { out, accel } = bootGuest(
      kernel,
      packInitramfs(root),
      sizesMib.map(() => img),
      1_800_000,
    );
    const rows = [...out.matchAll(/RLX-BENCH (\{.*\})/g)].map((m) => JSON.parse(m[1] ?? '{}') as IoBenchRow);
    if (rows.length !== sizesMib.length * 2)
      throw new GuestError(`io bench: ${rows.length} results for ${sizesMib.length} sizes:\n${out.slice(-2000)}`);
    const release = /RLX-BOOTED (\S+)/.exec(out)?.[1] ?? '';
    return { rows, release, accel };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
